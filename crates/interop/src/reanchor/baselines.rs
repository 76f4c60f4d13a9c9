//! Ports of the baselines Marginalia's re-anchoring is compared with: the
//! Hypothesis client's `matchQuote` and Apache Annotator's
//! `describeTextQuote`. Used by the conformance and comparison tests only
//! (feature `baselines`).

use super::fuzzy::ContextPatterns;
use super::myers::{Pattern, Scan};
use marginalia_core::anchor::{find_all, match_quote_all, TextQuote};
use marginalia_core::text::Text;

/// A quote found by [`match_quote`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuoteMatch {
    /// Start (code points).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
    /// How well quote, prefix, suffix and hint fit there, from 0 to 1.
    pub score: f64,
}

/// Finds the best approximate occurrence of `quote` in `text`, the way the
/// Hypothesis client's `matchQuote` does: exact occurrences if there are
/// any, otherwise every place where the quote matches with at most
/// `min(256, quote length / 2)` edits (the longest such span ending at each
/// end). Each is scored from quote similarity (weight 50), prefix and
/// suffix similarity (20 each; a missing one counts as perfect) and
/// closeness to `hint` (2; a code-point offset), and the best is returned;
/// equal scores go to the earliest. `None` when the quote or the text is
/// empty or nothing is close enough.
pub fn match_quote(
    text: &Text,
    quote: &str,
    prefix: &str,
    suffix: &str,
    hint: Option<usize>,
) -> Option<QuoteMatch> {
    let q: Vec<char> = quote.chars().collect();
    if q.is_empty() || text.is_empty() {
        return None;
    }
    let quote_len = q.len();
    let max_errors = (quote_len / 2).min(256);
    let mut candidates: Vec<(usize, usize, usize)> = find_all(text, quote)
        .into_iter()
        .map(|(s, e)| (s, e, 0))
        .collect();
    if candidates.is_empty() {
        let fwd = Pattern::new(&q);
        let rev_q: Vec<char> = q.iter().rev().copied().collect();
        let rev = Pattern::new(&rev_q);
        let mut ends = Vec::new();
        let mut scan = Scan::new(&fwd, false);
        for (i, c) in text.as_str().chars().enumerate() {
            let d = scan.step(c);
            if d <= max_errors {
                ends.push((i + 1, d));
            }
        }
        for (end, errors) in ends {
            // The longest span ending at `end` within `errors` edits.
            let from = end.saturating_sub(quote_len + errors);
            let mut scan = Scan::new(&rev, true);
            let mut longest = 0;
            for (t, c) in text.slice(from..end).chars().rev().enumerate() {
                if scan.step(c) <= errors {
                    longest = t + 1;
                }
            }
            candidates.push((end - longest, end, errors));
        }
    }
    let ctx = ContextPatterns::new(prefix, suffix);
    let mut best: Option<QuoteMatch> = None;
    for (start, end, errors) in candidates {
        let quote_score = 1.0 - errors as f64 / quote_len as f64;
        let prefix_score = if prefix.is_empty() {
            1.0
        } else {
            let prefix_len = ctx.prefix_len as f64;
            1.0 - ctx.prefix_cost(text, start) as f64 / prefix_len
        };
        let suffix_score = if suffix.is_empty() {
            1.0
        } else {
            let suffix_len = ctx.suffix_len as f64;
            1.0 - ctx.suffix_cost(text, end) as f64 / suffix_len
        };
        let pos_score = hint.map_or(1.0, |h| 1.0 - start.abs_diff(h) as f64 / text.len() as f64);
        let score =
            (50.0 * quote_score + 20.0 * prefix_score + 20.0 * suffix_score + 2.0 * pos_score)
                / 92.0;
        if best.is_none_or(|b| score > b.score) {
            best = Some(QuoteMatch { start, end, score });
        }
    }
    best
}
/// Options of [`describe_minimal`] (those of Apache Annotator's
/// `describeTextQuote`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DescribeOptions {
    /// Keep prefix and suffix to the minimum that disambiguates the quote
    /// (otherwise both are extended, and to whole words).
    pub minimal_context: bool,
    /// Add context to quotes shorter than this, so that prefix, quote and
    /// suffix together reach it.
    pub minimum_quote_length: usize,
    /// When extending context to a word boundary, give up after this many
    /// code points.
    pub max_word_length: usize,
}

impl Default for DescribeOptions {
    fn default() -> Self {
        Self {
            minimal_context: false,
            minimum_quote_length: 0,
            max_word_length: 50,
        }
    }
}

/// Describes `start..end` of `text` by its quote with just enough prefix and
/// suffix that no other place in the text matches the description exactly
/// (Apache Annotator's algorithm: context grows until every unintended
/// match is ruled out; without `minimal_context`, both sides grow and end at
/// whole words). If the span cannot be told apart from another place, the
/// context reached so far is returned.
pub fn describe_minimal(
    text: &Text,
    start: usize,
    end: usize,
    options: &DescribeOptions,
) -> TextQuote {
    let d = Describer {
        text,
        len: text.len(),
        options,
    };
    let end = end.min(d.len);
    let start = start.min(end);
    let (mut prefix_len, mut suffix_len) = d.padded(start, end);
    if !options.minimal_context {
        prefix_len += d.word_back(start - prefix_len);
        suffix_len += d.word_fwd(end + suffix_len);
    }
    let exact = text.slice(start..end).to_string();
    loop {
        let prefix = text.slice(start - prefix_len..start);
        let suffix = text.slice(end..end + suffix_len);
        let matches = match_quote_all(text, &exact, prefix, suffix);
        let mut it = matches.into_iter();
        let mut next = it.next();
        if next == Some((start, end)) {
            next = it.next();
        }
        let Some((other_start, other_end)) = next else {
            break;
        };
        let extra_prefix = d.extra_prefix(start - prefix_len, other_start - prefix_len);
        let extra_suffix = d.extra_suffix(end + suffix_len, other_end + suffix_len);
        match (extra_prefix, extra_suffix) {
            (None, None) => break,
            (p, s) if options.minimal_context => match (p, s) {
                (Some(p), Some(s)) if p <= s => prefix_len += p,
                (Some(p), None) => prefix_len += p,
                (_, Some(s)) => suffix_len += s,
                (None, None) => break,
            },
            (p, s) => {
                prefix_len += p.unwrap_or(0);
                suffix_len += s.unwrap_or(0);
            }
        }
    }
    TextQuote {
        exact,
        prefix: text.slice(start - prefix_len..start).to_string(),
        suffix: text.slice(end..end + suffix_len).to_string(),
    }
}

/// The text and options of one [`describe_minimal`].
struct Describer<'a> {
    text: &'a Text,
    len: usize,
    options: &'a DescribeOptions,
}

impl Describer<'_> {
    /// The character at code point `i`.
    fn at(&self, i: usize) -> Option<char> {
        self.text.slice(i..i + 1).chars().next()
    }

    /// Prefix and suffix lengths that bring a quote `start..end` shorter
    /// than the minimum length up to it: half before, the rest after, then
    /// before again where the text ends.
    fn padded(&self, start: usize, end: usize) -> (usize, usize) {
        let quote_len = end - start;
        let min_len = self.options.minimum_quote_length;
        let (mut prefix_len, mut suffix_len) = (0usize, 0usize);
        let short = |p: usize, s: usize| p + quote_len + s < min_len;
        if short(prefix_len, suffix_len) {
            prefix_len += ((min_len - quote_len) / 2).min(start);
            if short(prefix_len, suffix_len) {
                suffix_len += (min_len - (prefix_len + quote_len)).min(self.len - end);
                if short(prefix_len, suffix_len) {
                    prefix_len +=
                        (min_len - (prefix_len + quote_len + suffix_len)).min(start - prefix_len);
                }
            }
        }
        (prefix_len, suffix_len)
    }

    /// How many characters before `from` are not whitespace (at most the
    /// maximum word length).
    fn word_back(&self, from: usize) -> usize {
        let mut k = 0;
        while k < self.options.max_word_length && k < from {
            match self.at(from - k - 1) {
                Some(c) if !c.is_whitespace() => k += 1,
                _ => break,
            }
        }
        k
    }

    /// How many characters from `from` on are not whitespace (at most the
    /// maximum word length).
    fn word_fwd(&self, from: usize) -> usize {
        let mut k = 0;
        while k < self.options.max_word_length && from + k < self.len {
            match self.at(from + k) {
                Some(c) if !c.is_whitespace() => k += 1,
                _ => break,
            }
        }
        k
    }

    /// Characters of prefix needed (before `our_from`) to rule out the
    /// unintended match whose context starts at `other_from`.
    fn extra_prefix(&self, our_from: usize, other_from: usize) -> Option<usize> {
        let mut r = 0;
        while r < our_from {
            r += 1;
            let theirs = if r <= other_from {
                self.at(other_from - r)
            } else {
                None
            };
            if self.at(our_from - r) != theirs {
                return Some(match self.options.minimal_context {
                    true => r,
                    false => r + self.word_back(our_from - r),
                });
            }
        }
        None
    }

    /// Characters of suffix needed (from `our_to` on) to rule out the
    /// unintended match whose context ends at `other_to`.
    fn extra_suffix(&self, our_to: usize, other_to: usize) -> Option<usize> {
        let mut r = 0;
        while our_to + r < self.len {
            let theirs = if other_to + r < self.len {
                self.at(other_to + r)
            } else {
                None
            };
            let ours = self.at(our_to + r);
            r += 1;
            if ours != theirs {
                return Some(match self.options.minimal_context {
                    true => r,
                    false => r + self.word_fwd(our_to + r),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_quote_scores() {
        let t = Text::new("Many years later, as he faced the firing squad");
        let m = match_quote(&t, "years later", "", "", None).expect("found");
        assert_eq!((m.start, m.end), (5, 16));
        assert!((m.score - 1.0).abs() < 1e-12);
        let m = match_quote(&t, "yeers later", "Many ", "", None).expect("found");
        assert_eq!((m.start, m.end), (5, 16));
        assert!(m.score < 1.0);
        assert!(match_quote(&t, "", "", "", None).is_none());
    }

    #[test]
    fn describe_minimal_counts_code_points() {
        let t = Text::new("🍵 to be or not to be 🍵");
        let q = describe_minimal(
            &t,
            2,
            4,
            &DescribeOptions {
                minimal_context: true,
                ..DescribeOptions::default()
            },
        );
        // The other "to" is preceded by "not ": one code point of prefix
        // (the emoji) plus the space tells them apart.
        assert_eq!(q.exact, "to");
        assert_eq!(q.prefix, "🍵 ", "{q:?}");
        assert_eq!(q.suffix, "");
        assert_eq!(
            match_quote_all(&t, &q.exact, &q.prefix, &q.suffix),
            vec![(2, 4)]
        );
    }
}
