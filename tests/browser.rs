//! Browser tests: the real app mounted in headless Chromium, driven through
//! the DOM (Range API selections, key events, clicks) and checked against
//! the DOM and the real localStorage.
#![cfg(target_arch = "wasm32")]

mod common;

#[path = "browser/annotating.rs"]
mod annotating;
#[path = "browser/editing.rs"]
mod editing;
#[path = "browser/rendering.rs"]
mod rendering;
#[path = "browser/storage.rs"]
mod storage;
#[path = "browser/text.rs"]
mod text;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
