//! Which blocks of the article are near the viewport, from an
//! `IntersectionObserver` (the browser computes it after layout, off the
//! critical path of scrolling).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How far outside the viewport a block counts as near, so its highlights
/// are drawn before it scrolls into view.
const MARGIN: &str = "2000px 0px 2000px 0px";

/// Watches the elements with a `data-block` attribute inside a root and
/// reports the indices of those that come near the viewport. Stops when
/// dropped.
pub struct NearWatcher {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl NearWatcher {
    /// Starts watching the `[data-block]` children of the element behind
    /// `root`; `on_near` gets the block indices that came near, in batches.
    pub fn start(root: &yew::NodeRef, on_near: impl Fn(Vec<usize>) + 'static) -> Option<Self> {
        let root = root.cast::<Element>()?;
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near: Vec<usize> = entries
                .iter()
                .filter_map(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
                .filter(|e| e.is_intersecting())
                .filter_map(|e| e.target().get_attribute("data-block")?.parse().ok())
                .collect();
            if !near.is_empty() {
                on_near(near);
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(MARGIN);
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                .ok()?;
        let blocks = root.query_selector_all("[data-block]").ok()?;
        for i in 0..blocks.length() {
            if let Some(el) = blocks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                observer.observe(&el);
            }
        }
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for NearWatcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
