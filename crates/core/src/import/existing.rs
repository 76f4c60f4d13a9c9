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
