//! Splitting a paragraph into runs of text covered by the same annotations,
//! so that overlapping and nested spans can be drawn without nesting.

use crate::annotation::{AnnotationId, Tag};
use crate::document::Document;

/// A maximal stretch of a paragraph covered by the same set of annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Start, in code points from the start of the paragraph.
    pub start: usize,
    /// End (exclusive), in code points from the start of the paragraph.
    pub end: usize,
    /// The annotations covering the run, in text order (empty for plain text).
    pub ids: Vec<AnnotationId>,
    /// Their tags, in the same order as `ids`.
    pub tags: Vec<Tag>,
    /// Tags of the annotations that begin at this run's first character.
    pub starts: Vec<Tag>,
}

/// The runs of paragraph `index`, covering all of its text in order.
pub fn paragraph_runs(doc: &Document, index: usize) -> Vec<Run> {
    paragraph_runs_of(doc, index, &|_| true)
}

/// The runs of paragraph `index` drawn from the annotations `shown` lets
/// through (the others' layers being hidden).
pub fn paragraph_runs_of(
    doc: &Document,
    index: usize,
    shown: &dyn Fn(&crate::Annotation) -> bool,
) -> Vec<Run> {
    let Some(range) = doc.text().paragraphs().get(index).cloned() else {
        return Vec::new();
    };
    let (p_start, p_end) = (range.start, range.end);
    let mut anns = doc.annotations_in_paragraph(index);
    anns.retain(|a| shown(a));
    // Boundaries where the covering set can change, relative to the paragraph.
    let mut cuts: Vec<usize> = vec![0, p_end - p_start];
    for a in &anns {
        for part in a.parts() {
            cuts.push(part.start.clamp(p_start, p_end) - p_start);
            cuts.push(part.end.clamp(p_start, p_end) - p_start);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut runs = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let (abs_s, abs_e) = (p_start + s, p_start + e);
        let covering: Vec<_> = anns
            .iter()
            .filter(|a| a.start < abs_e && a.end > abs_s && a.touches(abs_s, abs_e))
            .collect();
        runs.push(Run {
            start: s,
            end: e,
            ids: covering.iter().map(|a| a.id.clone()).collect(),
            tags: covering.iter().map(|a| a.tag.clone()).collect(),
            starts: covering
                .iter()
                .filter(|a| a.start == abs_s)
                .map(|a| a.tag.clone())
                .collect(),
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{ann, doc};
    use crate::document::Command;

    fn ids(r: &Run) -> Vec<&str> {
        r.ids.iter().map(|i| i.as_str()).collect()
    }

    /// Each run's span and the ids covering it.
    fn spans(runs: &[Run]) -> Vec<(usize, usize, Vec<&str>)> {
        runs.iter().map(|r| (r.start, r.end, ids(r))).collect()
    }

    #[test]
    fn plain_paragraph_is_one_run() {
        let d = doc("hello world\n");
        let runs = paragraph_runs(&d, 0);
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].start, runs[0].end), (0, 11));
        assert!(runs[0].ids.is_empty());
        assert!(
            paragraph_runs(&d, 1).is_empty(),
            "empty paragraph has no runs"
        );
        assert!(paragraph_runs(&d, 9).is_empty());
    }

    #[test]
    fn overlapping_and_nested_spans_split_into_runs() {
        // 0123456789012345678
        // "The US said it did."
        let mut d = doc("The US said it did.\nNext para");
        d.apply(Command::Add(ann("outer", Tag::Claim, 0, 19)))
            .unwrap();
        d.apply(Command::Add(ann("src", Tag::Source, 4, 6)))
            .unwrap();
        d.apply(Command::Add(ann("q", Tag::Quote, 5, 11))).unwrap();
        let runs = paragraph_runs(&d, 0);
        assert_eq!(
            spans(&runs),
            vec![
                (0, 4, vec!["outer"]),
                (4, 5, vec!["outer", "src"]),
                (5, 6, vec!["outer", "src", "q"]),
                (6, 11, vec!["outer", "q"]),
                (11, 19, vec!["outer"]),
            ]
        );
        assert_eq!(runs[0].starts, vec![Tag::Claim]);
        assert_eq!(runs[1].starts, vec![Tag::Source]);
        assert_eq!(runs[2].tags, vec![Tag::Claim, Tag::Source, Tag::Quote]);
        assert!(runs[3].starts.is_empty());
        let without_src = paragraph_runs_of(&d, 0, &|a| a.id.as_str() != "src");
        assert_eq!(
            spans(&without_src),
            vec![
                (0, 5, vec!["outer"]),
                (5, 11, vec!["outer", "q"]),
                (11, 19, vec!["outer"]),
            ]
        );
    }

    #[test]
    fn parts_are_covered_and_the_gap_between_them_is_not() {
        // 0         1         2
        // 01234567890123456789012345
        // "We go," he said, "today."
        let mut d = doc("\"We go,\" he said, \"today.\"");
        let q = ann("q", Tag::Quote, 0, 1)
            .with_parts([1..6, 19..24])
            .unwrap();
        d.apply(Command::Add(q)).unwrap();
        let runs = paragraph_runs(&d, 0);
        assert_eq!(
            spans(&runs),
            vec![
                (0, 1, vec![]),
                (1, 6, vec!["q"]),
                (6, 19, vec![]),
                (19, 24, vec!["q"]),
                (24, 26, vec![]),
            ]
        );
        assert_eq!(runs[1].starts, vec![Tag::Quote], "the first part begins it");
        assert!(runs[3].starts.is_empty());
        let a = d.annotation(&AnnotationId::new("q").unwrap()).unwrap();
        assert_eq!(d.quote(a), "We go … today");
    }

    #[test]
    fn span_crossing_paragraphs_is_clipped_to_each() {
        let mut d = doc("first para\nsecond para\nthird");
        d.apply(Command::Add(ann("x", Tag::Quote, 6, 17))).unwrap();
        let p0 = paragraph_runs(&d, 0);
        assert_eq!((p0[1].start, p0[1].end, ids(&p0[1])), (6, 10, vec!["x"]));
        let p1 = paragraph_runs(&d, 1);
        assert_eq!((p1[0].start, p1[0].end, ids(&p1[0])), (0, 6, vec!["x"]));
        assert!(p1[0].starts.is_empty(), "continuation is not a start");
        assert_eq!(paragraph_runs(&d, 2).len(), 1);
        assert!(paragraph_runs(&d, 2)[0].ids.is_empty());
    }
}
