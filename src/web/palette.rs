//! The style sheet that holds the open document's chosen label colours
//! ([`crate::palette::rules`]): a constructed sheet adopted by the
//! document, which the page's Content-Security-Policy allows (`style-src
//! 'self'` forbids inline `style` attributes and `<style>` elements, not
//! sheets built through the CSS object model).

use wasm_bindgen::JsCast;

thread_local! {
    static SHEET: std::cell::RefCell<Option<web_sys::CssStyleSheet>> = const { std::cell::RefCell::new(None) };
}

/// Puts `css` in the document's palette sheet (made and adopted the first
/// time). Fails quietly: the style sheet's own colours stay.
pub fn set(css: &str) {
    SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = adopt();
        }
        if let Some(sheet) = cell.as_ref() {
            let _ = sheet.replace_sync(css);
        }
    });
}

fn adopt() -> Option<web_sys::CssStyleSheet> {
    let document = web_sys::window()?.document()?;
    let sheet = web_sys::CssStyleSheet::new().ok()?;
    let list = document.adopted_style_sheets();
    list.push(sheet.unchecked_ref());
    document.set_adopted_style_sheets(&list);
    Some(sheet)
}
