//! Render-ready snapshots of the article, rebuilt piece by piece.
//!
//! The article is split into blocks of [`BLOCK_SIZE`] paragraphs. A change
//! rebuilds only the paragraphs whose highlights changed and the blocks
//! holding them; every other block and paragraph keeps its `Rc`, so the
//! memoised components showing them are not re-rendered.

use crate::layers::Layers;
use marginalia_core::{paragraph_runs_of, Document, Tag};
use std::ops::Range;
use std::rc::Rc;

/// Paragraphs per block.
pub const BLOCK_SIZE: usize = 32;

/// A run of text with the annotations covering it, ready for the DOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunView {
    /// The run's text.
    pub text: String,
    /// Space-separated ids of the covering annotations (empty for plain text).
    pub ids: String,
    /// Their tags, same order.
    pub tags: String,
    /// CSS classes: `hl` plus one `t-<tag>` per distinct tag.
    pub class: String,
    /// Letters drawn (by CSS) where annotations begin, e.g. `"CS"`.
    pub cue: String,
}

/// One paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphView {
    /// Index of the paragraph in the document.
    pub index: usize,
    /// Code-point offset of its first character.
    pub offset: usize,
    /// Its runs, in order.
    pub runs: Vec<RunView>,
}

/// A group of consecutive paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockView {
    /// Index of the first paragraph.
    pub first: usize,
    /// The paragraphs.
    pub paragraphs: Vec<Rc<ParagraphView>>,
}

/// The whole article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleView {
    /// The blocks, in order.
    pub blocks: Vec<Rc<BlockView>>,
}

/// Styles of the document's own labels, by position in its label set: the
/// style sheet colours the first twelve (its palette repeats after six);
/// the others get their colour from [`crate::palette::rules`]. Labels
/// share a style only past 48.
const LABEL_STYLES: [&str; 48] = [
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
    "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
    "x28", "x29", "x30", "x31", "x32", "x33", "x34", "x35", "x36", "x37", "x38", "x39", "x40",
    "x41", "x42", "x43", "x44", "x45", "x46", "x47",
];

/// The style name of a tag in `doc`, for CSS classes (`t-…` on highlights,
/// `tag-…` in the panels): `claim`, `source`, `quote`, or `x0`…`x47` for the
/// document's labels by their position in its label set.
pub fn tag_style(doc: &Document, tag: &Tag) -> &'static str {
    match tag {
        Tag::Claim => "claim",
        Tag::Source => "source",
        Tag::Quote => "quote",
        Tag::Other(_) => {
            let slot = doc.slot(tag).unwrap_or(Tag::ALL.len()) - Tag::ALL.len();
            LABEL_STYLES[slot % LABEL_STYLES.len()]
        }
    }
}

/// Byte offsets in `s` of the ascending code-point offsets `cps` (each at
/// most the length of `s` in code points).
fn byte_offsets(s: &str, cps: &[usize]) -> Vec<usize> {
    if s.is_ascii() {
        return cps.to_vec();
    }
    let mut out = Vec::with_capacity(cps.len());
    let mut chars = s
        .char_indices()
        .map(|(b, _)| b)
        .chain([s.len()])
        .enumerate();
    for &cp in cps {
        for (i, b) in chars.by_ref() {
            if i == cp {
                out.push(b);
                break;
            }
        }
    }
    out
}

/// The view of paragraph `index` as plain text (no highlights).
pub fn plain_view(doc: &Document, index: usize) -> ParagraphView {
    let text = doc.text();
    let range = text.paragraphs()[index].clone();
    let para = text.slice(range.clone());
    ParagraphView {
        index,
        offset: range.start,
        runs: if para.is_empty() {
            Vec::new()
        } else {
            vec![RunView {
                text: para.to_string(),
                ids: String::new(),
                tags: String::new(),
                class: String::new(),
                cue: String::new(),
            }]
        },
    }
}

fn view_of(doc: &Document, index: usize, near: &NearBlocks, layers: &Layers) -> ParagraphView {
    if near.is_near(index / BLOCK_SIZE) {
        paragraph_view(doc, index, layers)
    } else {
        plain_view(doc, index)
    }
}

/// Builds the view of paragraph `index`, with the highlights of the
/// layers shown.
pub fn paragraph_view(doc: &Document, index: usize, layers: &Layers) -> ParagraphView {
    let text = doc.text();
    let range = text.paragraphs()[index].clone();
    let para = text.slice(range.clone());
    let runs = paragraph_runs_of(doc, index, &|a| layers.shows(a));
    let layered = doc.annotators().iter().any(|a| a.id != layers.me);
    // Byte offsets of the runs' boundaries (code points → bytes in one pass).
    let mut bounds: Vec<usize> = runs.iter().map(|r| r.start).collect();
    bounds.push(runs.last().map_or(0, |r| r.end));
    let bytes = byte_offsets(para, &bounds);
    let runs = runs
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            // Each tag once, in the label set's order; labels also get `t-x`.
            let class = if r.ids.is_empty() {
                String::new()
            } else {
                let mut styles: Vec<(usize, &str)> = r
                    .tags
                    .iter()
                    .map(|t| (doc.slot(t).unwrap_or(usize::MAX), tag_style(doc, t)))
                    .collect();
                styles.sort_unstable();
                styles.dedup();
                let mut class = String::from("hl");
                if r.tags.iter().any(|t| !t.is_builtin()) {
                    class.push_str(" t-x");
                }
                for (_, style) in styles {
                    class.push_str(" t-");
                    class.push_str(style);
                }
                if layered {
                    outlines(doc, layers, &r.ids, &mut class);
                }
                if layers.disputed.is_some() {
                    disputes(doc, layers, &r.ids, &mut class);
                }
                class
            };
            RunView {
                text: para[bytes[k]..bytes[k + 1]].to_string(),
                ids: r
                    .ids
                    .iter()
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                tags: r
                    .tags
                    .iter()
                    .map(|t| t.token())
                    .collect::<Vec<_>>()
                    .join(" "),
                class,
                cue: r
                    .starts
                    .iter()
                    .map(|t| doc.codebook().letter_of(t))
                    .collect(),
            }
        })
        .collect();
    ParagraphView {
        index,
        offset: range.start,
        runs,
    }
}

/// Adds to `class` the outline style of each other layer among `ids`.
fn outlines(
    doc: &Document,
    layers: &Layers,
    ids: &[marginalia_core::AnnotationId],
    class: &mut String,
) {
    let mut seen: Vec<&str> = Vec::new();
    for a in ids.iter().filter_map(|id| doc.annotation(id)) {
        if let Some(outline) = layers.outline(doc, a).filter(|o| !seen.contains(o)) {
            seen.push(outline);
            class.push(' ');
            class.push_str(outline);
        }
    }
}

/// Adds `dispute` and `d-<kind>` to `class` when one of `ids` is in an
/// unresolved disagreement (the Compare view is open).
fn disputes(
    doc: &Document,
    layers: &Layers,
    ids: &[marginalia_core::AnnotationId],
    class: &mut String,
) {
    let kind = ids
        .iter()
        .filter_map(|id| doc.annotation(id))
        .filter_map(|a| layers.dispute(a))
        .min();
    if let Some(kind) = kind {
        class.push_str(" dispute d-");
        class.push_str(kind.name());
    }
}

/// Builds the whole article view (blocks not `near` as plain text).
pub fn article_view(doc: &Document, near: &NearBlocks, layers: &Layers) -> ArticleView {
    let n = doc.text().paragraphs().len();
    let blocks = (0..n)
        .step_by(BLOCK_SIZE)
        .map(|first| {
            Rc::new(BlockView {
                first,
                paragraphs: (first..(first + BLOCK_SIZE).min(n))
                    .map(|i| Rc::new(view_of(doc, i, near, layers)))
                    .collect(),
            })
        })
        .collect();
    ArticleView { blocks }
}

/// A new view in which only the paragraphs in `changed` (ranges of
/// paragraph indices, possibly overlapping) are rebuilt.
pub fn update_view(
    old: &ArticleView,
    doc: &Document,
    changed: &[Range<usize>],
    near: &NearBlocks,
    layers: &Layers,
) -> ArticleView {
    let mut blocks = old.blocks.clone();
    let mut dirty: Vec<usize> = changed.iter().flat_map(|r| r.clone()).collect();
    dirty.sort_unstable();
    dirty.dedup();
    for chunk in dirty.chunk_by(|a, b| a / BLOCK_SIZE == b / BLOCK_SIZE) {
        let b = chunk[0] / BLOCK_SIZE;
        let Some(block) = blocks.get(b) else { continue };
        let mut block = BlockView::clone(block);
        for &p in chunk {
            if let Some(slot) = block.paragraphs.get_mut(p - block.first) {
                *slot = Rc::new(view_of(doc, p, near, layers));
            }
        }
        blocks[b] = Rc::new(block);
    }
    ArticleView { blocks }
}

/// Blocks drawn with their highlights at first, before the browser has
/// said which blocks are near the viewport (an article opens at its top).
pub const INITIAL_BLOCKS: usize = 2;

/// The blocks of the open document drawn with their highlights: the first
/// [`INITIAL_BLOCKS`], those that have come near the viewport (see
/// `web::visibility`) and those holding the selected annotation. Others are
/// plain text until then: a long, densely annotated article opens fast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NearBlocks {
    blocks: Vec<bool>,
}

impl NearBlocks {
    /// True when block `b` is drawn with highlights.
    pub fn is_near(&self, b: usize) -> bool {
        b < INITIAL_BLOCKS || self.blocks.get(b) == Some(&true)
    }

    /// Marks blocks as near; returns those that were not yet.
    pub fn add(&mut self, near: &[usize]) -> Vec<usize> {
        let mut added = Vec::new();
        for &b in near {
            if self.is_near(b) {
                continue;
            }
            if self.blocks.len() <= b {
                self.blocks.resize(b + 1, false);
            }
            self.blocks[b] = true;
            added.push(b);
        }
        added
    }
}

#[cfg(test)]
mod near_tests {
    use super::*;

    #[test]
    fn blocks_become_near_once() {
        let mut near = NearBlocks::default();
        assert!(near.is_near(0) && near.is_near(INITIAL_BLOCKS - 1));
        assert!(!near.is_near(INITIAL_BLOCKS));
        assert_eq!(near.add(&[0, 5, 9, 5]), vec![5, 9]);
        assert!(near.is_near(5) && near.is_near(9) && !near.is_near(6));
        assert_eq!(near.add(&[9]), Vec::<usize>::new(), "nothing new");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::{
        Annotation, AnnotationId, Command, DocumentId, Metadata, Text, Timestamp,
    };

    fn doc_with_paragraphs(n: usize) -> Document {
        let text: Vec<String> = (0..n)
            .map(|i| format!("Paragraph {i} says 東京 🍵."))
            .collect();
        Document::new(
            DocumentId::new("d").unwrap(),
            Metadata::default(),
            Text::new(text.join("\n")),
            Timestamp::new("2026-01-01T00:00:00Z").unwrap(),
        )
    }

    fn add(doc: &mut Document, id: &str, tag: Tag, start: usize, end: usize) -> Vec<Range<usize>> {
        let t = Timestamp::new("2026-01-01T00:00:00Z").unwrap();
        let a = Annotation {
            id: AnnotationId::new(id).unwrap(),
            tag,
            start,
            end,
            note: String::new(),
            created: t.clone(),
            modified: t,
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        };
        doc.apply(Command::Add(a)).unwrap().paragraphs
    }

    #[test]
    fn runs_carry_text_ids_and_cues() {
        let mut d = doc_with_paragraphs(2);
        add(&mut d, "a", Tag::Claim, 0, 9);
        add(&mut d, "b", Tag::Source, 10, 13);
        let p = paragraph_view(&d, 0, &me());
        let texts: Vec<&str> = p.runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["Paragraph", " ", "0 s", "ays 東京 🍵."]);
        assert_eq!(p.runs[0].class, "hl t-claim");
        assert_eq!(p.runs[0].cue, "C");
        assert_eq!(p.runs[2].tags, "source");
        assert_eq!(p.runs[1].ids, "");
    }

    fn me() -> Layers {
        Layers::new(marginalia_core::AnnotatorId::new("a-me").unwrap())
    }

    #[test]
    fn other_layers_are_outlined_and_hidden_layers_not_drawn() {
        let mut d = doc_with_paragraphs(1);
        let bo = marginalia_core::Annotator::new(
            marginalia_core::AnnotatorId::new("a-bo").unwrap(),
            "Bo",
        );
        d.apply(Command::SetAnnotators(vec![bo.clone()])).unwrap();
        add(&mut d, "mine", Tag::Claim, 0, 9);
        let mut theirs = marginalia_core::testing::ann("theirs", Tag::Quote, 5, 12);
        theirs.annotator = Some(bo.id.clone());
        d.apply(Command::Add(theirs)).unwrap();
        let p = paragraph_view(&d, 0, &me());
        let classes: Vec<&str> = p.runs.iter().map(|r| r.class.as_str()).collect();
        assert_eq!(
            classes[..3],
            [
                "hl t-claim",
                "hl t-claim t-quote layer-a",
                "hl t-quote layer-a"
            ]
        );
        let hidden = paragraph_view(&d, 0, &me().toggled(&bo.id));
        assert_eq!(hidden.runs[0].class, "hl t-claim");
        assert!(hidden.runs.iter().all(|r| !r.ids.contains("theirs")));
    }

    #[test]
    fn update_keeps_untouched_blocks_and_paragraphs() {
        let mut d = doc_with_paragraphs(100);
        let near = NearBlocks::default();
        let before = article_view(&d, &near, &me());
        assert_eq!(before.blocks.len(), 4);
        let start = d.text().paragraphs()[40].start;
        let changed = add(&mut d, "a", Tag::Quote, start, start + 5);
        let after = update_view(&before, &d, &changed, &near, &me());
        for (i, (x, y)) in before.blocks.iter().zip(&after.blocks).enumerate() {
            assert_eq!(Rc::ptr_eq(x, y), i != 1, "block {i}");
        }
        let (old_b, new_b) = (&before.blocks[1], &after.blocks[1]);
        for (j, (x, y)) in old_b.paragraphs.iter().zip(&new_b.paragraphs).enumerate() {
            assert_eq!(Rc::ptr_eq(x, y), j != 8, "paragraph {}", 32 + j);
        }
        assert_eq!(
            after,
            article_view(&d, &near, &me()),
            "incremental equals full rebuild"
        );
    }
}
