//! Keyboard shortcuts that work anywhere on the page.

use crate::state::{Action, AppState};
use crate::web::{self, events::KeyPress, selection};
use marginalia_core::Tag;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// 1, 2, 3: tag the selected text (or retag the selected annotation).
    Tag(Tag),
    /// Ctrl+Z.
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y.
    Redo,
    /// Delete: delete the selected annotation.
    Delete,
    /// Escape: deselect and close panels.
    Escape,
}

/// Maps a key press to a shortcut. Keys typed into text fields are left
/// alone, except undo and redo in the note editor (whose edits are part of
/// the app's history).
pub fn shortcut(k: &KeyPress) -> Option<Shortcut> {
    let key = k.key.as_str();
    if k.ctrl && !k.alt && (!k.in_field || k.in_note) {
        return match (key, k.shift) {
            ("z" | "Z", false) => Some(Shortcut::Undo),
            ("z" | "Z", true) | ("y" | "Y", false) => Some(Shortcut::Redo),
            _ => None,
        };
    }
    if key == "Escape" {
        return Some(Shortcut::Escape);
    }
    if k.in_field || k.ctrl || k.alt {
        return None;
    }
    if key == "Delete" {
        return Some(Shortcut::Delete);
    }
    Tag::from_key(key).map(Shortcut::Tag)
}

/// Listens for shortcuts while the app is mounted.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>, has_selected: bool) {
    let selected = use_mut_ref(|| Rc::new(Cell::new(false)));
    let flag = selected.borrow().clone();
    flag.set(has_selected);
    use_effect_with((), move |_| {
        let listener = web::events::on_keydown(move |k| {
            let Some(s) = shortcut(k) else { return false };
            match s {
                Shortcut::Tag(tag) => {
                    let span = selection::article().and_then(|a| selection::selected_span(&a));
                    match span {
                        Some((start, end)) => {
                            dispatch.dispatch(Action::TagSpan {
                                start,
                                end,
                                tag,
                                id: web::new_annotation_id(),
                                now: web::now(),
                            });
                            selection::clear();
                        }
                        None if flag.get() => dispatch.dispatch(Action::Retag(tag, web::now())),
                        None => return false,
                    }
                }
                Shortcut::Undo => dispatch.dispatch(Action::Undo(web::now())),
                Shortcut::Redo => dispatch.dispatch(Action::Redo(web::now())),
                Shortcut::Delete if flag.get() => {
                    dispatch.dispatch(Action::DeleteSelected(web::now()))
                }
                Shortcut::Delete => return false,
                Shortcut::Escape => {
                    dispatch.dispatch(Action::Select(None));
                    dispatch.dispatch(Action::ShowPanel(crate::state::Panel::Closed));
                    return false;
                }
            }
            true
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str, ctrl: bool, shift: bool, in_field: bool, in_note: bool) -> KeyPress {
        KeyPress {
            key: key.into(),
            ctrl,
            shift,
            alt: false,
            in_field,
            in_note,
        }
    }

    #[test]
    fn digits_tag_outside_fields_only() {
        assert_eq!(
            shortcut(&key("2", false, false, false, false)),
            Some(Shortcut::Tag(Tag::Source))
        );
        assert_eq!(shortcut(&key("2", false, false, true, false)), None);
        assert_eq!(shortcut(&key("2", true, false, false, false)), None);
        assert_eq!(shortcut(&key("4", false, false, false, false)), None);
    }

    #[test]
    fn undo_redo_keys() {
        assert_eq!(
            shortcut(&key("z", true, false, false, false)),
            Some(Shortcut::Undo)
        );
        assert_eq!(
            shortcut(&key("Z", true, true, false, false)),
            Some(Shortcut::Redo)
        );
        assert_eq!(
            shortcut(&key("y", true, false, false, false)),
            Some(Shortcut::Redo)
        );
        assert_eq!(
            shortcut(&key("z", true, false, true, true)),
            Some(Shortcut::Undo),
            "in the note editor"
        );
        assert_eq!(
            shortcut(&key("z", true, false, true, false)),
            None,
            "in another field"
        );
    }

    #[test]
    fn delete_and_escape() {
        assert_eq!(
            shortcut(&key("Delete", false, false, false, false)),
            Some(Shortcut::Delete)
        );
        assert_eq!(shortcut(&key("Delete", false, false, true, false)), None);
        assert_eq!(
            shortcut(&key("Escape", false, false, true, false)),
            Some(Shortcut::Escape)
        );
    }
}
