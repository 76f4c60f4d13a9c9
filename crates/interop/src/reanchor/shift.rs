//! Position hints that a file's annotations share, shifted alike, break
//! ties between equal occurrences of a quote.
//!
//! A tool that counts from another start (a page's raw text, a container
//! without its hidden blocks) gives positions off by about the same amount
//! for every annotation. Where the annotations with a quote found once say
//! what that shift is, an annotation whose quote occurs several times is
//! placed on the occurrence the shifted position points at — only when it
//! points clearly at one (the next occurrence much farther away), and as a
//! moved placement, which the user is asked to check.

use marginalia_core::selector::{Anchoring, Selector, Unit};
use marginalia_core::text::Utf16Index;
use marginalia_core::Text;
use std::borrow::Borrow;

/// Half the width of the band of shifts counted as one shift (code points).
const BAND: i64 = 24;

/// How far from where the shifted position points the chosen occurrence
/// may be (a tool that counted whitespace otherwise drifts a little).
const REACH: i64 = 64;

/// How much farther than the chosen occurrence the next one must be from
/// where the shifted position points.
const MARGIN: i64 = 128;

/// Quotes shorter than this (code points) are left ambiguous: short
/// phrases repeat too often for a position to tell them apart.
const MIN_QUOTE: usize = 12;

/// Quotes occurring more often than this are left ambiguous.
const MAX_OCCURRENCES: usize = 1_000;

/// Places the ambiguous ones of `placed` (the placements of `selectors`,
/// in order) whose shifted position points clearly at one occurrence of
/// their quote; returns how many, and the shift.
pub fn break_ties<S: Borrow<Selector>>(
    text: &Text,
    selectors: &[S],
    placed: &mut [Anchoring],
) -> (usize, i64) {
    if !placed.contains(&Anchoring::Ambiguous) {
        return (0, 0);
    }
    // UTF-16 positions (JavaScript tools) are counted in code points here.
    let utf16 = selectors
        .iter()
        .any(|s| s.borrow().position.is_some_and(|p| p.unit == Unit::Utf16))
        .then(|| Utf16Index::of(text));
    let candidates: Vec<Vec<(i64, usize)>> = selectors
        .iter()
        .zip(placed.iter())
        .map(|(s, a)| candidates(text, utf16.as_ref(), s.borrow(), a))
        .collect();
    let solid: Vec<bool> = placed.iter().map(|a| *a != Anchoring::Ambiguous).collect();
    let Some(shift) = shared_shift(&candidates, &solid) else {
        return (0, 0);
    };
    let mut resolved = 0;
    for ((anchoring, selector), found) in placed.iter_mut().zip(selectors).zip(&candidates) {
        if *anchoring != Anchoring::Ambiguous {
            continue;
        }
        let mut by_distance: Vec<(i64, usize)> = found
            .iter()
            .map(|&(d, start)| ((d - shift).abs(), start))
            .collect();
        by_distance.sort_unstable();
        let clear = match by_distance.as_slice() {
            [(best, start), rest @ ..] if *best <= REACH => rest
                .first()
                .is_none_or(|(next, _)| *next >= best + MARGIN)
                .then_some(*start),
            _ => None,
        };
        let length = selector
            .borrow()
            .quote
            .as_ref()
            .map_or(0, |q| q.exact.chars().count());
        if let Some(start) = clear {
            *anchoring = Anchoring::Moved {
                start,
                end: start + length,
            };
            resolved += 1;
        }
    }
    (resolved, shift)
}

/// Each way an annotation (its selector, its placement) may lie from its
/// stored position: (shift, start) for its placement when it was placed by
/// its exact quote, for every occurrence of its quote when it is
/// ambiguous; none otherwise.
fn candidates(
    text: &Text,
    utf16: Option<&Utf16Index>,
    selector: &Selector,
    anchoring: &Anchoring,
) -> Vec<(i64, usize)> {
    let (Some(position), Some(quote)) = (&selector.position, &selector.quote) else {
        return Vec::new();
    };
    let start = match (position.unit, utf16) {
        (Unit::Utf16, Some(index)) => index.to_cp_unclamped(position.start),
        _ => position.start,
    };
    let Ok(hint) = i64::try_from(start) else {
        return Vec::new();
    };
    let starts = match *anchoring {
        Anchoring::Exact { start, .. } | Anchoring::Moved { start, .. } => vec![start],
        Anchoring::Ambiguous if quote.exact.chars().count() >= MIN_QUOTE => {
            occurrences(text, &quote.exact)
                .into_iter()
                .filter(|&start| context_agrees(text, quote, start))
                .collect()
        }
        _ => Vec::new(),
    };
    starts
        .into_iter()
        .filter_map(|s| Some((i64::try_from(s).ok()? - hint, s)))
        .collect()
}

/// The shift that the most items can have (each counted once, within a
/// band of 2 × [`BAND`]), when at least three quarters of the items with
/// any candidate can, no band elsewhere has as many, and an item placed
/// once (`solid`) is among them: the median of the candidates in the band.
fn shared_shift(candidates: &[Vec<(i64, usize)>], solid: &[bool]) -> Option<i64> {
    let with_any = candidates.iter().filter(|c| !c.is_empty()).count();
    let (support, all, band) = best_band(candidates);
    // Most of the file's annotations must share it: a text edited here and
    // there shifts each part differently, and then positions tell nothing.
    if support < 2 || support * 4 < with_any * 3 {
        return None;
    }
    // An ambiguous quote's occurrences all vote: a passage that occurs
    // twice gives two bands as strong, and only a quote found once can
    // tell which copy the positions point at.
    let (lo, hi) = (all[band.start].0, all[band.end - 1].0);
    let elsewhere: Vec<Vec<(i64, usize)>> = candidates
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .filter(|&(d, _)| d < lo - 2 * BAND || d > hi + 2 * BAND)
                .collect()
        })
        .collect();
    let rival = best_band(&elsewhere).0;
    if rival >= support || !all[band.clone()].iter().any(|&(_, item)| solid[item]) {
        return None;
    }
    let shifts = &all[band];
    Some(shifts[shifts.len() / 2].0)
}

/// The band of 2 × [`BAND`] that the most items reach: how many, all the
/// (shift, item) pairs sorted, and the band's range in them.
fn best_band(
    candidates: &[Vec<(i64, usize)>],
) -> (usize, Vec<(i64, usize)>, std::ops::Range<usize>) {
    let mut all: Vec<(i64, usize)> = candidates
        .iter()
        .enumerate()
        .flat_map(|(item, found)| found.iter().map(move |&(d, _)| (d, item)))
        .collect();
    all.sort_unstable();
    let mut in_band: std::collections::HashMap<usize, usize> = Default::default();
    let (mut low, mut best) = (0, (0, 0..0));
    for high in 0..all.len() {
        *in_band.entry(all[high].1).or_default() += 1;
        while all[high].0 - all[low].0 > 2 * BAND {
            let item = all[low].1;
            if let Some(n) = in_band.get_mut(&item) {
                *n -= 1;
                if *n == 0 {
                    in_band.remove(&item);
                }
            }
            low += 1;
        }
        if in_band.len() > best.0 {
            best = (in_band.len(), low..high + 1);
        }
    }
    (best.0, all, best.1)
}

/// True when the quote's stored context agrees on at least one side of
/// the occurrence at `start` (or there is none): re-anchoring has already
/// set aside an occurrence that agrees on neither.
fn context_agrees(text: &Text, quote: &marginalia_core::TextQuote, start: usize) -> bool {
    let end = start + quote.exact.chars().count();
    let (before, after) = (quote.prefix.chars().count(), quote.suffix.chars().count());
    let prefix =
        before == 0 || (start >= before && text.slice(start - before..start) == quote.prefix);
    let suffix =
        after == 0 || (end + after <= text.len() && text.slice(end..end + after) == quote.suffix);
    (before == 0 && after == 0) || (before > 0 && prefix) || (after > 0 && suffix)
}

/// Where `quote` starts in `text` (code points), up to [`MAX_OCCURRENCES`]
/// (none when there are more).
fn occurrences(text: &Text, quote: &str) -> Vec<usize> {
    if quote.is_empty() {
        return Vec::new();
    }
    let found: Vec<usize> = text
        .as_str()
        .match_indices(quote)
        .take(MAX_OCCURRENCES + 1)
        .map(|(byte, _)| text.cp_of_byte(byte))
        .collect();
    if found.len() > MAX_OCCURRENCES {
        Vec::new()
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::selector::{Position, Unit};
    use marginalia_core::TextQuote;

    fn selector(exact: &str, hint: usize) -> Selector {
        Selector {
            position: Some(Position {
                start: hint,
                end: hint + exact.chars().count(),
                unit: Unit::CodePoint,
            }),
            quote: Some(TextQuote {
                exact: exact.into(),
                prefix: String::new(),
                suffix: String::new(),
            }),
        }
    }

    /// A passage that occurs three times, far apart, between unique ones.
    fn text() -> (Text, Vec<usize>) {
        let line = "Athena said the gods were gathered in the house of Zeus 😀 東京. ";
        let a = "Odysseus longed for home, far away on an island where the nymph Calypso kept him against his will. ";
        let b = "Meanwhile the suitors feasted in his halls, while Telemachus watched and Penelope wove by day. ";
        let s = format!("{line}{a}{line}{b}{line}");
        let zeus: Vec<usize> = s
            .match_indices("the house of Zeus")
            .map(|(byte, _)| s[..byte].chars().count())
            .collect();
        (Text::new(s), zeus)
    }

    fn at(text: &Text, quote: &str) -> usize {
        text.cp_of_byte(text.as_str().find(quote).unwrap())
    }

    /// Quotes found once in [`text`].
    const SOLID: [&str; 3] = [
        "longed for home",
        "the nymph Calypso",
        "Penelope wove by day",
    ];

    /// `quotes` placed (moved) where they are.
    fn found(text: &Text, quotes: &[&str]) -> Vec<Anchoring> {
        quotes
            .iter()
            .map(|q| {
                let start = at(text, q);
                Anchoring::Moved {
                    start,
                    end: start + q.chars().count(),
                }
            })
            .collect()
    }

    #[test]
    fn the_shared_shift_points_at_one_occurrence() {
        let (text, zeus) = text();
        // Each stored about 110 higher, give or take a few.
        let mut selectors: Vec<Selector> = SOLID
            .iter()
            .enumerate()
            .map(|(i, q)| selector(q, at(&text, q) + 110 - i))
            .collect();
        let mut placed = found(&text, &SOLID);
        selectors.push(selector("the house of Zeus 😀", zeus[1] + 103));
        placed.push(Anchoring::Ambiguous);
        let (resolved, shift) = break_ties(&text, &selectors, &mut placed);
        assert_eq!((resolved, shift), (1, -108));
        assert_eq!(
            placed[3],
            Anchoring::Moved {
                start: zeus[1],
                end: zeus[1] + 19
            }
        );

        // Too far from where the shift points: left alone.
        placed[3] = Anchoring::Ambiguous;
        selectors[3] = selector("the house of Zeus 😀", zeus[1] + 10);
        assert_eq!(break_ties(&text, &selectors, &mut placed).0, 0);
        assert_eq!(placed[3], Anchoring::Ambiguous);

        // A short quote is never told apart by position.
        selectors[3] = selector("of Zeus", zeus[1] + 11 + 109);
        assert_eq!(break_ties(&text, &selectors, &mut placed).0, 0);
    }

    #[test]
    fn without_a_shift_most_share_nothing_is_guessed() {
        let (text, zeus) = text();
        // Shifts of 0, 300 and 600: an edited text, not a shifted one.
        let mut selectors: Vec<Selector> = SOLID
            .iter()
            .enumerate()
            .map(|(i, q)| selector(q, (at(&text, q) + 300 * i) % 500))
            .collect();
        let mut placed = found(&text, &SOLID);
        selectors.push(selector("the house of Zeus 😀", zeus[1]));
        placed.push(Anchoring::Ambiguous);
        assert_eq!(break_ties(&text, &selectors, &mut placed).0, 0);
        assert_eq!(placed[3], Anchoring::Ambiguous);
    }

    #[test]
    fn a_passage_the_text_repeats_gives_no_shift_on_its_own() {
        // Every annotation is in the second of two copies of a passage,
        // none placed once: both copies fit a shift as well, so none is
        // chosen (the lowest shift would put them on the first copy).
        let p = "The council voted to close the old library on the river road, and the mayor signed the order that night 😀. ";
        let middle =
            "A long middle section about other things entirely, with many words. ".repeat(5);
        let text = Text::new(format!("Intro. {p}{middle}{p}"));
        let s = text.as_str();
        let second = text.cp_of_byte(s.rfind(p).unwrap());
        let quotes = [
            "voted to close the old library",
            "the mayor signed the order",
        ];
        let selectors: Vec<Selector> = quotes
            .iter()
            .map(|q| selector(q, second + p[..p.find(q).unwrap()].chars().count() + 40))
            .collect();
        let mut placed = vec![Anchoring::Ambiguous; 2];
        assert_eq!(break_ties(&text, &selectors, &mut placed).0, 0);
        assert_eq!(placed, [Anchoring::Ambiguous, Anchoring::Ambiguous]);
    }

    #[test]
    fn utf16_positions_are_counted_in_code_points() {
        // 70 emoji between the passage's first and second copy: each is
        // two UTF-16 units, one code point, so counted in the file's units
        // the shifts would differ by 70 and share no band.
        let (plain, _) = text();
        let first_line_end = plain.as_str().find("Odysseus").unwrap();
        let cut = plain.as_str().find("Athena said").map(|_| {
            let s = plain.as_str();
            s[first_line_end..].find("Athena said").unwrap() + first_line_end
        });
        let (head, tail) = plain.as_str().split_at(cut.unwrap());
        let text = Text::new(format!("{head}{}{tail}", "😀".repeat(70)));
        let zeus: Vec<usize> = text
            .as_str()
            .match_indices("the house of Zeus")
            .map(|(b, _)| text.cp_of_byte(b))
            .collect();
        let index = Utf16Index::of(&text);
        let in_utf16 = |exact: &str, cp: usize| {
            let mut s = selector(exact, index.to_utf16(cp) + 110);
            s.position.as_mut().unwrap().unit = Unit::Utf16;
            s
        };
        let mut selectors: Vec<Selector> =
            SOLID.iter().map(|q| in_utf16(q, at(&text, q))).collect();
        let mut placed = found(&text, &SOLID);
        selectors.push(in_utf16("the house of Zeus 😀", zeus[1]));
        placed.push(Anchoring::Ambiguous);
        assert_eq!(break_ties(&text, &selectors, &mut placed).0, 1);
        assert_eq!(placed[3].span(), Some((zeus[1], zeus[1] + 19)));
    }
}
