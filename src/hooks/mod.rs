//! Custom hooks.

mod use_autosave;
mod use_shortcuts;

pub use use_autosave::use_autosave;
pub use use_shortcuts::{shortcut, use_shortcuts, Shortcut};
