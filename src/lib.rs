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
pub mod listing;
pub mod loading;
pub mod metrics;
pub mod persist;
pub mod progress;
pub mod sample;
pub mod state;
pub mod texts;
pub mod view;
pub mod web;
pub mod words;

pub use app::App;

/// Installs the panic banner and mounts the app into `<body>`.
pub fn start() {
    web::panic::install();
    yew::Renderer::<App>::new().render();
}
