//! Keyboard shortcuts that work anywhere on the page.

use crate::state::{Action, AppState};
use crate::web::{self, events::KeyPress, selection};
use marginalia_core::Tag;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// A digit 1–9 or a letter (lower case): tag the selected text (or
    /// retag the selected annotation) with the tag the codebook gives this
    /// key (by default 1, 2, 3 are Claim, Source, Quote, then the
    /// document's labels in order).
    Tag(char),
    /// Ctrl+Z.
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y.
    Redo,
    /// Delete: delete the selected annotation.
    Delete,
    /// Escape: stop making a relation, or deselect and close panels.
    Escape,
    /// L: make a relation from the selected annotation.
    Link,
    /// Shift+A: add the selected text to the selected annotation as
    /// another part.
    AddPart,
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
    if key == "l" || key == "L" {
        return Some(Shortcut::Link);
    }
    if k.shift && (key == "A" || key == "a") {
        return Some(Shortcut::AddPart);
    }
    match key.as_bytes() {
        [d @ b'1'..=b'9'] => Some(Shortcut::Tag(char::from(*d))),
        [c] if c.is_ascii_alphabetic() && !k.shift => {
            Some(Shortcut::Tag(char::from(c.to_ascii_lowercase())))
        }
        _ => None,
    }
}

/// The keys of a document's tags, as its codebook binds them (the
/// defaults of their places where it says nothing): `(key, tag)`, keys in
/// lower case.
pub fn tag_keys(doc: &marginalia_core::Document) -> Vec<(char, Tag)> {
    let codebook = doc.codebook();
    doc.shown_tags()
        .into_iter()
        .filter_map(|(i, t)| {
            let key = codebook.def_or_default(&t, i).key?;
            Some((key.to_ascii_lowercase(), t))
        })
        .collect()
}

/// Listens for shortcuts while the app is mounted.
#[hook]
pub fn use_shortcuts(
    dispatch: UseReducerDispatcher<AppState>,
    has_selected: bool,
    tags: Vec<(char, Tag)>,
) {
    let selected = use_mut_ref(|| Rc::new(Cell::new(false)));
    let flag = selected.borrow().clone();
    flag.set(has_selected);
    let known = use_mut_ref(|| Rc::new(RefCell::new(Vec::new())));
    let tags_now = known.borrow().clone();
    *tags_now.borrow_mut() = tags;
    use_effect_with((), move |_| {
        let listener = web::events::on_keydown(move |k| {
            let Some(s) = shortcut(k) else { return false };
            match s {
                Shortcut::Tag(key) => {
                    let found = tags_now.borrow().iter().find(|(k, _)| *k == key).cloned();
                    let Some((_, tag)) = found else {
                        return false;
                    };
                    let span = selection::article_span();
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
                Shortcut::Link if flag.get() => dispatch.dispatch(Action::StartLink),
                Shortcut::Link => return false,
                Shortcut::AddPart if flag.get() => {
                    let span = selection::article_span().map(|(start, end)| start..end);
                    dispatch.dispatch(Action::AddPart {
                        span,
                        now: web::now(),
                    });
                    selection::clear();
                }
                Shortcut::AddPart => return false,
                Shortcut::Escape => {
                    dispatch.dispatch(Action::Escape);
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
            Some(Shortcut::Tag('2'))
        );
        assert_eq!(
            shortcut(&key("9", false, false, false, false)),
            Some(Shortcut::Tag('9'))
        );
        assert_eq!(
            shortcut(&key("Q", false, false, false, false)),
            Some(Shortcut::Tag('q')),
            "a letter a codebook may bind"
        );
        assert_eq!(shortcut(&key("Q", false, true, false, false)), None);
        assert_eq!(shortcut(&key("0", false, false, false, false)), None);
        assert_eq!(shortcut(&key("12", false, false, false, false)), None);
        assert_eq!(shortcut(&key("2", false, false, true, false)), None);
        assert_eq!(shortcut(&key("2", true, false, false, false)), None);
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
            shortcut(&key("l", false, false, false, false)),
            Some(Shortcut::Link)
        );
        assert_eq!(
            shortcut(&key("A", false, true, false, false)),
            Some(Shortcut::AddPart)
        );
        assert_eq!(
            shortcut(&key("a", false, false, false, false)),
            Some(Shortcut::Tag('a')),
            "a plain a is a tag key (the codebook never binds it)"
        );
        assert_eq!(
            shortcut(&key("A", false, true, true, false)),
            None,
            "typed in a field"
        );
        assert_eq!(
            shortcut(&key("l", false, false, true, false)),
            None,
            "typing an l"
        );
        assert_eq!(
            shortcut(&key("Escape", false, false, true, false)),
            Some(Shortcut::Escape)
        );
    }
}
