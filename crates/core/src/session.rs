//! An editing session: a document plus its undo and redo history.

use crate::annotation::Timestamp;
use crate::document::{Applied, Command, CommandError, Document};

/// How many steps the undo history keeps.
pub const UNDO_LIMIT: usize = 10_000;

#[derive(Clone, Debug)]
struct Step {
    inverse: Command,
    /// Steps with the same key that follow each other merge into one undo
    /// step (typing a note letter by letter is undone at once).
    key: Option<String>,
}

/// A document being edited, with undo and redo.
#[derive(Clone, Debug)]
pub struct Session {
    doc: Document,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl Session {
    /// Starts a session with an empty history.
    pub fn new(doc: Document) -> Self {
        Self {
            doc,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The document as it is now.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Gives the document up, dropping the history.
    pub fn into_doc(self) -> Document {
        self.doc
    }

    /// Applies a user's command as a new undo step and clears the redo
    /// history. When `merge_key` equals the key of the latest step, the
    /// command joins that step instead.
    pub fn execute(
        &mut self,
        command: Command,
        merge_key: Option<&str>,
        now: Timestamp,
    ) -> Result<Applied, CommandError> {
        let applied = self.doc.apply(command)?;
        self.doc.touch(now);
        self.redo.clear();
        let merges = merge_key.is_some()
            && self
                .undo
                .last()
                .is_some_and(|s| s.key.as_deref() == merge_key);
        if !merges {
            self.undo.push(Step {
                inverse: applied.inverse.clone(),
                key: merge_key.map(str::to_owned),
            });
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        Ok(applied)
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the latest step; `None` when there is nothing to undo.
    pub fn undo(&mut self, now: Timestamp) -> Option<Applied> {
        let step = self.undo.pop()?;
        let applied = self.replay(step.inverse, now);
        self.redo.push(Step {
            inverse: applied.inverse.clone(),
            key: None,
        });
        Some(applied)
    }

    /// Redoes the latest undone step; `None` when there is nothing to redo.
    pub fn redo(&mut self, now: Timestamp) -> Option<Applied> {
        let step = self.redo.pop()?;
        let applied = self.replay(step.inverse, now);
        self.undo.push(Step {
            inverse: applied.inverse.clone(),
            key: None,
        });
        Some(applied)
    }

    fn replay(&mut self, command: Command, now: Timestamp) -> Applied {
        let applied = self
            .doc
            .apply(command)
            .expect("a recorded inverse always applies to the state it was recorded for");
        self.doc.touch(now);
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Annotation, AnnotationId, Tag};
    use crate::document::tests::{ann, doc, ts};
    use proptest::prelude::*;

    #[test]
    fn note_typing_merges_into_one_step() {
        let mut s = Session::new(doc("some text here"));
        s.execute(Command::Add(ann("a", Tag::Claim, 0, 4)), None, ts("01"))
            .unwrap();
        let after_add = s.doc().clone();
        for (i, note) in ["n", "no", "not", "note"].iter().enumerate() {
            let mut a = s
                .doc()
                .annotation(&AnnotationId::new("a").unwrap())
                .unwrap()
                .clone();
            a.note = note.to_string();
            s.execute(Command::Replace(a), Some("note:a:1"), ts(&format!("1{i}")))
                .unwrap();
        }
        s.undo(ts("20")).unwrap();
        assert_eq!(s.doc().annotations().next().unwrap().note, "");
        assert_eq!(
            s.doc().annotations().collect::<Vec<_>>(),
            after_add.annotations().collect::<Vec<_>>()
        );
        s.redo(ts("21")).unwrap();
        assert_eq!(s.doc().annotations().next().unwrap().note, "note");
        s.undo(ts("22")).unwrap();
        s.undo(ts("23")).unwrap();
        assert!(s.doc().is_empty());
        assert!(!s.can_undo());
        assert!(s.undo(ts("24")).is_none());
    }

    #[test]
    fn new_command_clears_redo() {
        let mut s = Session::new(doc("some text here"));
        s.execute(Command::Add(ann("a", Tag::Claim, 0, 4)), None, ts("01"))
            .unwrap();
        s.undo(ts("02"));
        assert!(s.can_redo());
        s.execute(Command::Add(ann("b", Tag::Quote, 5, 9)), None, ts("03"))
            .unwrap();
        assert!(!s.can_redo());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add(usize, usize, u8),
        Remove(usize),
        Retag(usize, u8),
        Note(usize, String),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..40, 1usize..15, 0u8..3).prop_map(|(s, l, t)| Op::Add(s, l, t)),
            (0usize..8).prop_map(Op::Remove),
            (0usize..8, 0u8..3).prop_map(|(i, t)| Op::Retag(i, t)),
            (0usize..8, "[a-z😀 ]{0,5}").prop_map(|(i, n)| Op::Note(i, n)),
            Just(Op::Undo),
            Just(Op::Redo),
        ]
    }

    proptest! {
        /// After any sequence of edits, undos and redos: redoing what can be
        /// redone, then undoing everything gives back the starting document,
        /// and redoing everything gives back the latest one.
        #[test]
        fn undo_all_then_redo_all(ops in proptest::collection::vec(op(), 1..40)) {
            let start = doc("Tea 🍵 in 東京 at noon.\nShe said: \"e\u{301}té\" was late.");
            let mut s = Session::new(start.clone());
            let mut next_id = 0;
            for op in ops {
                let list: Vec<Annotation> = s.doc().annotations().cloned().collect();
                let pick = |i: usize| list.get(i % list.len().max(1)).cloned();
                let tag = |t: u8| Tag::ALL[t as usize].clone();
                match op {
                    Op::Add(st, len, t) => {
                        next_id += 1;
                        let _ = s.execute(Command::Add(ann(&format!("x{next_id}"), tag(t), st, st + len)), None, ts("01"));
                    }
                    Op::Remove(i) => if let Some(a) = pick(i) {
                        s.execute(Command::Remove(a.id), None, ts("02")).unwrap();
                    },
                    Op::Retag(i, t) => if let Some(mut a) = pick(i) {
                        a.tag = tag(t);
                        s.execute(Command::Replace(a), None, ts("03")).unwrap();
                    },
                    Op::Note(i, n) => if let Some(mut a) = pick(i) {
                        let key = format!("note:{}", a.id);
                        a.note = n;
                        s.execute(Command::Replace(a), Some(&key), ts("04")).unwrap();
                    },
                    Op::Undo => { s.undo(ts("05")); }
                    Op::Redo => { s.redo(ts("06")); }
                }
            }
            while s.redo(ts("06")).is_some() {}
            let end: Vec<Annotation> = s.doc().annotations().cloned().collect();
            while s.undo(ts("07")).is_some() {}
            prop_assert_eq!(s.doc().annotations().cloned().collect::<Vec<_>>(), start.annotations().cloned().collect::<Vec<_>>());
            for t in &Tag::ALL { prop_assert_eq!(s.doc().count(t), 0); }
            while s.redo(ts("08")).is_some() {}
            prop_assert_eq!(s.doc().annotations().cloned().collect::<Vec<_>>(), end);
        }
    }
}
