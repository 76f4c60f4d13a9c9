//! Marginalia's web app: a Yew front end over `marginalia-core`.
//!
//! `src/web/` is the only module that touches browser APIs; everything else
//! works with plain values and the core's types.
#![deny(missing_docs)]

pub mod actions;
pub mod app;
pub mod components;
pub mod engine;
pub mod hooks;
pub mod layers;
pub mod listing;
pub mod loading;
pub mod metrics;
pub mod pages;
pub mod palette;
pub mod persist;
pub mod progress;
pub mod sample;
pub mod state;
pub mod sync;
pub mod texts;
pub mod view;
pub mod web;
pub mod words;

pub use app::App;

/// Installs the panic banner, reads the library and mounts the app into
/// `<body>`. A long document is read in steps of a task each, then its
/// view is built in a task and the app mounted in another, so that the
/// page is never held for long.
pub fn start() {
    web::panic::install();
    wasm_bindgen_futures::spawn_local(async {
        let persist = persist::Persist::in_browser();
        let boot = persist.boot_in_steps(&web::pause).await;
        web::pause().await;
        app::boot_ahead(persist, boot);
        web::pause().await;
        yew::Renderer::<App>::new().render();
    });
}
