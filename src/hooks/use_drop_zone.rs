//! Dropping files anywhere on the app: the hint while files are dragged
//! over it, and what the drop opens.

use crate::actions::{self, AppContext};
use crate::loading::Intent;
use crate::web::files;
use yew::prelude::*;

/// The drop zone's handlers and whether files are being dragged over it.
pub struct DropZone {
    /// True while files are dragged over the app.
    pub dragging: bool,
    /// For `ondragover`.
    pub ondragover: Callback<DragEvent>,
    /// For `ondragleave`.
    pub ondragleave: Callback<DragEvent>,
    /// For `ondrop`.
    pub ondrop: Callback<DragEvent>,
}

/// Makes the element given the handlers a drop zone for articles and
/// annotation files.
#[hook]
pub fn use_drop_zone(state: &AppContext) -> DropZone {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if files::drag_has_files(&e) {
                e.prevent_default();
                if !*dragging {
                    dragging.set(true);
                    // Files may be another tool's: the engine gets ready.
                    crate::engine::prepare();
                }
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let state = state.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            actions::open_files(&state, files::files_from_drop(&e), Intent::Any);
        })
    };
    DropZone {
        dragging: *dragging,
        ondragover,
        ondragleave,
        ondrop,
    }
}
