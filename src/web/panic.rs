//! The last line of defence: if the app ever panics, the user gets a clear
//! message instead of a page that silently stops responding.

use std::sync::Once;

/// The message shown when the app stops after an internal error.
pub const MESSAGE: &str =
    "Marginalia stopped after an internal error. Your work is saved up to your \
last change before this message; reload the page to continue. If it happens again, export your \
document and report the problem.";

/// Installs a panic hook that logs the panic to the console and shows
/// [`MESSAGE`] in a `role="alert"` banner (set as text, never as HTML).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("Marginalia panicked: {info}").into());
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Some(body) = doc.body() else { return };
            if let Ok(banner) = doc.create_element("div") {
                banner.set_class_name("fatal");
                let _ = banner.set_attribute("role", "alert");
                banner.set_text_content(Some(MESSAGE));
                let _ = body.prepend_with_node_1(&banner);
            }
        }));
    });
}
