//! What a merge finds already in the document, so as not to add it twice:
//! its annotations by span and tag (with their annotators: another
//! annotator's annotation of the same span is their layer, not a
//! duplicate), and its unplaced ones by tag and quote.

use super::relations::End;
use crate::annotation::Tag;
use crate::annotator::AnnotatorId;
use crate::document::Document;
use std::collections::HashMap;

/// The annotations of `doc` by span and tag (with their annotators), and
/// its unplaced ones by tag and quote: what a merge does not add twice.
pub(super) type Existing<'d> = (
    HashMap<(usize, usize, Tag), Vec<(Option<AnnotatorId>, End<'d>)>>,
    HashMap<(Tag, &'d str, &'d str, &'d str), End<'d>>,
);

/// What `doc` has already (see [`Existing`]).
pub(super) fn existing(doc: &Document) -> Existing<'_> {
    let mut present: HashMap<_, Vec<_>> = HashMap::new();
    for a in doc.annotations().filter(|a| !a.is_multipart()) {
        present
            .entry((a.start, a.end, a.tag.clone()))
            .or_default()
            .push((a.annotator.clone(), End::Existing(&a.id)));
    }
    let kept = doc
        .unplaced()
        .iter()
        .map(|u| {
            let key = (
                u.tag.clone(),
                u.exact.as_str(),
                u.prefix.as_str(),
                u.suffix.as_str(),
            );
            (key, End::Existing(&u.id))
        })
        .collect();
    (present, kept)
}

/// The annotation among `there` (same span and tag) that an item by `by`
/// would repeat: one by the same annotator — another annotator's is their
/// own layer, not a duplicate — or any, when the item names no one.
pub(super) fn same_annotator<'d>(
    there: &[(Option<AnnotatorId>, End<'d>)],
    by: Option<&AnnotatorId>,
) -> Option<End<'d>> {
    there
        .iter()
        .find(|(who, _)| by.is_none() || who.as_ref() == by)
        .map(|(_, end)| *end)
}

impl super::ImportPlan {
    /// Gives the file's annotators the document's ids where the document
    /// knows them by name but under another id (a brat `.ann` named after
    /// them, a Label Studio user): a round trip through another tool keeps
    /// one layer per person. Two people of one name would become one layer:
    /// a name is all those formats keep.
    pub fn name_known_annotators(&mut self, doc: &Document) {
        for item in &mut self.items {
            let Some(who) = item.foreign.annotator.as_mut() else {
                continue;
            };
            if who.name.is_empty() || doc.annotator(&who.id).is_some() {
                continue;
            }
            if let Some(known) = doc.annotators().iter().find(|a| a.name == who.name) {
                *who = known.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{ForeignAnnotation, FormatKind, ImportPlan, Planned};
    use crate::selector::{Anchoring, Selector};
    use crate::{Annotator, AnnotatorId, Command, Tag};

    #[test]
    fn annotators_known_by_name_keep_the_documents_id() {
        let mut d = crate::testing::doc("abc def");
        let ana = Annotator::new(AnnotatorId::new("a-ana").unwrap(), "Ana Ruiz");
        d.apply(Command::SetAnnotators(vec![ana.clone()])).unwrap();
        let item = |who: Annotator| Planned {
            foreign: ForeignAnnotation {
                id: None,
                label: "quote".into(),
                selector: Selector::default(),
                note: String::new(),
                created: None,
                modified: None,
                parts: Vec::new(),
                attributes: Default::default(),
                part_quotes: Vec::new(),
                annotator: Some(who),
            },
            anchoring: Anchoring::Exact { start: 0, end: 3 },
            tag: Tag::Quote,
        };
        let brat = Annotator::new(AnnotatorId::new("brat-Ana_Ruiz").unwrap(), "Ana Ruiz");
        let other = Annotator::new(AnnotatorId::new("brat-Bo").unwrap(), "Bo");
        let mut plan = ImportPlan {
            format: FormatKind::Brat,
            items: vec![item(brat), item(other.clone())],
            relations: Vec::new(),
            warnings: Vec::new(),
            codebook: None,
            text: None,
            title: None,
            source: None,
            guesses: Vec::new(),
        };
        plan.name_known_annotators(&d);
        assert_eq!(plan.items[0].foreign.annotator, Some(ana));
        assert_eq!(plan.items[1].foreign.annotator, Some(other));
    }
}
