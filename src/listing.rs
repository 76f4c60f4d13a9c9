//! The annotation list's data: filtering, and the window of rows to render.
//!
//! The list is virtualised: rows have a fixed height and only a window of
//! [`WINDOW`] rows around the visible ones is rendered, so a document with
//! 10,000 annotations costs the same to list as one with 200.

use marginalia_core::{Annotation, AnnotationId, Document, Placement, Tag};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Height of one row, in CSS pixels (kept in step with `.annotation-item`
/// in styles/panels.css).
pub const ROW_HEIGHT: f64 = 84.0;
/// Rows rendered at once (all of them, for lists up to this long). With
/// [`STEP`], the window always covers at least 20 rows from the first
/// visible one (a 1,680 px tall list); fewer rows mean less to re-render and
/// repaint when a change shifts them.
pub const WINDOW: usize = 40;
/// The window moves in steps of this many rows, so that small scrolls do
/// not re-render the list.
pub const STEP: usize = 10;

/// Lower-cases many texts at once, for the case-insensitive filter: in the
/// app the browser's `toLowerCase` in one call ([`crate::web::lower_case_all`]),
/// because Rust's own would bring Unicode's case tables (~7 KB gzip) into
/// the page; in native tests `str::to_lowercase`.
pub type Fold<'a> = &'a dyn Fn(&[String]) -> Vec<String>;

/// Which annotations the list shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Filter {
    /// Tags switched off.
    pub hidden: Vec<Tag>,
    /// Show only annotations whose place may need checking (moved or
    /// placed by approximate match on import).
    pub doubtful: bool,
    /// Show only quotes and claims not yet attributed (that start no
    /// relation): the work left to do.
    pub unlinked: bool,
    /// Text that the quote or the note must contain (case-insensitive).
    pub text: String,
    /// The layers shown (the app's, [`crate::state::AppState::layers`]);
    /// `None` shows every annotation as this annotator's.
    pub layers: Option<std::rc::Rc<crate::layers::Layers>>,
}

impl Filter {
    /// True when the filter lets everything through.
    pub fn is_open(&self) -> bool {
        self.hidden.is_empty()
            && !self.doubtful
            && !self.unlinked
            && self.text.trim().is_empty()
            && self.layers.as_ref().is_none_or(|l| l.all_shown())
    }

    /// The annotations of `doc` that pass the filter, in text order.
    pub fn pass<'d>(&self, doc: &'d Document, fold: Fold) -> Vec<&'d Annotation> {
        let shown: Vec<&Annotation> = doc
            .annotations()
            .filter(|a| !self.hidden.contains(&a.tag))
            .filter(|a| !self.doubtful || a.placement.is_doubtful())
            .filter(|a| self.layers.as_ref().is_none_or(|l| l.shows(a)))
            .collect();
        let shown = if self.unlinked {
            let left = unlinked(doc);
            shown.into_iter().filter(|a| left(a)).collect()
        } else {
            shown
        };
        let needle = self.text.trim();
        if needle.is_empty() {
            return shown;
        }
        // The needle, then each annotation's quote and note.
        let mut texts = Vec::with_capacity(1 + 2 * shown.len());
        texts.push(needle.to_string());
        for a in &shown {
            texts.push(doc.quote(a).to_string());
            texts.push(a.note.clone());
        }
        let folded = fold(&texts);
        let needle = folded[0].as_str();
        shown
            .into_iter()
            .zip(folded[1..].chunks(2))
            .filter(|(_, pair)| pair.iter().any(|t| t.contains(needle)))
            .map(|(a, _)| a)
            .collect()
    }
}

/// The tags whose annotations are the work of attribution: those the
/// codebook's first (default) relation type starts at — quotes and claims
/// (`None`: any tag).
fn content_tags(doc: &Document) -> Option<Vec<Tag>> {
    let first = doc.codebook().relations.first()?;
    (!first.from.is_empty()).then(|| first.from.clone())
}

/// Whether an annotation is still to attribute: its tag is one of
/// [`content_tags`] and it takes part in no relation.
pub fn unlinked(doc: &Document) -> impl Fn(&Annotation) -> bool + '_ {
    let linked: HashSet<&AnnotationId> = doc
        .relations()
        .iter()
        .flat_map(|r| [&r.from, &r.to])
        .collect();
    let tags = content_tags(doc);
    let no_types = doc.codebook().relations.is_empty();
    move |a| {
        !no_types && tags.as_ref().is_none_or(|t| t.contains(&a.tag)) && !linked.contains(&a.id)
    }
}

/// How many annotations [`unlinked`] lets through, without looking at each:
/// the tag counts of [`content_tags`], less those of them in a relation
/// (one pass over the relations, not the annotations: 3,000 against
/// 10,000 on the bench's large case, every list render).
pub fn unlinked_count(doc: &Document) -> usize {
    if doc.codebook().relations.is_empty() {
        return 0;
    }
    let tags = content_tags(doc);
    let may = |t: &Tag| tags.as_ref().is_none_or(|list| list.contains(t));
    let total = match &tags {
        None => doc.len(),
        Some(list) => list.iter().map(|t| doc.count(t)).sum(),
    };
    let linked: HashSet<&AnnotationId> = doc
        .relations()
        .iter()
        .flat_map(|r| [&r.from, &r.to])
        .filter(|id| doc.annotation(id).is_some_and(|a| may(&a.tag)))
        .collect();
    total - linked.len()
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Position among the listed annotations (from 0).
    pub position: usize,
    /// The annotation.
    pub id: AnnotationId,
    /// Its tag.
    pub tag: Tag,
    /// The tag's style name (see [`crate::view::tag_style`]).
    pub style: &'static str,
    /// How it came to its span.
    pub placement: Placement,
    /// The text it covers.
    pub quote: String,
    /// Its note.
    pub note: String,
    /// Its relations in short (`→ source`, `← 2`; empty when none).
    pub links: String,
    /// Another annotator's, when it is: their initials and name, and
    /// their layer's outline style.
    pub by: Option<(String, String, &'static str)>,
}

/// The relations of `ids` in short, in one pass over the document's
/// relations: for each, `→` and the other end's tag for each relation it
/// starts, `← n` for those that point to it (empty when none).
pub fn links_of(doc: &Document, ids: &[&AnnotationId]) -> Vec<String> {
    let mut out = vec![(Vec::new(), 0usize); ids.len()];
    if doc.relations().is_empty() {
        return vec![String::new(); ids.len()];
    }
    let at: HashMap<&AnnotationId, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    for r in doc.relations() {
        if let Some(&i) = at.get(&r.from) {
            let tag = doc
                .annotation(&r.to)
                .map(|a| a.tag.label())
                .or_else(|| doc.unplaced_one(&r.to).map(|u| u.tag.label()))
                .unwrap_or("?");
            out[i].0.push(format!("→ {}", tag.to_ascii_lowercase()));
        }
        if let Some(&i) = at.get(&r.to) {
            out[i].1 += 1;
        }
    }
    out.into_iter()
        .map(|(mut parts, incoming)| {
            if incoming > 0 {
                parts.push(format!("← {incoming}"));
            }
            parts.join(" ")
        })
        .collect()
}

/// The rows at `range` of the annotations that pass `filter`, in text
/// order, and how many pass in all. Without a filter this costs only the
/// rows before and in the window, not the whole list.
pub fn rows(
    doc: &Document,
    filter: &Filter,
    range: Range<usize>,
    fold: Fold,
) -> (usize, Vec<Item>) {
    let item = |position: usize, a: &Annotation| Item {
        position,
        id: a.id.clone(),
        tag: a.tag.clone(),
        style: crate::view::tag_style(doc, &a.tag),
        placement: a.placement,
        quote: doc.quote(a).to_string(),
        note: a.note.clone(),
        links: String::new(),
        by: filter.layers.as_ref().and_then(|l| {
            let who = l.other_annotator(doc, a)?;
            Some((
                who.initials(),
                who.shown_name().to_string(),
                l.outline(doc, a)?,
            ))
        }),
    };
    let window = |list: &mut dyn Iterator<Item = &Annotation>| -> Vec<Item> {
        list.enumerate()
            .skip(range.start)
            .take(range.len())
            .map(|(i, a)| item(i, a))
            .collect()
    };
    let (total, mut items) = if filter.is_open() {
        (doc.len(), window(&mut doc.annotations()))
    } else {
        let passing = filter.pass(doc, fold);
        (passing.len(), window(&mut passing.iter().copied()))
    };
    let ids: Vec<&AnnotationId> = items.iter().map(|i| &i.id).collect();
    let links = links_of(doc, &ids);
    for (item, links) in items.iter_mut().zip(links) {
        item.links = links;
    }
    (total, items)
}

/// The position of annotation `id` among those that pass `filter`.
pub fn position_of(
    doc: &Document,
    filter: &Filter,
    id: &AnnotationId,
    fold: Fold,
) -> Option<usize> {
    if filter.is_open() {
        doc.annotations().position(|a| &a.id == id)
    } else {
        filter.pass(doc, fold).iter().position(|a| &a.id == id)
    }
}

/// The window of rows to render when the list is scrolled to `scroll_top`
/// pixels, for `total` rows: [`WINDOW`] rows starting a [`STEP`] before the
/// first visible row, rounded down to a step. (A window is taller than any
/// list viewport: 60 rows of 84 px.)
pub fn window(scroll_top: f64, total: usize) -> Range<usize> {
    let first_visible = (scroll_top.max(0.0) / ROW_HEIGHT) as usize;
    let start = (first_visible / STEP).saturating_sub(1) * STEP;
    // Near the end, the window is the last WINDOW rows (so it reaches the end).
    let start = start.min(total.saturating_sub(WINDOW));
    start..(start + WINDOW).min(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(texts: &[String]) -> Vec<String> {
        texts.iter().map(|t| t.to_lowercase()).collect()
    }
    use marginalia_core::{Command, DocumentId, Metadata, Text, Timestamp};

    #[test]
    fn only_unlinked_shows_the_quotes_and_claims_left_and_rows_show_links() {
        use marginalia_core::{Relation, RelationId, RelationKind};
        // a00000 claim, a00001 source, a00002 quote, a00003 claim, …
        let mut d = doc(6);
        let t = Timestamp::new("2026-01-01T00:00:00Z").unwrap();
        for (id, from) in [("r1", "a00000"), ("r2", "a00002")] {
            d.apply(Command::AddRelation(Relation {
                id: RelationId::new(id).unwrap(),
                kind: RelationKind::attributed_to(),
                from: AnnotationId::new(from).unwrap(),
                to: AnnotationId::new("a00001").unwrap(),
                note: String::new(),
                created: t.clone(),
            }))
            .unwrap();
        }
        let left = Filter {
            unlinked: true,
            ..Filter::default()
        };
        assert!(!left.is_open());
        let ids: Vec<String> = left
            .pass(&d, &fold)
            .iter()
            .map(|a| a.id.to_string())
            .collect();
        assert_eq!(ids, ["a00003", "a00005"], "sources are never left to link");
        assert_eq!(unlinked_count(&d), 2, "counted without the filter");
        assert_eq!(
            unlinked_count(&doc(6)),
            4,
            "every quote and claim, before any relation"
        );
        let (_, list) = rows(&d, &Filter::default(), 0..3, &fold);
        let links: Vec<&str> = list.iter().map(|i| i.links.as_str()).collect();
        assert_eq!(links, ["→ source", "← 2", "→ source"]);
    }

    fn doc(n: usize) -> Document {
        let text: String = (0..n).map(|i| format!("word{i:05} ")).collect();
        let mut d = Document::new(
            DocumentId::new("d").unwrap(),
            Metadata::default(),
            Text::new(text),
            Timestamp::new("2026-01-01T00:00:00Z").unwrap(),
        );
        let t = Timestamp::new("2026-01-01T00:00:00Z").unwrap();
        for i in 0..n {
            d.apply(Command::Add(Annotation {
                id: AnnotationId::new(format!("a{i:05}")).unwrap(),
                tag: Tag::ALL[i % 3].clone(),
                start: i * 10,
                end: i * 10 + 9,
                note: if i % 4 == 0 {
                    "checked".into()
                } else {
                    String::new()
                },
                created: t.clone(),
                modified: t.clone(),
                placement: if i == 7 {
                    Placement::Moved
                } else {
                    Placement::Exact
                },
                parts: Vec::new(),
                attributes: Default::default(),
                annotator: None,
            }))
            .unwrap();
        }
        d
    }

    #[test]
    fn window_moves_in_steps_and_stays_in_range() {
        assert_eq!(window(0.0, 10), 0..10);
        assert_eq!(window(0.0, 10_000), 0..40);
        assert_eq!(
            window(ROW_HEIGHT * 19.0, 10_000),
            0..40,
            "small scrolls keep the window"
        );
        assert_eq!(window(ROW_HEIGHT * 45.0, 10_000), 30..70);
        assert_eq!(window(ROW_HEIGHT * 9_990.0, 10_000), 9_960..10_000);
        assert_eq!(window(ROW_HEIGHT * 99_999.0, 10_000), 9_960..10_000);
        assert_eq!(window(-5.0, 3), 0..3);
    }

    #[test]
    fn window_covers_twenty_rows_from_the_first_visible_one() {
        for total in [0, 5, 39, 40, 41, 1_000] {
            for first in 0..total {
                let range = window(first as f64 * ROW_HEIGHT + 3.0, total);
                assert!(
                    range.start <= first,
                    "{total} rows, first visible {first}: {range:?}"
                );
                assert!(
                    range.end >= (first + 20).min(total),
                    "{total} rows, first visible {first}: {range:?}"
                );
            }
        }
    }

    #[test]
    fn rows_without_filter_are_a_slice_of_text_order() {
        let d = doc(500);
        let (total, items) = rows(&d, &Filter::default(), 100..103, &fold);
        assert_eq!(total, 500);
        let ids: Vec<(usize, &str)> = items.iter().map(|i| (i.position, i.id.as_str())).collect();
        assert_eq!(ids, vec![(100, "a00100"), (101, "a00101"), (102, "a00102")]);
        assert_eq!(items[0].quote, "word00100");
    }

    #[test]
    fn the_text_filter_ignores_case_beyond_ascii() {
        let mut d = doc(3);
        let mut a = d
            .annotation(&AnnotationId::new("a00001").unwrap())
            .unwrap()
            .clone();
        a.note = "ÄRZTE und ΟΔΥΣΣΕΥΣ".into();
        d.apply(Command::Replace(a)).unwrap();
        for needle in ["ärzte", "Ärzte", "οδυσσευς", "ΟΔΥΣΣΕΥΣ"] {
            let f = Filter {
                text: needle.into(),
                ..Filter::default()
            };
            let (total, items) = rows(&d, &f, 0..10, &fold);
            assert_eq!((total, items[0].id.as_str()), (1, "a00001"), "{needle}");
        }
    }

    #[test]
    fn filters_count_and_position() {
        let d = doc(30);
        let claims = Filter {
            hidden: vec![Tag::Source, Tag::Quote],
            ..Filter::default()
        };
        let (total, items) = rows(&d, &claims, 0..3, &fold);
        assert_eq!(total, 10);
        assert_eq!(
            items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["a00000", "a00003", "a00006"]
        );
        let noted = Filter {
            text: " CHECKED ".into(),
            ..Filter::default()
        };
        assert_eq!(rows(&d, &noted, 0..100, &fold).0, 8);
        let word = Filter {
            text: "word00029".into(),
            ..Filter::default()
        };
        let doubtful = Filter {
            doubtful: true,
            ..Filter::default()
        };
        assert_eq!(rows(&d, &doubtful, 0..10, &fold).1[0].id.as_str(), "a00007");
        assert_eq!(rows(&d, &doubtful, 0..10, &fold).0, 1);
        assert_eq!(rows(&d, &word, 0..10, &fold).1[0].position, 0);
        assert_eq!(
            position_of(&d, &claims, &AnnotationId::new("a00006").unwrap(), &fold),
            Some(2)
        );
        assert_eq!(
            position_of(&d, &claims, &AnnotationId::new("a00001").unwrap(), &fold),
            None
        );
        assert_eq!(
            position_of(
                &d,
                &Filter::default(),
                &AnnotationId::new("a00029").unwrap(),
                &fold
            ),
            Some(29)
        );
    }
}

/// Where to scroll a list viewport (now at `scroll_top`, `height` pixels
/// tall) so that row `position` is fully visible; `None` when it already is.
pub fn scroll_to_show(position: usize, scroll_top: f64, height: f64) -> Option<f64> {
    let top = position as f64 * ROW_HEIGHT;
    if top < scroll_top {
        Some(top)
    } else if top + ROW_HEIGHT > scroll_top + height {
        Some(top + ROW_HEIGHT - height)
    } else {
        None
    }
}

#[cfg(test)]
mod scroll_tests {
    use super::*;

    #[test]
    fn scrolls_only_when_the_row_is_out_of_view() {
        assert_eq!(scroll_to_show(0, 0.0, 500.0), None);
        assert_eq!(
            scroll_to_show(5, 0.0, 500.0),
            Some(6.0 * ROW_HEIGHT - 500.0)
        );
        assert_eq!(scroll_to_show(2, 1000.0, 500.0), Some(2.0 * ROW_HEIGHT));
        assert_eq!(scroll_to_show(13, 1000.0, 500.0), None);
    }
}
