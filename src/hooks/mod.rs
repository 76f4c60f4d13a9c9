//! Custom hooks.

mod use_autosave;
mod use_drop_zone;
mod use_shortcuts;
mod use_sync;
mod use_tab_sync;

pub use use_autosave::use_autosave;
pub use use_drop_zone::{use_drop_zone, DropZone};
pub use use_shortcuts::{shortcut, tag_keys, use_shortcuts, Shortcut};
pub use use_sync::{use_sync, SyncContext};
pub use use_tab_sync::use_tab_sync;
