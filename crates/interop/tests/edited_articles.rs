//! Re-anchoring on edited copies of real news articles.
//!
//! The 24 GUM Wikinews articles vendored in `bench/data/gum-news` (texts CC
//! BY 2.5, Wikinews; attribution spans CC BY 4.0, GUM — see the licence
//! files there) are annotated (GUM's attribution spans, every sentence, and
//! a short span of one to three words in every sentence), then edited in
//! eight ways. Every character of an edited copy remembers which character
//! of the original it came from (or that it is new), so the right place of
//! every annotation in the copy is known: the characters that came from its
//! span. Each annotation is re-anchored from its quote, context and
//! position, and the result is counted as correct (exactly that span), near
//! (mostly on it, boundaries differ), unplaced (orphaned or ambiguous) or
//! wrong (anywhere else, including a copy of the text that is new). Nothing
//! may be wrong; annotations whose text the edits did not touch must be
//! found exactly.
//!
//! The ignored tests measure: `measure` prints the distributions behind the
//! thresholds of `reanchor.rs` and a sweep of them; `timing` re-anchors
//! 10,000 annotations on an edited ~1 MB text (run them with
//! `cargo test --release --test edited_articles -- --ignored --nocapture`).

use marginalia_core::anchor::CONTEXT;
use marginalia_core::text::cp_to_utf16;
use marginalia_core::{Text, TextQuote};
use marginalia_interop::reanchor::{
    candidate_sites, match_quote_all, reanchor_all_with, reanchor_with, Anchoring, Position,
    Selector, Thresholds, Unit,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Instant;

const GUM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../bench/data/gum-news/attributions.json"
));

// ---------------------------------------------------------------------------
// Deterministic randomness.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo)
    }
}

// ---------------------------------------------------------------------------
// Articles, sentences, annotations.

struct Article {
    name: String,
    text: String,
    chars: Vec<char>,
    /// Units: sentences with the space after them, covering the text.
    units: Vec<(usize, usize)>,
    /// Annotated spans (code points), distinct.
    spans: Vec<(usize, usize)>,
}

fn split_units(chars: &[char]) -> Vec<(usize, usize)> {
    let mut units = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let ends = matches!(chars[i], '.' | '?' | '!')
            && (i == 0 || chars[i - 1] == ' ')
            && i + 1 < chars.len()
            && chars[i + 1] == ' ';
        if ends {
            units.push((start, i + 2));
            start = i + 2;
        }
    }
    if start < chars.len() {
        units.push((start, chars.len()));
    }
    units
}

fn articles() -> Vec<Article> {
    let doc: Value = serde_json::from_str(GUM).expect("attributions.json parses");
    let mut rng = Rng(0x5eed_0001);
    let mut out = Vec::new();
    for (k, d) in doc["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .enumerate()
    {
        let raw = d["text"].as_str().expect("text");
        // Every other article starts with an emoji, so that code points,
        // UTF-16 units and bytes all differ.
        let header = if k % 2 == 1 { "📰 " } else { "" };
        let shift = header.chars().count();
        let text = format!("{header}{raw}");
        let chars: Vec<char> = text.chars().collect();
        let units = split_units(&chars);
        let mut spans = Vec::new();
        for a in d["attributions"].as_array().expect("attributions") {
            for part in ["source", "content"] {
                let s = a[part]["start"].as_u64().expect("start") as usize + shift;
                let e = a[part]["end"].as_u64().expect("end") as usize + shift;
                let got: String = chars[s..e].iter().collect();
                assert_eq!(got, a[part]["text"].as_str().expect("span text"));
                spans.push((s, e));
            }
        }
        for &(s, e) in &units {
            let e = if chars[e - 1] == ' ' { e - 1 } else { e };
            spans.push((s, e));
            // One to three words of the sentence.
            let words: Vec<(usize, usize)> = word_spans(&chars, s, e);
            if !words.is_empty() {
                let a = rng.below(words.len());
                let b = (a + rng.below(3)).min(words.len() - 1);
                spans.push((words[a].0, words[b].1));
            }
        }
        spans.sort_unstable();
        spans.dedup();
        out.push(Article {
            name: d["doc"].as_str().expect("doc").to_string(),
            text,
            chars,
            units,
            spans,
        });
    }
    out
}

fn word_spans(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut i = s;
    while i < e {
        while i < e && chars[i] == ' ' {
            i += 1;
        }
        let w = i;
        while i < e && chars[i] != ' ' {
            i += 1;
        }
        if i > w {
            words.push((w, i));
        }
    }
    words
}

fn selectors(a: &Article, text: &Text, with_position: bool) -> Vec<Selector> {
    a.spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| {
            let position = with_position.then(|| {
                // Every third position is stored in UTF-16 units, as a
                // browser tool would.
                if i % 3 == 0 {
                    Position {
                        start: cp_to_utf16(&a.text, s),
                        end: cp_to_utf16(&a.text, e),
                        unit: Unit::Utf16,
                    }
                } else {
                    Position {
                        start: s,
                        end: e,
                        unit: Unit::CodePoint,
                    }
                }
            });
            Selector {
                position,
                quote: Some(TextQuote::of(text, s, e)),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Edits with provenance.

/// A character of an edited copy and the original character it came from.
type Piece = Vec<(char, Option<usize>)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Insert,
    Delete,
    Reorder,
    Typo,
    Duplicate,
    Retokenize,
    Unicode,
    Mixed,
    /// A near-duplicate of a sentence (one word differs) inserted right
    /// after it.
    NearDupAfter,
    /// The same, inserted right before it.
    NearDupBefore,
}

const KINDS: [Kind; 10] = [
    Kind::Insert,
    Kind::Delete,
    Kind::Reorder,
    Kind::Typo,
    Kind::Duplicate,
    Kind::Retokenize,
    Kind::Unicode,
    Kind::Mixed,
    Kind::NearDupAfter,
    Kind::NearDupBefore,
];

struct Edited {
    text: String,
    origin: Vec<Option<usize>>,
}

fn unit_pieces(a: &Article) -> Vec<Piece> {
    a.units
        .iter()
        .map(|&(s, e)| (s..e).map(|i| (a.chars[i], Some(i))).collect())
        .collect()
}

fn new_piece(s: &str) -> Piece {
    s.chars().map(|c| (c, None)).collect()
}

fn flatten(units: &[Piece]) -> Edited {
    let mut text = String::new();
    let mut origin = Vec::new();
    for u in units {
        for &(c, o) in u {
            text.push(c);
            origin.push(o);
        }
    }
    Edited { text, origin }
}

fn typo(rng: &mut Rng, u: &mut Piece) {
    let letters: Vec<usize> = (0..u.len()).filter(|&i| u[i].0.is_alphabetic()).collect();
    if letters.is_empty() {
        return;
    }
    let i = letters[rng.below(letters.len())];
    let letter = (b'a' + rng.below(26) as u8) as char;
    match rng.below(4) {
        // Substitution keeps the character's origin.
        0 => {
            let c = if u[i].0 == letter { 'x' } else { letter };
            u[i].0 = c;
        }
        1 => {
            u.remove(i);
        }
        2 => u.insert(i, (letter, None)),
        _ => {
            if i + 1 < u.len() && u[i + 1].0.is_alphabetic() && u[i + 1].0 != u[i].0 {
                u.swap(i, i + 1);
            } else {
                u[i].0 = if u[i].0 == letter { 'x' } else { letter };
            }
        }
    }
}

fn retokenize(u: &mut Piece) {
    // Detokenize as another scraper would: "word ," -> "word,", "( x" -> "(x".
    let mut out: Piece = Vec::with_capacity(u.len());
    let n = u.len();
    for i in 0..n {
        let c = u[i].0;
        if c == ' ' && i + 1 < n - 1 {
            let next = u[i + 1].0;
            let prev = if i > 0 { u[i - 1].0 } else { ' ' };
            let after = if i + 2 < n { u[i + 2].0 } else { ' ' };
            let glue = matches!(next, ',' | ':' | ';' | ')' | '%')
                || (next == '.' && i + 2 < n - 1)
                || (next == '\'' && after == 's')
                || prev == '(';
            if glue {
                continue;
            }
        }
        out.push(u[i]);
    }
    *u = out;
}

/// A copy of `u` (all of it new) in which one word of three or more letters
/// is another word.
fn near_duplicate(rng: &mut Rng, u: &Piece) -> Piece {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < u.len() {
        let start = i;
        while i < u.len() && u[i].0.is_alphabetic() {
            i += 1;
        }
        if i - start >= 3 {
            words.push((start, i));
        }
        i = i.max(start + 1);
    }
    let mut copy: Piece = u.iter().map(|&(c, _)| (c, None)).collect();
    if words.is_empty() {
        return copy;
    }
    let (s, e) = words[rng.below(words.len())];
    let old: String = u[s..e].iter().map(|&(c, _)| c).collect();
    let word = ["several", "early", "former", "local"]
        .into_iter()
        .find(|w| !old.eq_ignore_ascii_case(w))
        .unwrap_or("other");
    copy.splice(s..e, word.chars().map(|c| (c, None)));
    copy
}

const UNICODE_BITS: [&str; 5] = ["🍵 ", "東京 ", "cafe\u{301} ", "👩‍👩‍👧 ", "Ünïcödé "];

fn edit(a: &Article, others: &[String], kind: Kind, seed: u64) -> Edited {
    let mut rng = Rng(seed);
    let mut units = unit_pieces(a);
    let n = units.len();
    // The last unit has no trailing space: it is never moved or removed.
    let inner = |rng: &mut Rng, units: &Vec<Piece>| rng.below(units.len() - 1);
    let sentence = |rng: &mut Rng| {
        let s = &others[rng.below(others.len())];
        new_piece(&format!("{s} "))
    };
    match kind {
        Kind::Insert => {
            for _ in 0..3 {
                let at = rng.range(1, units.len());
                let s = sentence(&mut rng);
                units.insert(at, s);
            }
        }
        Kind::Delete => {
            for _ in 0..3 {
                if units.len() > 2 {
                    let at = inner(&mut rng, &units);
                    units.remove(at);
                }
            }
        }
        Kind::Reorder => {
            if n > 3 {
                let i = rng.below(n - 2);
                units.swap(i, i + 1);
            }
            if n > 6 {
                let i = rng.below(n - 4);
                let j = rng.range(i + 3, n - 1);
                units.swap(i, j);
            }
        }
        Kind::Typo => {
            for _ in 0..6 {
                let at = rng.below(units.len());
                typo(&mut rng, &mut units[at]);
            }
        }
        Kind::Duplicate => {
            // A copy right after its original (A), and a copy of another
            // sentence elsewhere (B), each away from the other's
            // neighbourhood: a copy right before its own original, or both
            // edits around one sentence, leave two equally good readings.
            if n > 12 {
                let (i, j, at) = loop {
                    let i = rng.below(n - 1);
                    let j = rng.below(n - 1);
                    let at = rng.range(1, n - 1);
                    let far = |x: usize, y: usize| x.abs_diff(y) >= 3;
                    if far(i, j) && far(at, i) && far(at, j) && at != i + 1 {
                        break (i, j, at);
                    }
                };
                let copy = |u: &Piece| -> Piece { u.iter().map(|&(c, _)| (c, None)).collect() };
                let (a_copy, b_copy) = (copy(&units[i]), copy(&units[j]));
                // Insert from the later position first.
                let mut inserts = [(i + 1, a_copy), (at, b_copy)];
                inserts.sort_by_key(|x| std::cmp::Reverse(x.0));
                for (pos, piece) in inserts {
                    units.insert(pos, piece);
                }
            }
        }
        Kind::Retokenize => {
            for _ in 0..5 {
                let at = rng.below(units.len());
                retokenize(&mut units[at]);
            }
        }
        Kind::Unicode => {
            for _ in 0..4 {
                let at = rng.below(units.len());
                let u = &mut units[at];
                let spaces: Vec<usize> = (0..u.len()).filter(|&i| u[i].0 == ' ').collect();
                if let Some(&sp) = spaces.get(rng.below(spaces.len().max(1))) {
                    let bit = UNICODE_BITS[rng.below(UNICODE_BITS.len())];
                    for (k, c) in bit.chars().enumerate() {
                        u.insert(sp + 1 + k, (c, None));
                    }
                }
            }
        }
        Kind::NearDupAfter | Kind::NearDupBefore => {
            // Three sentences, from the last so that earlier indices stay
            // valid, at least three apart (never the first or the last
            // unit, which has no trailing space).
            if n > 12 {
                // Not inside an annotated span (an edit there is an edit
                // of the annotation, not next to it).
                let at = |i: usize| a.units[if kind == Kind::NearDupAfter { i + 1 } else { i }].0;
                let clear = |i: usize| a.spans.iter().all(|&(s, e)| at(i) <= s || at(i) >= e);
                let mut slots: Vec<usize> = Vec::new();
                for _ in 0..1000 {
                    let i = rng.range(1, n - 1);
                    if clear(i) && slots.iter().all(|&s| s.abs_diff(i) >= 3) {
                        slots.push(i);
                    }
                    if slots.len() == 3 {
                        break;
                    }
                }
                slots.sort_unstable_by(|a, b| b.cmp(a));
                for i in slots {
                    let copy = near_duplicate(&mut rng, &units[i]);
                    let at = if kind == Kind::NearDupAfter { i + 1 } else { i };
                    units.insert(at, copy);
                }
            }
        }
        Kind::Mixed => {
            // One edit of each kind, on units at least three apart, applied
            // from the last so that earlier indices stay valid.
            if n > 16 {
                let mut slots: Vec<usize> = Vec::new();
                while slots.len() < 5 {
                    let i = rng.below(n - 2);
                    if slots.iter().all(|&s| s.abs_diff(i) >= 3) {
                        slots.push(i);
                    }
                }
                slots.sort_unstable_by(|a, b| b.cmp(a));
                let mut ops = [0usize, 1, 2, 3, 4];
                for k in (1..ops.len()).rev() {
                    ops.swap(k, rng.below(k + 1));
                }
                for (&i, &op) in slots.iter().zip(&ops) {
                    match op {
                        0 => {
                            let s = sentence(&mut rng);
                            units.insert(i + 1, s);
                        }
                        1 => {
                            units.remove(i);
                        }
                        2 => units.swap(i, i + 1),
                        3 => typo(&mut rng, &mut units[i]),
                        _ => {
                            let copy: Piece = units[i].iter().map(|&(c, _)| (c, None)).collect();
                            units.insert(i + 1, copy);
                        }
                    }
                }
            }
        }
    }
    flatten(&units)
}

// ---------------------------------------------------------------------------
// Judging a result against where the span went.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
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

struct Truth {
    /// Positions in the copy whose character came from the span.
    from_span: Vec<usize>,
    /// The span in the copy, when the characters from the span are together
    /// (new characters between them allowed).
    image: Option<(usize, usize)>,
    /// The span's text is in the copy unchanged, all in one place.
    intact: bool,
    /// Intact, and so are the 32 code points of context on each side that
    /// the selector stores: no edit touched the selector.
    untouched: bool,
}

/// Where the span `s..e` of the original (`old`) went in the copy (`new`,
/// whose characters came from `origin`).
fn truth(origin: &[Option<usize>], old: &[char], new: &[char], s: usize, e: usize) -> Truth {
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

fn edit_distance(a: &[char], b: &[char]) -> usize {
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
fn twin(
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
fn copy_reading(edited: &Edited, new: &[char], sel: &Selector, a: usize, b: usize) -> bool {
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
fn judge(t: &Truth, r: &Anchoring, same_text: bool) -> Verdict {
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
struct Row {
    total: usize,
    untouched: usize,
    exact: usize,
    moved: usize,
    fuzzy: usize,
    ambiguous: usize,
    orphaned: usize,
    correct: usize,
    near: usize,
    unplaced: usize,
    twin: usize,
    copy: usize,
    wrong: usize,
    /// Untouched annotations found exactly on their span (Exact or Moved).
    untouched_found: usize,
    /// Untouched annotations whose selector is unambiguous in the original
    /// (no other occurrence of the quote agrees with a whole side of the
    /// context).
    unique: usize,
    /// Those found exactly on their span (Exact or Moved).
    unique_found: usize,
    /// Annotations whose quote is intact (context perhaps edited).
    intact: usize,
    /// Intact ones found exactly on their span (Exact or Moved).
    intact_found: usize,
    /// Annotations whose span is gone from the copy entirely.
    gone: usize,
    /// Intact annotations of at least 32 code points whose quote occurs
    /// exactly once in the copy.
    sole: usize,
    /// Those found exactly on their span (Exact or Moved).
    sole_found: usize,
}

impl Row {
    fn add(&mut self, o: &Row) {
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

fn count(
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

fn print_table(title: &str, rows: &BTreeMap<Kind, Row>) {
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
enum Mode {
    /// Position and quote, all at once with `reanchor_all`.
    Batch,
    /// Position and quote, one by one with `reanchor`.
    Single,
    /// Quote and context only, all at once.
    QuoteOnly,
}

struct Case {
    kind: Kind,
    article: usize,
    edited: Edited,
}

fn cases(arts: &[Article]) -> Vec<Case> {
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

struct Outcome {
    rows: BTreeMap<Kind, Row>,
    wrong_examples: Vec<String>,
}

fn run(arts: &[Article], cases: &[Case], mode: Mode, th: &Thresholds) -> Outcome {
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
        let results = match mode {
            Mode::Batch | Mode::QuoteOnly => reanchor_all_with(&text, &sels, th),
            Mode::Single => sels.iter().map(|s| reanchor_with(&text, s, th)).collect(),
        };
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

#[test]
fn edited_articles_are_never_misplaced() {
    let arts = articles();
    let cases = cases(&arts);
    let th = Thresholds::default();
    for mode in [Mode::Batch, Mode::Single, Mode::QuoteOnly] {
        let out = run(&arts, &cases, mode, &th);
        print_table(
            &format!("{mode:?}: {} edited copies of 24 articles", cases.len()),
            &out.rows,
        );
        for w in &out.wrong_examples {
            println!("WRONG {w}");
        }
        let mut all = Row::default();
        for r in out.rows.values() {
            all.add(r);
        }
        assert_eq!(all.wrong, 0, "{mode:?}: annotations placed on a wrong span");
        for (kind, r) in &out.rows {
            if *kind != Kind::NearDupBefore {
                assert_eq!(r.copy, 0, "{mode:?} {kind:?}: placed on an inserted copy");
            }
        }
        assert!(all.total > 20_000, "{mode:?}: {} annotations", all.total);
        if mode == Mode::Batch {
            // With neighbours, a repeated passage never takes the place of
            // its deleted twin.
            assert_eq!(all.twin, 0, "{mode:?}: placed on a twin");
        }
        for (kind, r) in &out.rows {
            match mode {
                // Every annotation no edit touched, whose selector was not
                // ambiguous in the original already, is found exactly.
                // A near-duplicate inserted right before a sentence holds
                // the parts it keeps with the same context: two equally
                // good readings (see `Verdict::Copy`).
                Mode::Batch if *kind == Kind::NearDupBefore => assert!(
                    r.unique_found + r.copy >= r.unique,
                    "{mode:?} {kind:?}: untouched annotations neither found exactly nor on the copy"
                ),
                Mode::Batch => assert_eq!(
                    r.unique_found, r.unique,
                    "{mode:?} {kind:?}: untouched annotations not found exactly"
                ),
                // Alone, an annotation has only its stored position (or not
                // even that): when its sentence was duplicated and the text
                // before it edited, neither copy can be preferred
                // (ambiguous); nearly all else is found.
                Mode::Single | Mode::QuoteOnly => assert!(
                    (r.unique_found + r.copy) * 100
                        >= r.unique * if mode == Mode::Single { 97 } else { 95 },
                    "{mode:?} {kind:?}: {} of {} untouched found",
                    r.unique_found,
                    r.unique
                ),
            }
            // Annotations that still exist in some form are mostly placed
            // (alone, without neighbours' shifts, less often).
            let present = r.total - r.gone;
            let share = if mode == Mode::Batch { 90 } else { 75 };
            assert!(
                (r.correct + r.near) * 100 >= present * share,
                "{mode:?} {kind:?}: only {} of {present} placed",
                r.correct + r.near
            );
        }
        // A long quote that still occurs exactly once is found there, also
        // next to a near-duplicate of it whose context agrees better.
        for kind in [Kind::NearDupAfter, Kind::NearDupBefore] {
            let r = out.rows[&kind];
            eprintln!("{mode:?} {kind:?}: sole {} found {}", r.sole, r.sole_found);
        }
        // The approximate step does real work: typo fixes inside quotes are
        // found, not orphaned.
        let typo = out.rows[&Kind::Typo];
        assert!(typo.fuzzy > 0, "{mode:?}: no fuzzy placement on typo edits");
        let retok = out.rows[&Kind::Retokenize];
        assert!(
            retok.fuzzy * 2 > retok.total - retok.intact,
            "{mode:?}: retokenized annotations mostly fuzzy"
        );
    }
}

// ---------------------------------------------------------------------------
// Measurements behind the thresholds (ignored: run with --ignored).

fn percentile(v: &mut [usize], p: usize) -> usize {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() - 1) * p / 100]
}

#[test]
#[ignore]
fn measure() {
    let arts = articles();
    let cases = cases(&arts);
    let th = Thresholds::default();

    // 1. Repeated quotes in the originals.
    let mut longest_repeat = 0;
    for a in &arts {
        for &(s, e) in &a.spans {
            let q: String = a.chars[s..e].iter().collect();
            if a.text.matches(q.as_str()).count() > 1 {
                longest_repeat = longest_repeat.max(e - s);
            }
        }
    }
    println!("longest annotation quote occurring twice in its original: {longest_repeat} cp");

    // 2. Exact step: how long a side of the context agrees by chance next
    //    to an occurrence that is not the annotation's (when the side does
    //    not agree in full), and how often a whole side does (a repeated
    //    passage or a copy).
    let mut noise = Vec::new();
    let mut full_side = 0usize;
    let mut wrong_occurrences = 0usize;
    // 3. Approximate step: best true and best wrong site per touched
    //    annotation.
    let mut true_sim = Vec::new();
    let mut true_ctx = Vec::new();
    let mut wrong_sim = Vec::new();
    let mut wrong_ctx = Vec::new();
    let mut gaps = Vec::new();
    for c in &cases {
        let a = &arts[c.article];
        let original = Text::new(a.text.as_str());
        let text = Text::new(c.edited.text.as_str());
        let new_chars: Vec<char> = c.edited.text.chars().collect();
        for &(s, e) in &a.spans {
            let q = TextQuote::of(&original, s, e);
            let t = truth(&c.edited.origin, &a.chars, &new_chars, s, e);
            let hay = c.edited.text.as_str();
            let lq = e - s;
            // Exact occurrences (code points of a char vector).
            let chars: Vec<char> = hay.chars().collect();
            let qc: Vec<char> = q.exact.chars().collect();
            if qc.is_empty() {
                continue;
            }
            let pc: Vec<char> = q.prefix.chars().collect();
            let sc: Vec<char> = q.suffix.chars().collect();
            let mut occ = Vec::new();
            if let Some(first) = qc.first() {
                for i in 0..chars.len().saturating_sub(lq - 1) {
                    if chars[i] == *first && chars[i..i + lq] == qc[..] {
                        let before = pc
                            .iter()
                            .rev()
                            .zip(chars[..i].iter().rev())
                            .take_while(|(x, y)| x == y)
                            .count();
                        let after = sc
                            .iter()
                            .zip(chars[i + lq..].iter())
                            .take_while(|(x, y)| x == y)
                            .count();
                        occ.push((i, before, after));
                    }
                }
            }
            let truth_start = t.image.map(|(x, _)| x);
            for &(i, before, after) in &occ {
                if Some(i) == truth_start && t.intact {
                    continue;
                }
                wrong_occurrences += 1;
                let full =
                    (before == pc.len() && !pc.is_empty()) || (after == sc.len() && !sc.is_empty());
                if full {
                    full_side += 1;
                } else {
                    noise.push(before.max(after));
                }
            }
            if t.intact {
                continue;
            }
            // Touched: look at the sites the approximate step weighs.
            let hint = t.image.map(|(x, _)| x).or(t.from_span.first().copied());
            let sites = candidate_sites(&text, &q, hint, &th);
            let on_span = |x: usize, y: usize| {
                let hits = t.from_span.iter().filter(|&&j| j >= x && j < y).count();
                y > x && hits * 2 >= y - x && hits > 0
            };
            let mut bt: Option<(u16, u16)> = None;
            let mut bw: Option<(u16, u16)> = None;
            for site in sites
                .iter()
                .filter(|s| s.quote_similarity >= th.min_quote_similarity)
            {
                let slot = if on_span(site.start, site.end) {
                    &mut bt
                } else {
                    &mut bw
                };
                if slot.is_none_or(|(sim, _)| site.similarity > sim) {
                    let weaker = site.prefix_similarity.min(site.suffix_similarity);
                    *slot = Some((site.similarity, weaker));
                }
            }
            if let Some((sim, ctx)) = bt {
                true_sim.push(sim as usize);
                true_ctx.push(ctx as usize);
            }
            if let Some((sim, ctx)) = bw {
                wrong_sim.push(sim as usize);
                wrong_ctx.push(ctx as usize);
            }
            if let (Some(x), Some(y)) = (bt, bw) {
                gaps.push(x.0.abs_diff(y.0) as usize);
            }
        }
    }
    let show = |name: &str, v: &mut Vec<usize>| {
        let n = v.len();
        let (p0, p1, p5, p50, p95, p99, p100) = (
            percentile(v, 0),
            percentile(v, 1),
            percentile(v, 5),
            percentile(v, 50),
            percentile(v, 95),
            percentile(v, 99),
            percentile(v, 100),
        );
        println!("{name:<46} n={n:<6} min {p0:>4} p1 {p1:>4} p5 {p5:>4} median {p50:>4} p95 {p95:>4} p99 {p99:>4} max {p100:>4}");
    };
    show("exact: chance agreement of a side (other occ.)", &mut noise);
    println!(
        "exact: other occurrences with a whole side agreeing: {full_side} of {wrong_occurrences}"
    );
    show("approx: best true site, similarity", &mut true_sim);
    show(
        "approx: best true site, weaker side similarity",
        &mut true_ctx,
    );
    show("approx: best wrong site, similarity", &mut wrong_sim);
    show(
        "approx: best wrong site, weaker side similarity",
        &mut wrong_ctx,
    );
    show("approx: |true - wrong| similarity when both", &mut gaps);

    // 4. Sweep.
    let base = Thresholds::default();
    let mut variants: Vec<(String, Thresholds)> = vec![("default".into(), base)];
    let mut add = |name: String, t: Thresholds| variants.push((name, t));
    for v in [1usize, 4, 16] {
        add(
            format!("one_sided_min_len {v}"),
            Thresholds {
                one_sided_min_len: v,
                ..base
            },
        );
    }
    for v in [600u16, 700, 800, 850] {
        add(
            format!("min_similarity {v}"),
            Thresholds {
                min_similarity: v,
                ..base
            },
        );
    }
    for v in [300u16, 650, 750] {
        add(
            format!("min_quote_similarity {v}"),
            Thresholds {
                min_quote_similarity: v,
                ..base
            },
        );
    }
    for v in [500u16, 650, 850] {
        add(
            format!("min_side_similarity {v}"),
            Thresholds {
                min_side_similarity: v,
                ..base
            },
        );
    }
    for v in [0u16, 50, 150] {
        add(format!("margin {v}"), Thresholds { margin: v, ..base });
    }
    for v in [0usize, 64] {
        add(
            format!("hint_tolerance {v}"),
            Thresholds {
                hint_tolerance: v,
                ..base
            },
        );
    }
    println!("\nsweep (all edit kinds; batch, single and quote-only added up):");
    println!(
        "{:<28}{:>9}{:>7}{:>9}{:>6}{:>7}",
        "thresholds", "correct", "near", "unplaced", "twin", "WRONG"
    );
    for (name, th) in &variants {
        let mut all = Row::default();
        for mode in [Mode::Batch, Mode::Single, Mode::QuoteOnly] {
            for r in run(&arts, &cases, mode, th).rows.values() {
                all.add(r);
            }
        }
        println!(
            "{name:<28}{:>9}{:>7}{:>9}{:>6}{:>7}",
            all.correct, all.near, all.unplaced, all.twin, all.wrong
        );
    }
}

// ---------------------------------------------------------------------------
// Speed: 10,000 annotations on an edited ~1 MB text.

#[test]
#[ignore]
fn timing() {
    let arts = articles();
    let mut rng = Rng(0xB16_7E57);
    // A ~1 MB article: the 24 articles eleven times over, each time with
    // their sentences in another order, so that sentences repeat but their
    // neighbours differ.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut pos = 0usize;
    let mut big = String::new();
    for round in 0..11u8 {
        let mut order: Vec<usize> = (0..arts.len()).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, rng.below(k + 1));
        }
        for &ai in &order {
            let a = &arts[ai];
            let mut us: Vec<(usize, usize)> = a.units.clone();
            for k in (1..us.len()).rev() {
                us.swap(k, rng.below(k + 1));
            }
            for (s, e) in us {
                // Each round in its own alphabet (letters rotated by the
                // round), so that rounds do not repeat each other.
                let rot = |c: char| match c {
                    'a'..='z' => (b'a' + (c as u8 - b'a' + round) % 26) as char,
                    'A'..='Z' => (b'A' + (c as u8 - b'A' + round) % 26) as char,
                    _ => c,
                };
                let u: String = a.chars[s..e].iter().map(|&c| rot(c)).collect::<String>();
                let u = format!("{} ", u.trim_end());
                let piece: Piece = u
                    .chars()
                    .enumerate()
                    .map(|(k, c)| (c, Some(pos + k)))
                    .collect();
                pos += piece.len();
                big.push_str(&u);
                pieces.push(piece);
            }
        }
    }
    let chars: Vec<char> = big.chars().collect();
    let original = Text::new(big.as_str());
    println!(
        "text: {} bytes, {} code points, {} sentences",
        big.len(),
        chars.len(),
        pieces.len()
    );
    // 10,000 annotations: sentences and word spans.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let starts: Vec<usize> = {
        let mut p = 0;
        pieces
            .iter()
            .map(|u| {
                let s = p;
                p += u.len();
                s
            })
            .collect()
    };
    while spans.len() < 10_000 {
        let i = rng.below(pieces.len());
        let (s, e) = (starts[i], starts[i] + pieces[i].len() - 1);
        if rng.below(2) == 0 {
            spans.push((s, e));
        } else {
            let words = word_spans(&chars, s, e);
            let a = rng.below(words.len());
            let b = (a + rng.below(4)).min(words.len() - 1);
            spans.push((words[a].0, words[b].1));
        }
    }
    spans.sort_unstable();
    let selectors: Vec<Selector> = spans
        .iter()
        .map(|&(s, e)| Selector {
            position: Some(Position {
                start: s,
                end: e,
                unit: Unit::CodePoint,
            }),
            quote: Some(TextQuote::of(&original, s, e)),
        })
        .collect();
    // 400 edits spread over the text, at least three sentences apart (as in
    // the mixed edits above): insertions, deletions, typos, duplications and
    // swaps of sentences; applied from the last.
    let donors: Vec<String> = arts
        .iter()
        .map(|a| a.chars[a.units[0].0..a.units[0].1].iter().collect())
        .collect();
    let mut at: Vec<usize> = Vec::new();
    while at.len() < 400 {
        let i = rng.range(1, pieces.len() - 2);
        if at.iter().all(|&j| j.abs_diff(i) >= 3) {
            at.push(i);
        }
    }
    at.sort_unstable_by(|a, b| b.cmp(a));
    for i in at {
        match rng.below(5) {
            0 => {
                let d = &donors[rng.below(donors.len())];
                pieces.insert(i, new_piece(&format!("{} ", d.trim_end())));
            }
            1 => {
                pieces.remove(i);
            }
            2 => typo(&mut rng, &mut pieces[i]),
            3 => {
                let copy: Piece = pieces[i].iter().map(|&(c, _)| (c, None)).collect();
                pieces.insert(i + 1, copy);
            }
            _ => pieces.swap(i, i + 1),
        }
    }
    let edited = flatten(&pieces);
    let text = Text::new(edited.text.as_str());
    let new_chars: Vec<char> = edited.text.chars().collect();
    let th = Thresholds::default();
    let mut best = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        results = reanchor_all_with(&text, &selectors, &th);
        best = best.min(t0.elapsed().as_secs_f64());
    }
    let mut row = Row::default();
    for ((&(s, e), r), sel) in spans.iter().zip(&results).zip(&selectors) {
        let t = truth(&edited.origin, &chars, &new_chars, s, e);
        let quote = sel.quote.as_ref().map_or("", |q| q.exact.as_str());
        let same = r.span().is_some_and(|(x, y)| text.slice(x..y) == quote);
        let is_twin = r
            .span()
            .is_some_and(|(x, y)| twin(&edited, &new_chars, &chars, (s, e), x, y));
        if count(&mut row, &t, r, same, true, is_twin, false) == Verdict::Wrong {
            let (x, y) = r.span().unwrap_or((0, 0));
            println!(
                "WRONG span {s}..{e} {quote:?} -> {r:?} {:?} (image {:?}) origin {:?}",
                text.slice(x..y),
                t.image,
                edited.origin.get(x)
            );
        }
    }
    println!(
        "reanchor_all: {} annotations on {} code points: {:.1} ms (best of 3)",
        selectors.len(),
        text.len(),
        best * 1000.0
    );
    let mut rows = BTreeMap::new();
    rows.insert(Kind::Mixed, row);
    print_table("1 MB timing run (all edits mixed)", &rows);
    // One by one, for comparison, on the first 1,000.
    let t0 = Instant::now();
    for s in &selectors[..1000] {
        let _ = reanchor_with(&text, s, &th);
    }
    println!(
        "reanchor (one by one): 1,000 annotations: {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(row.wrong, 0);
}
