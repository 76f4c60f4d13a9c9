//! A Marginalia file of the same text as the open document, made by other
//! annotators, imported onto it as their layers: its annotations become an
//! import plan placed exactly where they are (the text is the same), with
//! their annotators and relations, for the usual summary and choice.

use super::{ForeignAnnotation, ForeignRelation, FormatKind, ImportPlan, Planned};
use crate::anchor::TextQuote;
use crate::selector::{Anchoring, Position, Selector, Unit};
use crate::{AnnotatorId, Document};
use std::collections::HashMap;

/// True when `incoming` is another annotator's work to add to `open`'s: the
/// same text, an annotation naming someone other than `me`, and work in
/// `open` already (an untouched copy is simply replaced by the file, as any
/// Marginalia file opens).
pub fn is_layer_of(incoming: &Document, open: &Document, me: &AnnotatorId) -> bool {
    (!open.is_empty() || !open.unplaced().is_empty())
        && incoming.text() == open.text()
        && incoming
            .annotations()
            .any(|a| a.annotator.as_ref().is_some_and(|w| w != me))
}

/// The plan that adds `incoming`'s annotations (placed exactly) and
/// relations to a document of the same text.
pub fn plan_of(incoming: &Document) -> ImportPlan {
    // An annotation that names no one (or no one the file knows) is the
    // file's one annotator's, or else the file's own, unnamed: never the
    // importer's.
    let fallback = match incoming.annotators() {
        [one] => one.clone(),
        _ => crate::Annotator::new(
            AnnotatorId::new(format!("file-{}", incoming.id()))
                .unwrap_or_else(|_| AnnotatorId::new("file").expect("a valid id")),
            &format!("Not recorded in “{}”", incoming.meta().title),
        ),
    };
    let mut index: HashMap<&crate::AnnotationId, usize> = HashMap::new();
    let items = incoming
        .annotations()
        .enumerate()
        .map(|(i, a)| {
            index.insert(&a.id, i);
            planned(incoming, a, &fallback)
        })
        .collect();
    let relations = incoming
        .relations()
        .iter()
        .filter_map(|r| {
            Some(ForeignRelation {
                id: Some(r.id.to_string()),
                kind: r.kind.as_str().to_string(),
                from: *index.get(&r.from)?,
                to: *index.get(&r.to)?,
                note: r.note.clone(),
            })
        })
        .collect();
    ImportPlan {
        format: FormatKind::Marginalia,
        items,
        relations,
        warnings: Vec::new(),
        codebook: None,
        text: Some(incoming.text().as_str().to_string()),
        title: Some(incoming.meta().title.clone()),
        source: incoming.meta().source.clone(),
        guesses: Vec::new(),
    }
}

/// `a` of `incoming` as an item placed exactly, by its annotator (or
/// `fallback`).
fn planned(incoming: &Document, a: &crate::Annotation, fallback: &crate::Annotator) -> Planned {
    let parts: Vec<std::ops::Range<usize>> = if a.is_multipart() {
        a.parts().collect()
    } else {
        Vec::new()
    };
    Planned {
        foreign: ForeignAnnotation {
            id: Some(a.id.to_string()),
            label: a.tag.as_str().to_string(),
            selector: Selector {
                position: Some(Position {
                    start: a.start,
                    end: a.end,
                    unit: Unit::CodePoint,
                }),
                quote: Some(TextQuote {
                    exact: incoming.quote(a).to_string(),
                    prefix: String::new(),
                    suffix: String::new(),
                }),
            },
            note: a.note.clone(),
            created: Some(a.created.clone()),
            modified: Some(a.modified.clone()),
            part_quotes: parts
                .iter()
                .map(|p| incoming.text().slice(p.clone()).to_string())
                .collect(),
            parts,
            attributes: a.attributes.clone(),
            annotator: Some(
                a.annotator
                    .as_ref()
                    .and_then(|id| incoming.annotator(id))
                    .unwrap_or(fallback)
                    .clone(),
            ),
        },
        anchoring: Anchoring::Exact {
            start: a.start,
            end: a.end,
        },
        tag: a.tag.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Mode;
    use crate::testing::{ann, doc, ts};
    use crate::{AnnotationId, Annotator, Command, Tag};

    #[test]
    fn another_annotators_file_of_the_same_text_adds_their_layer() {
        let text = "Ana said “no” 😀 today.";
        let (me, ana) = (
            AnnotatorId::new("a-me").unwrap(),
            Annotator::new(AnnotatorId::new("a-ana").unwrap(), "Ana"),
        );
        let mut open = doc(text);
        let mut mine = ann("m", Tag::Quote, 9, 13);
        mine.annotator = Some(me.clone());
        open.apply(Command::Add(mine)).unwrap();
        let mut theirs = doc(text);
        theirs
            .apply(Command::SetAnnotators(vec![ana.clone()]))
            .unwrap();
        for (id, tag, s, e) in [("a1", Tag::Source, 0, 3), ("a2", Tag::Quote, 9, 13)] {
            let mut a = ann(id, tag, s, e);
            a.annotator = Some(ana.id.clone());
            theirs.apply(Command::Add(a)).unwrap();
        }
        assert!(is_layer_of(&theirs, &open, &me));
        assert!(!is_layer_of(&open, &open, &me), "my own");
        assert!(!is_layer_of(&theirs, &doc("another text"), &me));
        assert!(
            !is_layer_of(&theirs, &doc(text), &me),
            "an untouched copy is replaced"
        );
        let plan = plan_of(&theirs);
        let mut n = 0;
        let (command, effect) = plan.command(&open, Mode::Merge, &ts("02"), &mut || {
            n += 1;
            AnnotationId::new(format!("n{n}")).unwrap()
        });
        assert_eq!(
            (effect.placed, effect.duplicates),
            (2, 0),
            "Ana's quote on my span is hers"
        );
        open.apply(command).unwrap();
        assert_eq!(open.len(), 3);
        assert_eq!(open.annotator(&ana.id), Some(&ana));
        // One of the file's that names no one is Ana's too, not mine.
        let mut unnamed = theirs.clone();
        unnamed
            .apply(Command::Add(ann("a3", Tag::Claim, 14, 15)))
            .unwrap();
        let plan = plan_of(&unnamed);
        assert!(plan
            .items
            .iter()
            .all(|i| i.foreign.annotator.as_ref() == Some(&ana)));
    }
}
