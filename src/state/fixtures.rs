//! What the state's tests share: a small document and a way to tag it.

use super::{Action, AppState};
use crate::persist::Persist;
use marginalia_core::{AnnotationId, Document, DocumentId, Index, Metadata, Tag, Text, Timestamp};
use std::rc::Rc;
use yew::Reducible;

/// A time on the test day, `seconds` past 10:00.
pub(super) fn ts(seconds: &str) -> Timestamp {
    Timestamp::new(format!("2026-11-24T10:00:{seconds}Z")).unwrap()
}

/// The state showing the document "x": `  Alpha beta.\nGamma delta.`.
pub(super) fn state() -> Rc<AppState> {
    let doc = Document::new(
        DocumentId::new("x").unwrap(),
        Metadata {
            title: "X".into(),
            ..Metadata::default()
        },
        Text::new("  Alpha beta.\nGamma delta."),
        ts("00"),
    );
    Rc::new(AppState::new(
        doc,
        true,
        Index::new(),
        Vec::new(),
        Persist::in_memory(),
    ))
}

/// `state` after tagging `start..end` as `tag` with the id `id`.
pub(super) fn tag(
    state: &Rc<AppState>,
    start: usize,
    end: usize,
    tag: Tag,
    id: &str,
) -> Rc<AppState> {
    state.clone().reduce(Action::TagSpan {
        start,
        end,
        tag,
        id: AnnotationId::new(id).unwrap(),
        now: ts("01"),
    })
}
