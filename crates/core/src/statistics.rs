//! What a document's annotations add up to, for the **Statistics** panel:
//! how many annotations each label has, who is quoted how often, and where
//! each label falls along the article.
//!
//! **Attribution** follows the codebook's default (first) relation type:
//! the labels it starts at are the *content* (by default quotes and
//! claims), those it points to the *sources*. A relation between a content
//! annotation and a source annotation, in either direction (PARC's *source
//! of* runs source → content), attributes the content to the source.

use crate::annotation::{Annotation, AnnotationId, Tag};
use crate::document::Document;
use std::collections::{HashMap, HashSet};

/// The figures of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statistics {
    /// Each shown tag (toolbar order) with its placed and unplaced counts.
    pub labels: Vec<LabelCount>,
    /// Who is quoted how often: sources grouped by their text, most
    /// attributed first.
    pub sources: Vec<SourceCount>,
    /// Per shown tag (as `labels`), how many of its annotations begin in
    /// each of `bins` equal stretches of the text.
    pub spread: Vec<Vec<usize>>,
    /// Who made the placed annotations: each annotator the annotations
    /// name (in the document's order, then `None` for those that name no
    /// one, when there are any), with their count per shown tag.
    pub by_annotator: Vec<AnnotatorCount>,
}

/// One annotator's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatorCount {
    /// Who (`None`: annotations that name no one).
    pub annotator: Option<crate::Annotator>,
    /// Their placed annotations per shown tag (as [`Statistics::labels`]).
    pub counts: Vec<usize>,
    /// Their spread per shown tag (as [`Statistics::spread`]): the chart's
    /// lane of each label for each annotator, when several annotated.
    pub spread: Vec<Vec<usize>>,
}

/// One tag's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelCount {
    /// The tag.
    pub tag: Tag,
    /// Its annotations placed on the text.
    pub placed: usize,
    /// Its annotations kept unplaced.
    pub unplaced: usize,
}

/// One source, by its text (white space collapsed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCount {
    /// Its text (`The US official`).
    pub name: String,
    /// How many source annotations have that text.
    pub mentions: usize,
    /// How many content annotations are attributed to them.
    pub attributed: usize,
}

/// The statistics of `doc`, its spread over `bins` stretches (at least 1).
pub fn statistics(doc: &Document, bins: usize) -> Statistics {
    let shown: Vec<Tag> = doc.shown_tags().into_iter().map(|(_, t)| t).collect();
    let labels = shown
        .iter()
        .map(|t| LabelCount {
            tag: t.clone(),
            placed: doc.count(t),
            unplaced: doc.unplaced().iter().filter(|u| &u.tag == t).count(),
        })
        .collect();
    Statistics {
        labels,
        sources: sources(doc),
        spread: spread(doc, &shown, bins.max(1)),
        by_annotator: by_annotator(doc, &shown, bins.max(1)),
    }
}

/// The placed annotations' counts per annotator and tag (see
/// [`Statistics::by_annotator`]).
fn by_annotator(doc: &Document, tags: &[Tag], bins: usize) -> Vec<AnnotatorCount> {
    let row: HashMap<&Tag, usize> = tags.iter().enumerate().map(|(i, t)| (t, i)).collect();
    let count = |annotator| AnnotatorCount {
        annotator,
        counts: vec![0; tags.len()],
        spread: vec![vec![0; bins]; tags.len()],
    };
    let mut out: Vec<AnnotatorCount> = (doc.annotators().iter())
        .map(|a| count(Some(a.clone())))
        .collect();
    let mut nobody = count(None);
    let len = doc.text().len().max(1);
    for a in doc.annotations() {
        let Some(&t) = row.get(&a.tag) else { continue };
        let at = a.annotator.as_ref().and_then(|id| {
            out.iter()
                .position(|c| c.annotator.as_ref().is_some_and(|w| &w.id == id))
        });
        let c = match at {
            Some(i) => &mut out[i],
            None => &mut nobody,
        };
        c.counts[t] += 1;
        c.spread[t][(a.start * bins / len).min(bins - 1)] += 1;
    }
    if nobody.counts.iter().any(|n| *n > 0) {
        out.push(nobody);
    }
    out
}

/// The sources, grouped by text, with the contents attributed to them
/// (each content counted once per source group).
fn sources(doc: &Document) -> Vec<SourceCount> {
    let Some(rule) = doc.codebook().relations.first() else {
        return Vec::new();
    };
    let is = |list: &[Tag], a: &Annotation| list.is_empty() || list.contains(&a.tag);
    let name = |a: &Annotation| {
        doc.quote(a)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut groups: HashMap<String, (HashSet<&AnnotationId>, HashSet<&AnnotationId>)> =
        HashMap::new();
    for a in doc
        .annotations()
        .filter(|a| !rule.to.is_empty() && is(&rule.to, a))
    {
        groups.entry(name(a)).or_default().0.insert(&a.id);
    }
    for r in doc.relations() {
        let (Some(from), Some(to)) = (doc.annotation(&r.from), doc.annotation(&r.to)) else {
            continue;
        };
        let pair = if is(&rule.from, from) && is(&rule.to, to) {
            Some((from, to))
        } else if is(&rule.to, from) && is(&rule.from, to) {
            Some((to, from))
        } else {
            None
        };
        if let Some((content, source)) = pair.filter(|(c, s)| c.tag != s.tag) {
            if let Some(g) = groups.get_mut(&name(source)) {
                g.1.insert(&content.id);
            }
        }
    }
    let mut out: Vec<SourceCount> = groups
        .into_iter()
        .map(|(name, (mentions, attributed))| SourceCount {
            name,
            mentions: mentions.len(),
            attributed: attributed.len(),
        })
        .collect();
    out.sort_by(|a, b| {
        (b.attributed, b.mentions)
            .cmp(&(a.attributed, a.mentions))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// Per tag, how many annotations begin in each of `bins` stretches.
fn spread(doc: &Document, tags: &[Tag], bins: usize) -> Vec<Vec<usize>> {
    let len = doc.text().len().max(1);
    let mut out = vec![vec![0; bins]; tags.len()];
    let row: HashMap<&Tag, usize> = tags.iter().enumerate().map(|(i, t)| (t, i)).collect();
    for a in doc.annotations() {
        if let Some(&r) = row.get(&a.tag) {
            out[r][(a.start * bins / len).min(bins - 1)] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::Codebook;
    use crate::document::Command;
    use crate::relation::{Relation, RelationId, RelationKind};
    use crate::testing::{ann, doc};

    fn link(id: &str, from: &str, to: &str, kind: &str) -> Command {
        Command::AddRelation(Relation {
            id: RelationId::new(id).unwrap(),
            from: AnnotationId::new(from).unwrap(),
            to: AnnotationId::new(to).unwrap(),
            kind: RelationKind::new(kind).unwrap(),
            note: String::new(),
            created: crate::testing::ts("00"),
        })
    }

    #[test]
    fn counts_sources_and_spread() {
        // Sources at 0 (Ana), 14 (Bo), 26 (Ana), 43 (Cy); 53 code points.
        let mut d = doc("Ana said yes. Bo said no. Ana  said maybe. Cy agreed.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(crate::Label::new("Cue").unwrap()),
            Command::SetCodebook(Box::new(Codebook::attribution())),
            Command::Add(ann("s1", Tag::Source, 0, 3)),
            Command::Add(ann("q1", Tag::Quote, 9, 12)),
            Command::Add(ann("s2", Tag::Source, 14, 16)),
            Command::Add(ann("q2", Tag::Quote, 22, 24)),
            Command::Add(ann("s3", Tag::Source, 26, 29)),
            Command::Add(ann("c3", Tag::Claim, 36, 41)),
            Command::Add(ann("s4", Tag::Source, 43, 45)),
            link("r1", "q1", "s1", "attributed to"),
            // PARC's direction: source → content.
            link("r2", "s3", "c3", "source of"),
            link("r3", "q2", "s2", "attributed to"),
        ]))
        .unwrap();
        let s = statistics(&d, 4);
        let counts: Vec<(&str, usize)> = s
            .labels
            .iter()
            .map(|l| (l.tag.as_str(), l.placed))
            .collect();
        assert_eq!(
            counts,
            [("claim", 1), ("source", 4), ("quote", 2), ("Cue", 0)]
        );
        let sources: Vec<(&str, usize, usize)> = s
            .sources
            .iter()
            .map(|x| (x.name.as_str(), x.mentions, x.attributed))
            .collect();
        assert_eq!(sources, [("Ana", 2, 2), ("Bo", 1, 1), ("Cy", 1, 0)]);
        // In 4 bins a start at p goes to ⌊4p / 53⌋: 0, 1, 1, 3.
        assert_eq!(s.spread[1], [1, 2, 0, 1]);
        assert_eq!(s.spread[3], [0, 0, 0, 0]);
        // Nobody is named: one group of them all.
        assert_eq!(s.by_annotator.len(), 1);
        assert_eq!(s.by_annotator[0].annotator, None);
        assert_eq!(s.by_annotator[0].counts, [1, 4, 2, 0]);
    }

    #[test]
    fn counts_per_annotator() {
        let mut d = doc("Ana said yes. Bo said no.");
        let ana = crate::Annotator::new(crate::AnnotatorId::new("a-ana").unwrap(), "Ana");
        let mut q = ann("q1", Tag::Quote, 9, 12);
        q.annotator = Some(ana.id.clone());
        d.apply(Command::Batch(vec![
            d.record_annotator(&ana).unwrap(),
            Command::Add(q),
            Command::Add(ann("s1", Tag::Source, 0, 3)),
        ]))
        .unwrap();
        let s = statistics(&d, 1);
        let rows: Vec<(Option<&str>, &[usize])> = (s.by_annotator.iter())
            .map(|c| (c.annotator.as_ref().map(|a| a.name.as_str()), &c.counts[..]))
            .collect();
        assert_eq!(
            rows,
            [(Some("Ana"), &[0, 0, 1][..]), (None, &[0, 1, 0][..])]
        );
        // Each annotator's lanes: Ana's quote in the first half of two.
        let halves = statistics(&d, 2);
        assert_eq!(halves.by_annotator[0].spread[2], [1, 0]);
        assert_eq!(halves.by_annotator[1].spread[1], [1, 0]);
    }

    #[test]
    fn without_relation_types_there_are_no_sources() {
        let mut d = doc("Ana said yes.");
        let mut c = Codebook::default();
        c.relations.clear();
        d.apply(Command::Batch(vec![
            Command::SetCodebook(Box::new(c)),
            Command::Add(ann("s1", Tag::Source, 0, 3)),
        ]))
        .unwrap();
        let s = statistics(&d, 0);
        assert!(s.sources.is_empty());
        assert_eq!(s.spread[1], [1], "at least one bin");
    }
}
