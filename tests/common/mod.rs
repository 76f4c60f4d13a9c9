//! Helpers for the browser tests: mounting the app, selecting text with the
//! DOM Range API, pressing keys, and waiting for conditions.

#![allow(dead_code)]

mod fixtures;

pub use fixtures::*;

use marginalia::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, KeyboardEvent, KeyboardEventInit, Node, Storage};
use yew::AppHandle;

/// The page's document.
pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The page's localStorage.
pub fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

thread_local! {
    /// Apps mounted by tests. A failed test does not unwind, so its app is
    /// unmounted by the next `mount` instead.
    static MOUNTED: std::cell::RefCell<Vec<(AppHandle<App>, Element)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A mounted app's root element.
pub struct Mounted {
    pub root: Element,
}

/// Unmounts every app mounted by a test (each saves its work as it goes).
pub fn unmount_all() {
    for (handle, root) in MOUNTED.with(|m| m.borrow_mut().drain(..).collect::<Vec<_>>()) {
        handle.destroy();
        root.remove();
    }
    if let Some(s) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = s.remove_all_ranges();
    }
}

/// Mounts the app into a fresh element (unmounting any earlier one) and
/// waits for the first render.
pub async fn mount() -> Mounted {
    unmount_all();
    yew::scheduler::flush().await;
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|m| m.borrow_mut().push((handle, root.clone())));
    yew::scheduler::flush().await;
    Mounted { root }
}

/// Lets pending renders run.
pub async fn settle() {
    yew::scheduler::flush().await;
}

/// Waits until `cond` holds, checking every 10 ms, failing after 5 s.
pub async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        yew::scheduler::flush().await;
    }
    panic!("timed out waiting for {what}");
}

/// All elements matching `selector` inside `root`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into::<Element>().unwrap())
        .collect()
}

/// The first element matching `selector` inside `root`.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text_nodes(node: &Node, out: &mut Vec<Node>) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let c = children.item(i).unwrap();
        if c.node_type() == Node::TEXT_NODE {
            out.push(c);
        } else {
            text_nodes(&c, out);
        }
    }
}

/// Selects the first occurrence of `phrase` in the article with the DOM
/// Range API (UTF-16 offsets, as a browser reports them). The phrase must lie
/// in one text node.
pub fn select_phrase(root: &Element, phrase: &str) {
    let article = one(root, "[data-testid=\"article\"]");
    let mut nodes = Vec::new();
    text_nodes(&article, &mut nodes);
    for n in nodes {
        let text = n.text_content().unwrap();
        if let Some(byte) = text.find(phrase) {
            let start = text[..byte].encode_utf16().count() as u32;
            let end = start + phrase.encode_utf16().count() as u32;
            select_dom(&n, start, &n, end);
            return;
        }
    }
    panic!("phrase {phrase:?} not found in the article");
}

/// Selects from (`a`, `ao`) to (`b`, `bo`) with the DOM Range API.
pub fn select_dom(a: &Node, ao: u32, b: &Node, bo: u32) {
    let range = document().create_range().unwrap();
    range.set_start(a, ao).unwrap();
    range.set_end(b, bo).unwrap();
    let sel = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    sel.remove_all_ranges().unwrap();
    sel.add_range(&range).unwrap();
}

/// Presses a key on the page (a bubbling `keydown` on the focused element
/// or the body).
pub fn press(key: &str, ctrl: bool, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: HtmlElement = document()
        .active_element()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| document().body().unwrap());
    target.dispatch_event(&event).unwrap();
}

/// Clicks the button whose text is exactly `label`.
pub fn click_button(root: &Element, label: &str) {
    let button = all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?}"));
    button.dyn_into::<HtmlElement>().unwrap().click();
}

/// Unmounts earlier apps (which save their pending work as they go), then
/// empties storage.
pub async fn clear_storage() {
    unmount_all();
    yew::scheduler::flush().await;
    storage().clear().unwrap();
}

/// Fills localStorage to the last character, with keys
/// `filler-<size>-<n>` for chunks of 256 KiB, 16 KiB, 1 KiB, 64 and 1
/// characters.
pub fn fill_storage() {
    for size in [256 * 1024, 16 * 1024, 1024, 64, 1] {
        let chunk = "x".repeat(size);
        let mut n = 0;
        while storage()
            .set_item(&format!("filler-{size}-{n}"), &chunk)
            .is_ok()
        {
            n += 1;
        }
    }
}
