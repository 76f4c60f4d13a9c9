//! The only door to browser APIs. Everything that touches `web-sys`,
//! `js-sys` or `gloo` lives here; the rest of the app calls these functions
//! with plain Rust values.

pub mod couch;
pub mod dom;
pub mod engine;
pub mod events;
pub mod files;
pub mod palette;
pub mod panic;
pub mod selection;
pub mod storage;
pub mod visibility;

use marginalia_core::{AnnotationId, DocumentId, Timestamp};

/// The current time as an RFC 3339 UTC timestamp (millisecond precision).
pub fn now() -> Timestamp {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    Timestamp::new(iso)
        .unwrap_or_else(|_| Timestamp::new("1970-01-01T00:00:00Z").expect("constant is valid"))
}

/// A random version-4 UUID from the browser's cryptographic generator
/// (available on plain http too, unlike `crypto.randomUUID`).
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut b).ok())
        .is_some();
    if !filled {
        // No crypto: fall back to Math.random, still unique enough for ids.
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `texts` lower-cased by the browser's `toLowerCase` (Unicode's full case
/// mapping), in one call across the boundary: joined by NUL, then split.
/// (Rust's `to_lowercase` would bring Unicode's case tables, ~7 KB gzip,
/// into the page.)
pub fn lower_case_all(texts: &[String]) -> Vec<String> {
    let lower = |s: &str| String::from(js_sys::JsString::from(s).to_lower_case());
    let joined = lower(&texts.join("\0"));
    let parts: Vec<String> = joined.split('\0').map(str::to_string).collect();
    if parts.len() == texts.len() {
        parts
    } else {
        // A text held a NUL (or there were none): one call each.
        texts.iter().map(|t| lower(t)).collect()
    }
}

/// `v` as JavaScript writes it: the shortest text that reads back as the
/// same number (full precision, for `data-value`). Rust's own float
/// formatting would add its tables to the page.
pub fn number_text(v: f64) -> String {
    js_sys::Number::from(v)
        .to_string_with_radix(10)
        .map_or_else(|_| String::new(), String::from)
}

/// `v` with `digits` decimals, to show (`Number.toFixed`).
pub fn fixed(v: f64, digits: u8) -> String {
    js_sys::Number::from(v)
        .to_fixed(digits)
        .map_or_else(|_| String::new(), String::from)
}

/// A fresh annotation id.
pub fn new_annotation_id() -> AnnotationId {
    AnnotationId::new(uuid()).expect("a UUID is a valid id")
}

/// A fresh relation id.
pub fn new_relation_id() -> marginalia_core::RelationId {
    marginalia_core::RelationId::new(uuid()).expect("a UUID is a valid id")
}

/// A fresh document id.
pub fn new_document_id() -> DocumentId {
    DocumentId::new(uuid()).expect("a UUID is a valid id")
}

/// A future that resolves in a task of its own, after the browser has
/// handled what is waiting (input, a frame). A message to oneself, not a
/// timer: browsers delay nested zero-delay timers by 4 ms, a message not.
pub fn pause() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            // No channel (never seen): go on at once.
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            return;
        };
        channel.port1().set_onmessage(Some(&resolve));
        let _ = channel
            .port2()
            .post_message(&wasm_bindgen::JsValue::UNDEFINED);
    });
    Box::pin(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    })
}

/// Calls `f` once, `ms` milliseconds from now.
pub fn later(ms: u32, f: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(ms, f).forget();
}

/// Milliseconds since the epoch, by the browser's clock.
pub fn clock_ms() -> f64 {
    js_sys::Date::now()
}
