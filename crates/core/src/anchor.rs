//! Anchoring: turning a selection into a clean span, describing a span by
//! its quote and context, and finding a quote again in a text.

use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How many code points of context a quote carries on each side.
pub const CONTEXT: usize = 32;

/// Narrows `start..end` so that it neither begins nor ends with whitespace.
/// Returns `None` when nothing but whitespace (or nothing) is selected.
pub fn trim_span(text: &Text, start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(text.len());
    if start >= end {
        return None;
    }
    let slice = text.slice(start..end);
    let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
    if start + lead == end {
        return None;
    }
    let trail = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    Some((start + lead, end - trail))
}

/// A span described by its text and what surrounds it (the W3C
/// TextQuoteSelector's `exact`, `prefix` and `suffix`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextQuote {
    /// The covered text.
    pub exact: String,
    /// Up to [`CONTEXT`] code points just before it.
    pub prefix: String,
    /// Up to [`CONTEXT`] code points just after it.
    pub suffix: String,
}

impl TextQuote {
    /// Describes the span `start..end` of `text`.
    pub fn of(text: &Text, start: usize, end: usize) -> Self {
        Self {
            exact: text.slice(start..end).to_string(),
            prefix: text.slice(start.saturating_sub(CONTEXT)..start).to_string(),
            suffix: text.slice(end..end + CONTEXT).to_string(),
        }
    }
}

/// Where a quote was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Located {
    /// Found at this span, best by context and closeness to the hint.
    At(usize, usize),
    /// Found at several places that fit equally well.
    Ambiguous,
    /// The exact text does not occur.
    NotFound,
}

/// Finds `quote.exact` in `text`. Occurrences are ranked by how much of the
/// prefix and suffix match around them, then by distance from `hint` (a
/// code-point offset where the quote is expected); a tie between the best
/// two is reported as [`Located::Ambiguous`] rather than guessed.
pub fn locate(text: &Text, quote: &TextQuote, hint: Option<usize>) -> Located {
    if quote.exact.is_empty() {
        return Located::NotFound;
    }
    let hay = text.as_str();
    let exact_len = quote.exact.chars().count();
    let mut best: Option<((usize, std::cmp::Reverse<usize>), usize)> = None;
    let mut tied = false;
    for_each_occurrence(
        text,
        &quote.exact,
        0..text.len(),
        |start, _, byte, byte_end| {
            let before = &hay[..byte];
            let after = &hay[byte_end..];
            let context =
                common_suffix(before, &quote.prefix) + common_prefix(after, &quote.suffix);
            let distance = hint.map_or(0, |h| h.abs_diff(start));
            let score = (context, std::cmp::Reverse(distance));
            match &best {
                Some((b, _)) if score < *b => {}
                Some((b, _)) if score == *b => tied = true,
                _ => {
                    best = Some((score, start));
                    tied = false;
                }
            }
        },
    );
    match best {
        None => Located::NotFound,
        Some(_) if tied => Located::Ambiguous,
        Some((_, start)) => Located::At(start, start + exact_len),
    }
}

/// Every place where `exact` occurs with `prefix` immediately before it and
/// `suffix` immediately after it, in text order, overlapping occurrences
/// included (the semantics of Apache Annotator's TextQuoteSelector
/// matcher). Spans cover `exact` only; an empty `exact` matches between
/// characters.
pub fn match_quote_all(
    text: &Text,
    exact: &str,
    prefix: &str,
    suffix: &str,
) -> Vec<(usize, usize)> {
    let lp = prefix.chars().count();
    let lq = exact.chars().count();
    let mut needle = String::with_capacity(prefix.len() + exact.len() + suffix.len());
    needle.push_str(prefix);
    needle.push_str(exact);
    needle.push_str(suffix);
    if needle.is_empty() {
        return (0..=text.len()).map(|i| (i, i)).collect();
    }
    find_all(text, &needle)
        .into_iter()
        .map(|(s, _)| (s + lp, s + lp + lq))
        .collect()
}

/// Every (overlapping) occurrence of `needle`, as code-point spans.
pub fn find_all(text: &Text, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_occurrence(text, needle, 0..text.len(), |s, e, _, _| out.push((s, e)));
    out
}

/// Calls `f(start, end, byte start, byte end)` for every (overlapping)
/// occurrence of `needle` that lies within the code points `region`, in
/// order. An empty needle occurs between all characters. Code points are
/// counted as the search goes, once over the text.
pub fn for_each_occurrence(
    text: &Text,
    needle: &str,
    region: Range<usize>,
    mut f: impl FnMut(usize, usize, usize, usize),
) {
    let (b0, b1) = (text.byte_of(region.start), text.byte_of(region.end));
    let hay = &text.as_str()[b0..b1];
    let len = needle.chars().count();
    let (mut last_byte, mut last_cp) = (0, region.start);
    for_each_match(hay, needle, |byte| {
        last_cp += hay[last_byte..byte].chars().count();
        last_byte = byte;
        f(last_cp, last_cp + len, b0 + byte, b0 + byte + needle.len());
    });
}

/// The one occurrence finder behind every quote search (the functions
/// above, and re-anchoring's exact step and 3-gram index): calls `f(byte
/// start)` for every occurrence of `needle` in `hay`, overlapping ones
/// included, in order. An empty needle occurs at every character boundary,
/// the end included.
pub fn for_each_match(hay: &str, needle: &str, mut f: impl FnMut(usize)) {
    if needle.is_empty() {
        for b in hay
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(hay.len()))
        {
            f(b);
        }
        return;
    }
    // The next occurrence may start one character after this one.
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    while let Some(found) = hay[from..].find(needle) {
        let byte = from + found;
        f(byte);
        from = byte + step;
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_whitespace_at_both_edges() {
        let t = Text::new("  said \"hi\"  \nnext");
        assert_eq!(trim_span(&t, 0, 14), Some((2, 11)));
        assert_eq!(trim_span(&t, 0, 2), None);
        assert_eq!(trim_span(&t, 12, 14), None, "spaces and a newline only");
        assert_eq!(trim_span(&t, 5, 5), None);
        assert_eq!(trim_span(&t, 2, 99), Some((2, 18)));
    }

    #[test]
    fn quote_context_counts_code_points() {
        let t = Text::new("東京🍵 tea e\u{301} end");
        let q = TextQuote::of(&t, 4, 7);
        assert_eq!(q.exact, "tea");
        assert_eq!(q.prefix, "東京🍵 ");
        assert_eq!(q.suffix, " e\u{301} end");
    }

    #[test]
    fn locate_uses_context_then_hint() {
        let t = Text::new("the cat sat. the cat ran. the cat sat.");
        let q = |p: &str, s: &str| TextQuote {
            exact: "cat".into(),
            prefix: p.into(),
            suffix: s.into(),
        };
        assert_eq!(locate(&t, &q("", " ran"), None), Located::At(17, 20));
        assert_eq!(locate(&t, &q("", " sat"), None), Located::Ambiguous);
        assert_eq!(locate(&t, &q("", " sat"), Some(30)), Located::At(30, 33));
        assert_eq!(locate(&t, &q("", ""), Some(0)), Located::At(4, 7));
        let dog = TextQuote {
            exact: "dog".into(),
            prefix: String::new(),
            suffix: String::new(),
        };
        assert_eq!(locate(&t, &dog, None), Located::NotFound);
    }

    #[test]
    fn occurrences_overlap_and_count_code_points() {
        let t = Text::new("🍵aaa東aa");
        let mut bytes = Vec::new();
        for_each_match(t.as_str(), "aa", |b| bytes.push(b));
        assert_eq!(bytes, vec![4, 5, 10]);
        assert_eq!(find_all(&t, "aa"), vec![(1, 3), (2, 4), (5, 7)]);
        let mut within = Vec::new();
        for_each_occurrence(&t, "aa", 2..7, |s, e, bs, be| within.push((s, e, bs, be)));
        assert_eq!(within, vec![(2, 4, 5, 7), (5, 7, 10, 12)]);
        let mut empty = Vec::new();
        for_each_match("a東", "", |b| empty.push(b));
        assert_eq!(empty, vec![0, 1, 4]);
    }

    #[test]
    fn locate_sees_overlapping_occurrences() {
        let t = Text::new("aaab");
        let q = TextQuote {
            exact: "aa".into(),
            prefix: String::new(),
            suffix: "b".into(),
        };
        assert_eq!(locate(&t, &q, None), Located::At(1, 3));
    }

    #[test]
    fn locate_reports_code_point_offsets_after_emoji() {
        let t = Text::new("🍵🍵 東京 and 東京");
        let q = TextQuote {
            exact: "東京".into(),
            prefix: "and ".into(),
            suffix: String::new(),
        };
        assert_eq!(locate(&t, &q, None), Located::At(10, 12));
    }
}
