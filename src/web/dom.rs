//! Small DOM helpers: reading form values, scrolling to and flashing a
//! highlight.

use marginalia_core::AnnotationId;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::events::{Event, InputEvent};
use yew::NodeRef;

/// The value of the input or textarea an `input`/`change` event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// Whether the checkbox a `change` event came from is checked.
pub fn event_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The value of an `input` event's field.
pub fn input_value(e: &InputEvent) -> String {
    event_value(e)
}

/// The value of the textarea behind `node`.
pub fn textarea_value(node: &NodeRef) -> String {
    node.cast::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

/// The value of the input behind `node`.
pub fn input_text(node: &NodeRef) -> String {
    node.cast::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Empties the input behind `node`.
pub fn clear_input(node: &NodeRef) {
    if let Some(i) = node.cast::<web_sys::HtmlInputElement>() {
        i.set_value("");
    }
}

/// Moves keyboard focus to the element behind `node`.
pub fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// Gives the focus to the element with this id, if there is one.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Quotes `s` as a CSS string.
fn css_string(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// The highlight elements of an annotation, in document order.
pub fn highlight_elements(id: &AnnotationId) -> Vec<Element> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let selector = format!(
        "[data-testid=\"article\"] [data-annotation-ids~={}]",
        css_string(id.as_str())
    );
    let Ok(list) = doc.query_selector_all(&selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Scrolls the article so the annotation is in view and briefly flashes it.
/// Done in the next frame, once the render that draws its highlights (its
/// block may have been plain text) has happened.
pub fn reveal(id: &AnnotationId) {
    let id = id.clone();
    next_frame(move || {
        let marks = highlight_elements(&id);
        let Some(first) = marks.first() else { return };
        let opts = ScrollIntoViewOptions::new();
        opts.set_block(ScrollLogicalPosition::Center);
        opts.set_behavior(ScrollBehavior::Smooth);
        first.scroll_into_view_with_scroll_into_view_options(&opts);
        for m in &marks {
            flash(m);
        }
    });
}

/// Plays a short outline animation on `el` (Web Animations API, called
/// dynamically because web-sys marks `Element.animate` unstable).
fn flash(el: &Element) {
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(o, &k.into(), &v);
    };
    let frame = |color: &str| {
        let o = js_sys::Object::new();
        set(&o, "outlineColor", color.into());
        set(&o, "outlineWidth", "3px".into());
        set(&o, "outlineStyle", "solid".into());
        JsValue::from(o)
    };
    let frames = js_sys::Array::of3(
        &frame("rgba(220,38,38,0)"),
        &frame("rgba(220,38,38,1)"),
        &frame("rgba(220,38,38,0)"),
    );
    let opts = js_sys::Object::new();
    set(&opts, "duration", 900.into());
    set(&opts, "iterations", 2.into());
    if let Ok(animate) =
        js_sys::Reflect::get(el, &"animate".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = animate.call2(el, &frames, &opts);
    }
}

/// The annotations covering the highlight a mouse event happened on
/// (empty when it was not on a highlight).
pub fn annotation_ids_at(e: &yew::events::MouseEvent) -> Vec<AnnotationId> {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-annotation-ids]").ok().flatten())
        .and_then(|mark| mark.get_attribute("data-annotation-ids"))
        .map(|ids| {
            ids.split_whitespace()
                .filter_map(|id| AnnotationId::new(id).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Lays out a virtualised list: its rendered window starts `top` pixels down
/// and the list is `height` pixels tall (set through the CSSOM, which the
/// page's Content-Security-Policy allows, unlike style attributes).
/// Whole pixels are formatted as integers (formatting floats would add 10 KB
/// of code to the bundle).
pub fn set_list_geometry(list: &NodeRef, top: f64, height: f64) {
    let (top, height) = (top.round() as i64, height.round() as i64);
    if let Some(el) = list.cast::<HtmlElement>() {
        let style = el.style();
        let _ = style.set_property("padding-top", &format!("{top}px"));
        let _ = style.set_property("height", &format!("{height}px"));
    }
}

/// How far the element behind `node` is scrolled, in pixels.
pub fn scroll_top(node: &NodeRef) -> f64 {
    node.cast::<Element>()
        .map_or(0.0, |e| f64::from(e.scroll_top()))
}

/// The visible height of the element behind `node`, in pixels.
pub fn client_height(node: &NodeRef) -> f64 {
    node.cast::<Element>()
        .map_or(0.0, |e| f64::from(e.client_height()))
}

/// Scrolls the element behind `node` to `top` pixels at the start of the
/// next frame (scrolling now, right after a change, would force an extra
/// style and layout pass).
pub fn set_scroll_top(node: &NodeRef, top: f64) {
    if let Some(e) = node.cast::<Element>() {
        next_frame(move || e.set_scroll_top(top.round() as i32));
    }
}

/// Runs `f` at the start of the next frame: after the pending render, and
/// without forcing an extra style and layout pass.
pub fn next_frame(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let f = wasm_bindgen::closure::Closure::once_into_js(f);
        let _ = window.request_animation_frame(f.unchecked_ref());
    }
}

/// Closes the `<details>` menu that the clicked element is in, and puts
/// the focus back on its `<summary>` (the focused item disappears).
pub fn close_menu(e: &yew::events::MouseEvent) {
    close_menu_of(e.target());
}

/// Closes the `<details>` menu a key press happened in (see [`close_menu`]).
pub fn close_menu_from(e: &yew::events::KeyboardEvent) {
    close_menu_of(e.target());
}

fn close_menu_of(target: Option<web_sys::EventTarget>) {
    let menu = target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
        if let Some(summary) = menu
            .query_selector("summary")
            .ok()
            .flatten()
            .and_then(|s| s.dyn_into::<HtmlElement>().ok())
        {
            let _ = summary.focus();
        }
    }
}

/// Where each annotation's first highlight is drawn, for the connectors:
/// the left edge of the text column (the element behind `column`) and the
/// middle of the first line of each highlight (`None` for one not drawn:
/// its block is far from the view), in whole pixels from the top left of
/// the element behind `frame`. `None` when the frame is not in the page.
pub fn highlight_rows(
    frame: &NodeRef,
    column: &NodeRef,
    ids: &[&AnnotationId],
) -> Option<(i64, Vec<Option<i64>>)> {
    /// At most the height of one line of the article's text.
    const LINE: f64 = 34.0;
    let origin = frame.cast::<Element>()?.get_bounding_client_rect();
    let left = column.cast::<Element>()?.get_bounding_client_rect().left() - origin.left();
    let rows = ids
        .iter()
        .map(|id| {
            let first = highlight_elements(id).into_iter().next()?;
            let r = first.get_bounding_client_rect();
            Some((r.top() - origin.top() + r.height().min(LINE) / 2.0).round() as i64)
        })
        .collect();
    Some((left.round() as i64, rows))
}

/// Calls `f` whenever the window is resized, until the listener returned
/// is dropped.
pub fn on_resize(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "resize",
        move |_| f(),
    ))
}

/// Scrolls the element of `container` marked `aria-current="true"` into
/// view within it, if it is out of view (the current item of a list).
pub fn show_current(container: &NodeRef) {
    let Some(el) = container.cast::<Element>() else {
        return;
    };
    if let Ok(Some(current)) = el.query_selector("[aria-current=\"true\"]") {
        let opts = ScrollIntoViewOptions::new();
        opts.set_block(ScrollLogicalPosition::Nearest);
        current.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}

/// True when a key event happened on a control that acts on Enter itself
/// (a button, link, field or menu).
pub fn on_control(e: &yew::events::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "BUTTON" | "A" | "INPUT" | "TEXTAREA" | "SELECT" | "SUMMARY"
            )
        })
}
