//! Judging a re-anchoring against where the span went, and running the
//! suite over every edited copy in one mode.

use crate::edits::{edit, selectors, Article, Edited, Kind, KINDS};
use marginalia_core::anchor::CONTEXT;
use marginalia_core::{Text, TextQuote};
use marginalia_interop::reanchor::{
    match_quote_all, reanchor_all_with, reanchor_with, Anchoring, Selector, Thresholds,
};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Correct,
    Near,
    Unplaced,
    /// On another passage of the original that matches the whole selector
    /// (prefix, quote, suffix) within a quarter of its length: the article
    /// repeated the annotated passage, and the annotated copy was edited or
    /// deleted. Only neighbours can tell these apart.
    Twin,
    /// Exactly the quote, on text the edit inserted, with the whole stored
    /// context agreeing on at least one side: a near-duplicate `S'` inserted
    /// right before an annotated sentence `S` reads as well as `S` edited
    /// into `S'` and copied after itself, and the parts of `S` that `S'`
    /// keeps may go to either copy. Counted apart; allowed only for that
    /// edit.
    Copy,
    Wrong,
}

pub(crate) struct Truth {
    /// Positions in the copy whose character came from the span.
    pub(crate) from_span: Vec<usize>,
    /// The span in the copy, when the characters from the span are together
    /// (new characters between them allowed).
    pub(crate) image: Option<(usize, usize)>,
    /// The span's text is in the copy unchanged, all in one place.
    pub(crate) intact: bool,
    /// Intact, and so are the 32 code points of context on each side that
    /// the selector stores: no edit touched the selector.
    pub(crate) untouched: bool,
}

/// Where the span `s..e` of the original (`old`) went in the copy (`new`,
/// whose characters came from `origin`).
pub(crate) fn truth(
    origin: &[Option<usize>],
    old: &[char],
    new: &[char],
    s: usize,
    e: usize,
) -> Truth {
    let len = old.len();
    let inside = |o: Option<usize>| o.is_some_and(|o| o >= s && o < e);
    let from_span: Vec<usize> = (0..origin.len()).filter(|&j| inside(origin[j])).collect();
    // The original `from..to` is at `lo..` unchanged (a substitution keeps
    // a character's origin but not the character).
    let run = |lo: usize, from: usize, to: usize| {
        lo + (to - from) <= origin.len()
            && (lo..lo + (to - from))
                .enumerate()
                .all(|(k, j)| origin[j] == Some(from + k) && new[j] == old[from + k])
    };
    let (image, intact, untouched) = match (from_span.first(), from_span.last()) {
        (Some(&lo), Some(&hi)) => {
            let together = (lo..=hi).all(|j| origin[j].is_none() || inside(origin[j]));
            let intact = hi + 1 - lo == e - s && run(lo, s, e);
            let (cs, ce) = (s.saturating_sub(CONTEXT), (e + CONTEXT).min(len));
            let untouched = intact && lo >= s - cs && run(lo - (s - cs), cs, ce);
            (together.then_some((lo, hi + 1)), intact, untouched)
        }
        _ => (None, s == e, s == e),
    };
    Truth {
        from_span,
        image,
        intact,
        untouched,
    }
}

pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diag + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Whether `a..b` of the copy is an unchanged passage of the original, away
/// from the annotated span, where the whole selector (32 code points of
/// context each side, as stored) matches within a quarter of its length.
pub(crate) fn twin(
    edited: &Edited,
    new: &[char],
    old: &[char],
    span: (usize, usize),
    a: usize,
    b: usize,
) -> bool {
    let Some(o) = edited.origin.get(a).copied().flatten() else {
        return false;
    };
    let unchanged = (a..b).all(|j| edited.origin[j] == Some(o + j - a) && new[j] == old[o + j - a]);
    let (s, e) = span;
    let apart = o + (b - a) <= s || o >= e;
    if !unchanged || !apart {
        return false;
    }
    let stored: Vec<char> = old[s.saturating_sub(CONTEXT)..(e + CONTEXT).min(old.len())].to_vec();
    let lp = s - s.saturating_sub(CONTEXT);
    let ls = (e + CONTEXT).min(old.len()) - e;
    let there: Vec<char> = old[o.saturating_sub(lp)..(o + (b - a) + ls).min(old.len())].to_vec();
    edit_distance(&stored, &there) * 4 <= stored.len()
}

/// Whether `a..b` of the copy is text the edit inserted that reads as the
/// quote with one whole side of the stored context (see [`Verdict::Copy`]).
pub(crate) fn copy_reading(
    edited: &Edited,
    new: &[char],
    sel: &Selector,
    a: usize,
    b: usize,
) -> bool {
    let Some(q) = &sel.quote else {
        return false;
    };
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let (prefix, exact, suffix) = (chars(&q.prefix), chars(&q.exact), chars(&q.suffix));
    let inserted = (a..b).all(|j| edited.origin[j].is_none());
    let before = a >= prefix.len() && new[a - prefix.len()..a] == prefix[..];
    let after = b + suffix.len() <= new.len() && new[b..b + suffix.len()] == suffix[..];
    inserted && new[a..b] == exact[..] && (before || after)
}

/// `same_text`: the text at the result is exactly the annotation's quote.
pub(crate) fn judge(t: &Truth, r: &Anchoring, same_text: bool) -> Verdict {
    let Some((a, b)) = r.span() else {
        return Verdict::Unplaced;
    };
    if Some((a, b)) == t.image {
        return Verdict::Correct;
    }
    let (Some(&lo), Some(&hi)) = (t.from_span.first(), t.from_span.last()) else {
        return Verdict::Wrong;
    };
    // Mostly made of the span's characters and covering most of them (the
    // approximate step may draw a boundary a character off), or exactly the
    // quote inside the stretch of the copy that holds the span's characters
    // (a copy inserted inside the span: `A A' B` holds the quote `A B` twice
    // over).
    let hits = t.from_span.iter().filter(|&&j| j >= a && j < b).count();
    let inside = a >= lo && b <= hi + 1;
    let mostly = b > a && hits * 2 >= b - a && hits * 2 >= t.from_span.len();
    if hits > 0 && ((inside && same_text) || mostly) {
        Verdict::Near
    } else {
        Verdict::Wrong
    }
}

#[derive(Default, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) total: usize,
    pub(crate) untouched: usize,
    pub(crate) exact: usize,
    pub(crate) moved: usize,
    pub(crate) fuzzy: usize,
    pub(crate) ambiguous: usize,
    pub(crate) orphaned: usize,
    pub(crate) correct: usize,
    pub(crate) near: usize,
    pub(crate) unplaced: usize,
    pub(crate) twin: usize,
    pub(crate) copy: usize,
    pub(crate) wrong: usize,
    /// Untouched annotations found exactly on their span (Exact or Moved).
    pub(crate) untouched_found: usize,
    /// Untouched annotations whose selector is unambiguous in the original
    /// (no other occurrence of the quote agrees with a whole side of the
    /// context).
    pub(crate) unique: usize,
    /// Those found exactly on their span (Exact or Moved).
    pub(crate) unique_found: usize,
    /// Annotations whose quote is intact (context perhaps edited).
    pub(crate) intact: usize,
    /// Intact ones found exactly on their span (Exact or Moved).
    pub(crate) intact_found: usize,
    /// Annotations whose span is gone from the copy entirely.
    pub(crate) gone: usize,
    /// Intact annotations of at least 32 code points whose quote occurs
    /// exactly once in the copy.
    pub(crate) sole: usize,
    /// Those found exactly on their span (Exact or Moved).
    pub(crate) sole_found: usize,
}

impl Row {
    pub(crate) fn add(&mut self, o: &Row) {
        self.total += o.total;
        self.untouched += o.untouched;
        self.exact += o.exact;
        self.moved += o.moved;
        self.fuzzy += o.fuzzy;
        self.ambiguous += o.ambiguous;
        self.orphaned += o.orphaned;
        self.correct += o.correct;
        self.near += o.near;
        self.unplaced += o.unplaced;
        self.twin += o.twin;
        self.copy += o.copy;
        self.wrong += o.wrong;
        self.untouched_found += o.untouched_found;
        self.intact += o.intact;
        self.unique += o.unique;
        self.unique_found += o.unique_found;
        self.intact_found += o.intact_found;
        self.gone += o.gone;
        self.sole += o.sole;
        self.sole_found += o.sole_found;
    }
}

pub(crate) fn count(
    row: &mut Row,
    t: &Truth,
    r: &Anchoring,
    same_text: bool,
    unique: bool,
    is_twin: bool,
    is_copy: bool,
) -> Verdict {
    let mut v = judge(t, r, same_text);
    if v == Verdict::Wrong && is_twin {
        v = Verdict::Twin;
    }
    if v == Verdict::Wrong && is_copy {
        v = Verdict::Copy;
    }
    row.total += 1;
    row.untouched += usize::from(t.untouched);
    row.gone += usize::from(t.from_span.is_empty());
    match r {
        Anchoring::Exact { .. } => row.exact += 1,
        Anchoring::Moved { .. } => row.moved += 1,
        Anchoring::Fuzzy { .. } => row.fuzzy += 1,
        Anchoring::Ambiguous => row.ambiguous += 1,
        Anchoring::Orphaned => row.orphaned += 1,
    }
    match v {
        Verdict::Correct => row.correct += 1,
        Verdict::Near => row.near += 1,
        Verdict::Unplaced => row.unplaced += 1,
        Verdict::Twin => row.twin += 1,
        Verdict::Copy => row.copy += 1,
        Verdict::Wrong => row.wrong += 1,
    }
    let found =
        v == Verdict::Correct && matches!(r, Anchoring::Exact { .. } | Anchoring::Moved { .. });
    row.intact += usize::from(t.intact);
    row.intact_found += usize::from(t.intact && found);
    row.untouched_found += usize::from(t.untouched && found);
    row.unique += usize::from(t.untouched && unique);
    row.unique_found += usize::from(t.untouched && unique && found);
    v
}

pub(crate) fn print_table(title: &str, rows: &BTreeMap<Kind, Row>) {
    println!("\n{title}");
    println!(
        "{:<14}{:>6}{:>7}{:>7}{:>6}{:>6}{:>6}{:>6}{:>6}{:>8}{:>6}{:>8}{:>5}{:>5}{:>6}{:>9}{:>9}{:>8}{:>8}",
        "edit",
        "annot",
        "intact",
        "untch",
        "exact",
        "moved",
        "fuzzy",
        "ambig",
        "orph",
        "correct",
        "near",
        "unplcd",
        "twin",
        "copy",
        "WRONG",
        "intct ok",
        "untch ok",
        "uniq",
        "uniq ok"
    );
    let mut all = Row::default();
    let line = |name: &str, r: &Row| {
        println!(
            "{:<14}{:>6}{:>7}{:>7}{:>6}{:>6}{:>6}{:>6}{:>6}{:>8}{:>6}{:>8}{:>5}{:>5}{:>6}{:>9}{:>9}{:>8}{:>8}",
            name,
            r.total,
            r.intact,
            r.untouched,
            r.exact,
            r.moved,
            r.fuzzy,
            r.ambiguous,
            r.orphaned,
            r.correct,
            r.near,
            r.unplaced,
            r.twin,
            r.copy,
            r.wrong,
            r.intact_found,
            r.untouched_found,
            r.unique,
            r.unique_found
        );
    };
    for (k, r) in rows {
        line(&format!("{k:?}").to_lowercase(), r);
        all.add(r);
    }
    line("all", &all);
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Position and quote, all at once with `reanchor_all`.
    Batch,
    /// Position and quote, one by one with `reanchor`.
    Single,
    /// Quote and context only, all at once.
    QuoteOnly,
}

pub(crate) struct Case {
    pub(crate) kind: Kind,
    pub(crate) article: usize,
    pub(crate) edited: Edited,
}

pub(crate) fn cases(arts: &[Article]) -> Vec<Case> {
    let mut out = Vec::new();
    for (ai, a) in arts.iter().enumerate() {
        // Sentences of the other articles, for insertions.
        let others: Vec<String> = arts
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != ai)
            .flat_map(|(_, b)| {
                b.units.iter().skip(1).map(|&(s, e)| {
                    b.chars[s..e]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_string()
                })
            })
            .collect();
        for (ki, &kind) in KINDS.iter().enumerate() {
            for round in 0..2u64 {
                let seed = 0x9E37_79B9_7F4A_7C15 ^ ((ai as u64) << 32) ^ ((ki as u64) << 8) ^ round;
                out.push(Case {
                    kind,
                    article: ai,
                    edited: edit(a, &others, kind, seed),
                });
            }
        }
    }
    out
}

pub(crate) struct Outcome {
    pub(crate) rows: BTreeMap<Kind, Row>,
    pub(crate) wrong_examples: Vec<String>,
}

pub(crate) fn run(arts: &[Article], cases: &[Case], mode: Mode, th: &Thresholds) -> Outcome {
    let mut rows: BTreeMap<Kind, Row> = BTreeMap::new();
    let mut wrong_examples = Vec::new();
    for c in cases {
        let a = &arts[c.article];
        let original = Text::new(a.text.as_str());
        let sels = selectors(a, &original, mode != Mode::QuoteOnly);
        let text = Text::new(c.edited.text.as_str());
        let new_chars: Vec<char> = c.edited.text.chars().collect();
        // A selector is unambiguous in the original when no other
        // occurrence of its quote agrees with even one whole side of its
        // context (after an edit on the other side, that one would fit as
        // well).
        let unique: Vec<bool> = a
            .spans
            .iter()
            .map(|&(s, e)| {
                let q = TextQuote::of(&original, s, e);
                let with_prefix = match_quote_all(&original, &q.exact, &q.prefix, "");
                let with_suffix = match_quote_all(&original, &q.exact, "", &q.suffix);
                with_prefix.iter().chain(&with_suffix).all(|&m| m == (s, e))
            })
            .collect();
        let mut results = match mode {
            Mode::Batch | Mode::QuoteOnly => reanchor_all_with(&text, &sels, th),
            Mode::Single => sels.iter().map(|s| reanchor_with(&text, s, th)).collect(),
        };
        // As an import does (see `plan`): shared position shifts break ties.
        if mode == Mode::Batch {
            marginalia_interop::reanchor::break_ties(&text, &sels, &mut results);
        }
        let row = rows.entry(c.kind).or_default();
        for (((&(s, e), r), sel), &uniq) in a.spans.iter().zip(&results).zip(&sels).zip(&unique) {
            let t = truth(&c.edited.origin, &a.chars, &new_chars, s, e);
            let quote = sel.quote.as_ref().map_or("", |q| q.exact.as_str());
            let same = r.span().is_some_and(|(x, y)| text.slice(x..y) == quote);
            let is_twin = r
                .span()
                .is_some_and(|(x, y)| twin(&c.edited, &new_chars, &a.chars, (s, e), x, y));
            let is_copy = r
                .span()
                .is_some_and(|(x, y)| copy_reading(&c.edited, &new_chars, sel, x, y));
            let v = count(row, &t, r, same, uniq, is_twin, is_copy);
            let sole = t.intact
                && quote.chars().count() >= 32
                && match_quote_all(&text, quote, "", "").len() == 1;
            row.sole += usize::from(sole);
            row.sole_found += usize::from(
                sole && v == Verdict::Correct
                    && matches!(r, Anchoring::Exact { .. } | Anchoring::Moved { .. }),
            );
            if v == Verdict::Wrong && wrong_examples.len() < 12 {
                let (x, y) = r.span().unwrap_or((0, 0));
                wrong_examples.push(format!(
                    "{:?} {} {mode:?} span {s}..{e} {:?} -> {r:?} {:?} (image {:?})",
                    c.kind,
                    a.name,
                    sel.quote.as_ref().map(|q| q.exact.as_str()),
                    text.slice(x..y),
                    t.image
                ));
            }
        }
    }
    Outcome {
        rows,
        wrong_examples,
    }
}
