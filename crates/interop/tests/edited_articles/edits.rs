//! The corpus and its edits: the GUM articles, their annotations, and
//! edited copies whose every character remembers where it came from.

use marginalia_core::text::cp_to_utf16;
use marginalia_core::{Text, TextQuote};
use marginalia_interop::reanchor::{Position, Selector, Unit};
use serde_json::Value;

pub(crate) const GUM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../bench/data/gum-news/attributions.json"
));

// ---------------------------------------------------------------------------
// Deterministic randomness.

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next() % n as u64) as usize
    }
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo)
    }
}

// ---------------------------------------------------------------------------
// Articles, sentences, annotations.

pub(crate) struct Article {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) chars: Vec<char>,
    /// Units: sentences with the space after them, covering the text.
    pub(crate) units: Vec<(usize, usize)>,
    /// Annotated spans (code points), distinct.
    pub(crate) spans: Vec<(usize, usize)>,
}

pub(crate) fn split_units(chars: &[char]) -> Vec<(usize, usize)> {
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

pub(crate) fn articles() -> Vec<Article> {
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

pub(crate) fn word_spans(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
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

pub(crate) fn selectors(a: &Article, text: &Text, with_position: bool) -> Vec<Selector> {
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
pub(crate) type Piece = Vec<(char, Option<usize>)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
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

pub(crate) const KINDS: [Kind; 10] = [
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

pub(crate) struct Edited {
    pub(crate) text: String,
    pub(crate) origin: Vec<Option<usize>>,
}

pub(crate) fn unit_pieces(a: &Article) -> Vec<Piece> {
    a.units
        .iter()
        .map(|&(s, e)| (s..e).map(|i| (a.chars[i], Some(i))).collect())
        .collect()
}

pub(crate) fn new_piece(s: &str) -> Piece {
    s.chars().map(|c| (c, None)).collect()
}

pub(crate) fn flatten(units: &[Piece]) -> Edited {
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

pub(crate) fn typo(rng: &mut Rng, u: &mut Piece) {
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

pub(crate) fn retokenize(u: &mut Piece) {
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
pub(crate) fn near_duplicate(rng: &mut Rng, u: &Piece) -> Piece {
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

pub(crate) const UNICODE_BITS: [&str; 5] = ["🍵 ", "東京 ", "cafe\u{301} ", "👩‍👩‍👧 ", "Ünïcödé "];

pub(crate) fn edit(a: &Article, others: &[String], kind: Kind, seed: u64) -> Edited {
    let mut rng = Rng(seed);
    let mut units = unit_pieces(a);
    let n = units.len();
    // The last unit has no trailing space: it is never moved or removed.
    let inner = |rng: &mut Rng, units: &Vec<Piece>| rng.below(units.len() - 1);
    match kind {
        Kind::Insert => {
            for _ in 0..3 {
                let at = rng.range(1, units.len());
                let s = sentence(&mut rng, others);
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
        Kind::Duplicate => duplicate(&mut rng, &mut units),
        Kind::Retokenize => {
            for _ in 0..5 {
                let at = rng.below(units.len());
                retokenize(&mut units[at]);
            }
        }
        Kind::Unicode => unicode(&mut rng, &mut units),
        Kind::NearDupAfter | Kind::NearDupBefore => near_duplicates(&mut rng, &mut units, a, kind),
        Kind::Mixed => mixed(&mut rng, &mut units, others),
    }
    flatten(&units)
}

/// A sentence of another article, as new text.
fn sentence(rng: &mut Rng, others: &[String]) -> Piece {
    let s = &others[rng.below(others.len())];
    new_piece(&format!("{s} "))
}

fn duplicate(rng: &mut Rng, units: &mut Vec<Piece>) {
    let n = units.len();
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

fn unicode(rng: &mut Rng, units: &mut [Piece]) {
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

fn near_duplicates(rng: &mut Rng, units: &mut Vec<Piece>, a: &Article, kind: Kind) {
    let n = units.len();
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
            let copy = near_duplicate(rng, &units[i]);
            let at = if kind == Kind::NearDupAfter { i + 1 } else { i };
            units.insert(at, copy);
        }
    }
}

fn mixed(rng: &mut Rng, units: &mut Vec<Piece>, others: &[String]) {
    let n = units.len();
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
                    let s = sentence(rng, others);
                    units.insert(i + 1, s);
                }
                1 => {
                    units.remove(i);
                }
                2 => units.swap(i, i + 1),
                3 => typo(rng, &mut units[i]),
                _ => {
                    let copy: Piece = units[i].iter().map(|&(c, _)| (c, None)).collect();
                    units.insert(i + 1, copy);
                }
            }
        }
    }
}
