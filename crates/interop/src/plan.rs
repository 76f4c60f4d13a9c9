//! Placing another tool's annotations on the open text: every annotation
//! of a [`ForeignFile`] is re-anchored (see [`mod@crate::reanchor`]) into
//! an [`ImportPlan`], which the app counts, shows and, once confirmed,
//! turns into one command (see [`marginalia_core::import`]).

use crate::reanchor::{break_ties, reanchor_all_with_progress, Thresholds};
use marginalia_core::import::{ForeignFile, ImportPlan, Planned};
use marginalia_core::selector::{Anchoring, Selector};
use marginalia_core::{Tag, Text};

/// Places every annotation of `file` on `text`.
pub fn plan(text: &Text, file: &ForeignFile) -> ImportPlan {
    plan_with_progress(text, file, &mut |_, _| {})
}

/// [`plan`], telling `progress(done, total)` how far the placing is (at
/// most about a hundred times; the results are the same).
pub fn plan_with_progress(
    text: &Text,
    file: &ForeignFile,
    progress: &mut dyn FnMut(usize, usize),
) -> ImportPlan {
    let selectors: Vec<&Selector> = file.annotations.iter().map(|a| &a.selector).collect();
    let mut placed = reanchor_all_with_progress(text, &selectors, &Thresholds::default(), progress);
    let (ties, shift) = break_ties(text, &selectors, &mut placed);
    let mut items: Vec<Planned> = file
        .annotations
        .iter()
        .zip(placed)
        .map(|(a, anchoring)| Planned {
            tag: Tag::from_foreign(&a.label),
            foreign: a.clone(),
            // An empty span (a position-only selector may give one) cannot
            // be an annotation here.
            anchoring: match anchoring.span() {
                Some((start, end)) if start >= end => Anchoring::Orphaned,
                Some((start, end)) => checked_parts(text, a, start, end).unwrap_or(anchoring),
                None => anchoring,
            },
        })
        .collect();
    let mut warnings = file.warnings.clone();
    if ties > 0 {
        warnings.push(format!(
            "{ties} annotation(s) whose quote occurs several times were placed where their stored position points, shifted by {shift} like the file's other positions; check them"
        ));
    }
    let mut guesses = Vec::new();
    if file.text.is_none() {
        if let Some((warning, withheld)) = crate::other_text::withdraw_guesses(&mut items) {
            warnings.push(warning);
            guesses = withheld;
        }
    }
    ImportPlan {
        format: file.format,
        items,
        relations: file.relations.clone(),
        warnings,
        codebook: file.codebook.clone(),
        text: file.text.clone(),
        title: file.title.clone(),
        source: file.source.clone(),
        guesses,
    }
}

/// Where a multi-part annotation whose file quotes each part lands on
/// `start..end`: when a part's text there is not its quote (an edited
/// text), an approximate placement, its similarity the share of the parts
/// that hold their quote, for the user to check; `None` when every part
/// holds (or there is nothing to check).
fn checked_parts(
    text: &Text,
    a: &marginalia_core::import::ForeignAnnotation,
    start: usize,
    end: usize,
) -> Option<Anchoring> {
    if a.parts.is_empty() || a.part_quotes.len() != a.parts.len() {
        return None;
    }
    let placed = a.parts_at(start, end);
    let holds = placed
        .iter()
        .zip(&a.part_quotes)
        .filter(|(p, q)| q.is_empty() || text.slice((*p).clone()) == q.as_str())
        .count();
    let total = a.parts.len();
    if holds == total && placed.len() == total {
        return None;
    }
    let similarity = u16::try_from(holds * 1000 / total).unwrap_or(0);
    Some(Anchoring::Fuzzy {
        start,
        end,
        similarity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::import::{ForeignAnnotation, FormatKind, Mode};
    use marginalia_core::selector::{Position, Unit};
    use marginalia_core::{
        Annotation, AnnotationId, Command, Document, DocumentId, Label, Metadata, Placement,
        TextQuote, Timestamp, Unplacement,
    };

    fn ts() -> Timestamp {
        Timestamp::new("2026-11-24T10:00:00Z").unwrap()
    }

    fn doc(text: &str) -> Document {
        Document::new(
            DocumentId::new("d").unwrap(),
            Metadata::default(),
            Text::new(text),
            ts(),
        )
    }

    fn foreign(id: Option<&str>, label: &str, exact: &str, at: Option<usize>) -> ForeignAnnotation {
        ForeignAnnotation {
            id: id.map(String::from),
            label: label.into(),
            selector: Selector {
                position: at.map(|s| Position {
                    start: s,
                    end: s + exact.chars().count(),
                    unit: Unit::CodePoint,
                }),
                quote: Some(TextQuote {
                    exact: exact.into(),
                    prefix: String::new(),
                    suffix: String::new(),
                }),
            },
            note: String::new(),
            created: None,
            modified: None,
            parts: Vec::new(),
            attributes: Default::default(),
            part_quotes: Vec::new(),
            annotator: None,
        }
    }

    fn file(annotations: Vec<ForeignAnnotation>) -> ForeignFile {
        ForeignFile {
            format: FormatKind::W3c,
            text: None,
            title: None,
            source: None,
            annotations,
            relations: Vec::new(),
            warnings: Vec::new(),
            codebook: None,
        }
    }

    #[test]
    fn a_file_of_another_text_gets_no_approximate_placements() {
        // Only one quote is in this text; the others are near misses
        // ("whose" is not "hose"), as a brat .ann without its .txt gives.
        let d = doc("The lights of 東京 went out 😀 while the hose lay on the street.");
        let f = file(vec![
            foreign(None, "claim", "lights of 東京", Some(4)),
            foreign(None, "claim", "whose", Some(40)),
            foreign(None, "claim", "delights", Some(2)),
            foreign(None, "claim", "not here at all, not in this article", None),
            foreign(None, "claim", "nor this sentence, of another story", None),
            foreign(None, "claim", "a third one about a parliament vote", None),
            foreign(None, "claim", "and a fourth on the weather in Oslo", None),
        ]);
        let p = plan(d.text(), &f);
        let s = p.summary();
        assert_eq!((s.exact, s.fuzzy, s.orphaned), (1, 0, 6), "{:?}", p.items);
        let warning = p.warnings.last().unwrap();
        assert!(
            warning
                .starts_with("this file seems to belong to another text: only 3 of its 7 quotes"),
            "{warning}"
        );
        // Asked for, they are placed after all.
        let mut asked = p.clone();
        assert_eq!(asked.place_guesses(), 2);
        assert_eq!(asked.summary().fuzzy, 2);
        assert!(asked.guesses.is_empty());
        // The same file with its own text is not judged so.
        let mut own = f.clone();
        own.text = Some(d.text().as_str().to_string());
        assert!(plan(d.text(), &own).summary().fuzzy > 0);
    }

    #[test]
    fn a_shift_all_positions_share_breaks_ties_between_occurrences() {
        let line = "Athena said the gods were gathered in the house of Zeus 😀. ";
        let a = "Odysseus longed for home and his wife, far away on an island where the nymph Calypso kept him against his will, year after year. ";
        let b = "Meanwhile the suitors feasted in his halls and wasted his wealth, while Telemachus watched and Penelope wove by day. ";
        let text = format!("{line}{a}{line}{b}{line}");
        let d = doc(&text);
        let at = |q: &str, nth: usize| {
            text.match_indices(q)
                .nth(nth)
                .map(|(b, _)| text[..b].chars().count())
                .unwrap()
        };
        // Positions about 16 lower than the text's (give or take what a
        // tool counting whitespace otherwise drifts), as a tool counting
        // without a heading gives.
        let shifted = |q: &str, nth: usize, drift: usize| at(q, nth) - 16 + drift;
        // First in the file, so that no neighbour brackets it.
        let f = file(vec![
            foreign(
                None,
                "claim",
                "the house of Zeus 😀",
                Some(shifted("the house of Zeus", 1, 30)),
            ),
            foreign(
                None,
                "claim",
                "longed for home",
                Some(shifted("longed for home", 0, 2)),
            ),
            foreign(
                None,
                "claim",
                "Penelope wove by day",
                Some(shifted("Penelope wove by day", 0, 3)),
            ),
            foreign(None, "claim", "far away", Some(shifted("far away", 0, 4))),
        ]);
        let p = plan(d.text(), &f);
        let zeus = at("the house of Zeus", 1);
        assert_eq!(
            p.items[0].anchoring,
            Anchoring::Moved {
                start: zeus,
                end: zeus + 19
            }
        );
        // Positions scattered (an edited text): no shift, no guess.
        let mut scattered = f.clone();
        for (i, a) in scattered.annotations.iter_mut().enumerate().skip(1) {
            let p = a.selector.position.as_mut().unwrap();
            p.start += 300 * i;
            p.end += 300 * i;
        }
        let p = plan(d.text(), &scattered);
        assert_eq!(p.items[0].anchoring, Anchoring::Ambiguous);
    }

    #[test]
    fn counts_outcomes_and_unknown_labels() {
        let d = doc("Officials said 東京 was calm. 🍵 Officials said so.");
        let f = file(vec![
            foreign(Some("a"), "claim", "東京 was calm", Some(15)),
            foreign(Some("b"), "Source", "was calm", Some(0)),
            foreign(None, "PER", "Officials said so", None),
            foreign(None, "quote", "not in the text at all", None),
        ]);
        let p = plan(d.text(), &f);
        let s = p.summary();
        assert_eq!((s.total, s.orphaned), (4, 1));
        assert_eq!(
            p.items[0].anchoring,
            Anchoring::Exact { start: 15, end: 26 }
        );
        assert_eq!(
            p.items[1].anchoring,
            Anchoring::Moved { start: 18, end: 26 }
        );
        assert_eq!(
            s.exact + s.moved,
            3,
            "a quote without a position, found once"
        );
        assert_eq!(s.labels, ["PER"]);
        assert_eq!((s.placeable(), s.unplaceable()), (3, 1));
        assert_eq!(
            p.items[1].tag,
            Tag::Source,
            "labels match tags case-insensitively"
        );
    }

    #[test]
    fn parts_follow_their_extent_and_are_cut_to_a_shorter_one() {
        // The file's text had "\"We go,\" he said, \"now.\"" at 0.
        let mut q = foreign(Some("q"), "quote", "We go,\" he said, \"now", Some(1));
        q.parts = vec![1..6, 19..22];
        let f = file(vec![q]);
        let d = doc("🍵 \"We go,\" he said, \"now.\"");
        let mut plan = plan(d.text(), &f);
        plan.slim();
        assert_eq!(
            plan.items[0].anchoring,
            Anchoring::Moved { start: 3, end: 24 }
        );
        let mut n = 0;
        let mut new_id = || {
            n += 1;
            AnnotationId::new(format!("n{n}")).unwrap()
        };
        let (command, _) = plan.command(&d, Mode::Merge, &ts(), &mut new_id);
        let mut d2 = d.clone();
        d2.apply(command).unwrap();
        let a = d2.annotations().next().unwrap();
        assert_eq!(a.parts, vec![3..8, 21..24]);
        assert_eq!(d2.quote(a), "We go … now");
        // Placed approximately on a shorter extent: the parts are cut to it.
        assert_eq!(f.annotations[0].parts_at(0, 10), vec![0..5]);
    }

    #[test]
    fn a_multi_part_one_is_no_duplicate_of_its_extent_and_an_orphan_keeps_its_attributes() {
        let mut d = doc("\"We go,\" he said, \"now.\"");
        d.apply(marginalia_core::document::Command::Add(
            marginalia_core::testing::ann("x", Tag::Quote, 1, 22),
        ))
        .unwrap();
        let mut q = foreign(Some("q"), "quote", "We go,\" he said, \"now", Some(1));
        q.parts = vec![1..6, 19..22];
        let mut lost = foreign(Some("o"), "quote", "not in the text", None);
        lost.attributes.insert("kind".into(), "direct".into());
        let p = plan(d.text(), &file(vec![q, lost]));
        let (command, effect) = p.command(&d, Mode::Merge, &ts(), &mut || unreachable!());
        assert_eq!(
            (effect.placed, effect.duplicates, effect.unplaced),
            (1, 0, 1)
        );
        d.apply(command).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            d.unplaced()[0].attributes.get("kind").map(String::as_str),
            Some("direct")
        );
    }

    #[test]
    fn unknown_labels_join_the_label_set_and_orphans_are_kept() {
        let d = doc("Officials said the sea was calm. Officials said so.");
        let mut orphan = foreign(Some("o"), "quote", "not in the text", None);
        orphan.note = "check this".into();
        let f = file(vec![
            foreign(Some("p"), "PER", "Officials", Some(0)),
            foreign(Some("m"), "claim", "the sea was calm", Some(3)),
            orphan,
            foreign(Some("a"), "Event type", "said", None),
        ]);
        let p = plan(d.text(), &f);
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((effect.placed, effect.unplaced), (2, 2));
        assert_eq!(p.effect(&d, Mode::Merge), effect);
        assert_eq!(
            effect.labels,
            [
                Label::new("PER").unwrap(),
                Label::new("Event type").unwrap()
            ]
        );
        let mut after = d.clone();
        let applied = after.apply(cmd).unwrap();
        assert_eq!(after.labels(), effect.labels);
        let per = after.annotation(&AnnotationId::new("p").unwrap()).unwrap();
        assert_eq!(per.tag.as_str(), "PER");
        assert_eq!(per.placement, Placement::Exact);
        let moved = after.annotation(&AnnotationId::new("m").unwrap()).unwrap();
        assert_eq!((moved.start, moved.placement), (15, Placement::Moved));
        let kept: Vec<_> = after
            .unplaced()
            .iter()
            .map(|u| (u.id.as_str(), u.exact.as_str(), u.why, u.note.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("o", "not in the text", Unplacement::Orphaned, "check this"),
                ("a", "said", Unplacement::Ambiguous, "")
            ]
        );
        // A second merge of the same file adds nothing, labels included.
        let (_, again) = p.command(&after, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((again.placed, again.unplaced, again.duplicates), (0, 0, 4));
        assert!(again.labels.is_empty());
        after.apply(applied.inverse).unwrap();
        assert_eq!(after, d, "labels and unplaced ones go with the undo");
    }

    #[test]
    fn merge_keeps_what_is_there_and_replace_swaps_it() {
        let mut d = doc("alpha beta gamma");
        d.apply(Command::Add(Annotation {
            id: AnnotationId::new("a").unwrap(),
            tag: Tag::Claim,
            start: 0,
            end: 5,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
        let f = file(vec![
            foreign(Some("a"), "claim", "alpha", Some(0)),
            foreign(Some("a"), "quote", "beta", Some(6)),
            foreign(Some("g"), "source", "gamma", Some(11)),
        ]);
        let p = plan(d.text(), &f);
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (merge, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(
            (effect.placed, effect.duplicates),
            (2, 1),
            "the same claim on alpha is not added twice"
        );
        assert_eq!(p.effect(&d, Mode::Merge), effect);
        let mut merged = d.clone();
        merged.apply(merge).unwrap();
        let ids: Vec<&str> = merged.annotations().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "new1", "g"], "a taken id gets a fresh one");

        let (replace, effect) = p.command(&d, Mode::Replace, &ts(), &mut fresh);
        assert_eq!((effect.placed, effect.removed), (3, 1));
        assert_eq!(p.effect(&d, Mode::Replace), effect);
        let mut replaced = d.clone();
        let applied = replaced.apply(replace).unwrap();
        assert_eq!(replaced.len(), 3);
        replaced.apply(applied.inverse).unwrap();
        assert_eq!(replaced, d, "one command, undone in one step");
    }

    #[test]
    fn a_files_own_unplaced_ones_are_all_kept() {
        let d = doc("Nothing of it is here.");
        let mut one = foreign(Some("n1"), "quote", "gone words", None);
        one.note = "first".into();
        let mut two = foreign(Some("n2"), "quote", "gone words", None);
        two.note = "second".into();
        let mut bare = foreign(Some("p1"), "claim", "", Some(400));
        bare.selector.quote = None;
        let mut bare2 = bare.clone();
        bare2.id = Some("p2".into());
        let p = plan(d.text(), &file(vec![one, two, bare, bare2]));
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((effect.unplaced, effect.duplicates), (4, 0));
        let mut after = d.clone();
        after.apply(cmd).unwrap();
        let (_, again) = p.command(&after, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(
            (again.unplaced, again.duplicates),
            (2, 2),
            "quotes already kept are not kept twice; empty ones cannot be told apart"
        );
    }

    /// A label written with `_` for its spaces is the label already there
    /// (in the document, or earlier in the file): they would share a token
    /// in `data-tags`, brat and CoNLL.
    #[test]
    fn labels_sharing_a_token_are_one() {
        let mut d = doc("Ann Lee met Bob Day at Acme Corp.");
        d.apply(Command::AddLabel(Label::new("Named person").unwrap()))
            .unwrap();
        let p = plan(
            d.text(),
            &file(vec![
                foreign(Some("a"), "Named_person", "Ann Lee", Some(0)),
                foreign(Some("b"), "Org name", "Acme Corp", Some(23)),
                foreign(Some("c"), "Org_name", "Bob Day", Some(12)),
            ]),
        );
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(effect.labels, [Label::new("Org name").unwrap()]);
        let mut after = d.clone();
        after.apply(cmd).unwrap();
        let tags: Vec<&str> = after.annotations().map(|a| a.tag.as_str()).collect();
        assert_eq!(tags, ["Named person", "Org name", "Org name"]);
        assert_eq!(
            after.apply(Command::AddLabel(Label::new("Org_name").unwrap())),
            Err(marginalia_core::document::CommandError::DuplicateLabel(
                "Org_name".into()
            ))
        );
    }
}
