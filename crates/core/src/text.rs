//! Article text addressed in Unicode code points.
//!
//! Marginalia stores every offset as a count of Unicode scalar values (code
//! points), the unit of the W3C Web Annotation model. Rust strings are UTF-8
//! and browsers count UTF-16 code units, so this module owns every conversion
//! between the three units.

use std::ops::Range;

/// How many code points lie between two recorded byte offsets.
const STRIDE: usize = 64;

/// A byte inside a UTF-8 character, after its first byte.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// An immutable article text with fast code-point addressing and its
/// paragraph structure.
///
/// Paragraphs are the runs of text between `'\n'` characters; the newline
/// itself belongs to no paragraph but is part of the text (a span that
/// crosses paragraphs covers it).
#[derive(Clone, Debug)]
pub struct Text {
    s: String,
    chars: usize,
    /// Byte offset of every `STRIDE`-th code point; empty when the text is
    /// pure ASCII (then bytes and code points coincide).
    checkpoints: Vec<usize>,
    paragraphs: Vec<Range<usize>>,
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.s == other.s
    }
}
impl Eq for Text {}

impl Text {
    /// Indexes `s`. Costs one pass over the text.
    pub fn new(s: impl Into<String>) -> Self {
        let s = s.into();
        let ascii = s.is_ascii();
        let mut checkpoints = Vec::new();
        let mut paragraphs = Vec::new();
        let mut para_start = 0;
        let mut chars = 0;
        // Byte by byte: a character starts at every byte that is not a
        // UTF-8 continuation byte.
        for (byte, &b) in s.as_bytes().iter().enumerate() {
            if is_continuation(b) {
                continue;
            }
            if !ascii && chars % STRIDE == 0 {
                checkpoints.push(byte);
            }
            if b == b'\n' {
                paragraphs.push(para_start..chars);
                para_start = chars + 1;
            }
            chars += 1;
        }
        paragraphs.push(para_start..chars);
        Self {
            s,
            chars,
            checkpoints,
            paragraphs,
        }
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.chars
    }

    /// True when the text has no characters.
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Byte offset of code point `cp` (clamped to the end of the text).
    pub fn byte_of(&self, cp: usize) -> usize {
        if cp >= self.chars {
            return self.s.len();
        }
        if self.checkpoints.is_empty() {
            return cp;
        }
        let base = self.checkpoints[cp / STRIDE];
        let skip = cp % STRIDE;
        // The `skip`-th character from `base` starts at the `skip`-th byte
        // that is not a UTF-8 continuation byte (bytes are counted, not
        // characters decoded).
        match self.s.as_bytes()[base..]
            .iter()
            .enumerate()
            .filter(|&(_, &b)| !is_continuation(b))
            .nth(skip)
        {
            Some((b, _)) => base + b,
            None => self.s.len(),
        }
    }

    /// Code-point offset of byte offset `byte`, which should fall on a
    /// character boundary (a byte inside a character counts as the start of
    /// the next character).
    pub fn cp_of_byte(&self, byte: usize) -> usize {
        let byte = byte.min(self.s.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        let k = self.checkpoints.partition_point(|&b| b <= byte) - 1;
        let base = self.checkpoints[k];
        // The characters that start before `byte`: their first bytes.
        k * STRIDE
            + self.s.as_bytes()[base..byte]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }

    /// The text between two code-point offsets (clamped to the text).
    pub fn slice(&self, range: Range<usize>) -> &str {
        let start = self.byte_of(range.start);
        let end = self.byte_of(range.end.max(range.start));
        &self.s[start..end]
    }

    /// The code-point ranges of the paragraphs, in order; there is always at
    /// least one (possibly empty) paragraph.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// Index of the paragraph holding code point `cp`; the newline after a
    /// paragraph counts as part of it, and offsets past the end map to the
    /// last paragraph.
    pub fn paragraph_at(&self, cp: usize) -> usize {
        self.paragraphs.partition_point(|p| p.start <= cp).max(1) - 1
    }

    /// Indices of the paragraphs that the span `start..end` touches.
    pub fn paragraphs_touched(&self, start: usize, end: usize) -> Range<usize> {
        let first = self.paragraph_at(start);
        let last = self.paragraph_at(end.saturating_sub(1).max(start));
        first..last + 1
    }

    /// The text of paragraph `index` (empty when out of range).
    pub fn paragraph_text(&self, index: usize) -> &str {
        match self.paragraphs.get(index) {
            Some(r) => self.slice(r.clone()),
            None => "",
        }
    }
}

/// Converts offsets of one text between UTF-16 code units (the unit of
/// JavaScript strings, doccano and Label Studio) and code points, both ways,
/// in O(log n) per offset. Built once per text in one pass; a text without
/// characters outside the Basic Multilingual Plane (where the two units
/// coincide) keeps no table at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Utf16Index {
    /// Length of the text in code points.
    len: usize,
    /// Code-point offset of each character outside the Basic Multilingual
    /// Plane (two UTF-16 code units each), in order. The `k`-th of them
    /// starts at UTF-16 offset `astral[k] + k`.
    astral: Vec<usize>,
}

impl Utf16Index {
    /// Indexes `s`.
    pub fn new(s: &str) -> Self {
        // Only characters of four UTF-8 bytes take two UTF-16 units.
        if !s.bytes().any(|b| b >= 0xF0) {
            return Self {
                len: s.chars().count(),
                astral: Vec::new(),
            };
        }
        let mut astral = Vec::new();
        let mut len = 0;
        for c in s.chars() {
            if c.len_utf16() == 2 {
                astral.push(len);
            }
            len += 1;
        }
        Self { len, astral }
    }

    /// Indexes the text of `text`.
    pub fn of(text: &Text) -> Self {
        Self::new(text.as_str())
    }

    /// Length of the text in code points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Length of the text in UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        self.len + self.astral.len()
    }

    /// How many more UTF-16 code units than code points the text has.
    pub fn extra(&self) -> usize {
        self.astral.len()
    }

    /// The UTF-16 offset of code point `cp` (clamped to the end).
    pub fn to_utf16(&self, cp: usize) -> usize {
        let cp = cp.min(self.len);
        cp + self.astral.partition_point(|&a| a < cp)
    }

    /// The code point at UTF-16 offset `utf16`. An offset between the two
    /// halves of a surrogate pair rounds down to the start of that
    /// character; an offset past the end stays as far past the end (so that
    /// an out-of-range position stays out of range; see [`Self::to_cp`] for
    /// a clamped one).
    pub fn to_cp_unclamped(&self, utf16: usize) -> usize {
        // How many astral characters end at or before `utf16`: the `k`-th
        // ends at `astral[k] + k + 2`, which grows with `k`.
        let (mut lo, mut hi) = (0, self.astral.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.astral[mid] + mid + 2 <= utf16 {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match self.astral.get(lo) {
            Some(&a) if a + lo + 1 == utf16 => a,
            _ => utf16 - lo,
        }
    }

    /// The code point at UTF-16 offset `utf16`, rounded down inside a
    /// surrogate pair and clamped to the end of the text.
    pub fn to_cp(&self, utf16: usize) -> usize {
        self.to_cp_unclamped(utf16).min(self.len)
    }

    /// The code point at UTF-16 offset `utf16` when that offset is a
    /// character boundary of the text (`None` inside a surrogate pair or
    /// past the end).
    pub fn to_cp_exact(&self, utf16: usize) -> Option<usize> {
        let cp = self.to_cp_unclamped(utf16);
        (utf16 <= self.utf16_len() && self.to_utf16(cp) == utf16).then_some(cp)
    }
}

/// Length of `s` in UTF-16 code units, the unit of JavaScript string offsets.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Converts a UTF-16 offset into `s` to a code-point offset. An offset that
/// falls between the two halves of a surrogate pair is rounded down to the
/// start of that character; offsets past the end clamp to the length. For
/// many offsets into one text, build a [`Utf16Index`] once.
pub fn utf16_to_cp(s: &str, utf16: usize) -> usize {
    Utf16Index::new(s).to_cp(utf16)
}

/// Converts a code-point offset into `s` to a UTF-16 offset (clamped to the
/// end of `s`). For many offsets into one text, build a [`Utf16Index`]
/// once.
pub fn cp_to_utf16(s: &str, cp: usize) -> usize {
    Utf16Index::new(s).to_utf16(cp)
}

/// `s` cut to its first `max` characters, with "…" when it was longer (for
/// quoting text in messages).
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIXED: &str = "Tea 🍵 in 東京\ne\u{301}té 👩‍👩‍👧 done\n\nend";

    #[test]
    fn ascii_offsets_are_bytes() {
        let t = Text::new("abc\ndef");
        assert_eq!(t.len(), 7);
        assert_eq!(t.byte_of(5), 5);
        assert_eq!(t.slice(4..7), "def");
        assert_eq!(t.paragraphs(), &[0..3, 4..7]);
    }

    #[test]
    fn mixed_text_slices_by_code_point() {
        let t = Text::new(MIXED);
        assert_eq!(t.len(), MIXED.chars().count());
        assert_eq!(t.slice(4..5), "🍵");
        assert_eq!(t.slice(9..11), "東京");
        // e + combining acute accent are two code points
        assert_eq!(t.slice(12..14), "e\u{301}");
        assert_eq!(t.paragraphs().len(), 4);
        assert_eq!(t.paragraph_text(2), "");
        assert_eq!(t.paragraph_text(3), "end");
    }

    #[test]
    fn paragraph_lookup_counts_newline_with_previous_paragraph() {
        let t = Text::new("ab\ncd\nef");
        assert_eq!(t.paragraph_at(0), 0);
        assert_eq!(t.paragraph_at(2), 0); // the newline
        assert_eq!(t.paragraph_at(3), 1);
        assert_eq!(t.paragraph_at(100), 2);
        assert_eq!(t.paragraphs_touched(1, 3), 0..1);
        assert_eq!(t.paragraphs_touched(1, 4), 0..2);
        assert_eq!(t.paragraphs_touched(0, 8), 0..3);
    }

    #[test]
    fn utf16_conversion_handles_surrogates() {
        let s = "a🍵b東";
        assert_eq!(utf16_len(s), 5);
        assert_eq!(utf16_to_cp(s, 0), 0);
        assert_eq!(utf16_to_cp(s, 1), 1);
        assert_eq!(
            utf16_to_cp(s, 2),
            1,
            "inside the surrogate pair rounds down"
        );
        assert_eq!(utf16_to_cp(s, 3), 2);
        assert_eq!(utf16_to_cp(s, 5), 4);
        assert_eq!(utf16_to_cp(s, 99), 4);
        assert_eq!(cp_to_utf16(s, 2), 3);
        assert_eq!(cp_to_utf16(s, 4), 5);
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('a'),
                Just(' '),
                Just('\n'),
                Just('é'),
                Just('\u{301}'),
                Just('東'),
                Just('🍵'),
                Just('👩'),
                Just('\u{200d}'),
            ],
            0..300,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    #[test]
    fn utf16_index_on_emoji_cjk_and_combining_marks() {
        // "e" + combining acute (2 code points, 2 units), 東京 (one unit
        // each), 🍵 and the family emoji's parts (two units each, the
        // joiners one).
        let s = "e\u{301} 東京 🍵 👩\u{200d}👧!";
        let index = Utf16Index::new(s);
        assert_eq!(index.len(), 12);
        assert_eq!(index.utf16_len(), 15);
        assert_eq!(index.extra(), 3);
        assert_eq!(index.to_utf16(2), 2, "the combining mark is one unit");
        assert_eq!(index.to_utf16(6), 6, "CJK is one unit each");
        assert_eq!(index.to_utf16(7), 8, "after the tea emoji");
        assert_eq!(index.to_utf16(12), 15);
        assert_eq!(index.to_utf16(99), 15, "clamped");
        assert_eq!(index.to_cp(7), 6, "inside a pair rounds down");
        assert_eq!(index.to_cp_exact(7), None);
        assert_eq!(index.to_cp_exact(8), Some(7));
        assert_eq!(index.to_cp_exact(16), None, "past the end");
        assert_eq!(index.to_cp(99), 12, "clamped");
        assert_eq!(index.to_cp_unclamped(17), 14, "as far past the end");
        // Without astral characters there is no table: units are code points.
        let plain = Utf16Index::new("e\u{301} 東京");
        assert_eq!(plain.extra(), 0);
        assert_eq!(plain.to_cp(3), 3);
        assert_eq!(plain.to_cp_exact(6), None);
        assert!(Utf16Index::new("").is_empty());
    }

    /// UTF-16 offsets of every code-point boundary, counted one character at
    /// a time.
    fn naive_units(s: &str) -> Vec<usize> {
        let mut out = vec![0];
        for c in s.chars() {
            out.push(out[out.len() - 1] + c.len_utf16());
        }
        out
    }

    proptest! {
        #[test]
        fn utf16_index_agrees_with_a_naive_count(s in text_strategy()) {
            let index = Utf16Index::new(&s);
            let units = naive_units(&s);
            let len = units.len() - 1;
            prop_assert_eq!(index.len(), len);
            prop_assert_eq!(index.utf16_len(), units[len]);
            for (cp, &u) in units.iter().enumerate() {
                prop_assert_eq!(index.to_utf16(cp), u);
            }
            for u in 0..=units[len] + 2 {
                // The last boundary at or before `u`, extrapolated past the end.
                let before = units.partition_point(|&b| b <= u) - 1;
                let expected = if u > units[len] { len + (u - units[len]) } else { before };
                prop_assert_eq!(index.to_cp_unclamped(u), expected);
                prop_assert_eq!(index.to_cp(u), expected.min(len));
                prop_assert_eq!(index.to_cp_exact(u), units.binary_search(&u).ok());
            }
        }

        #[test]
        fn byte_and_cp_offsets_agree(s in text_strategy()) {
            let t = Text::new(s.clone());
            for (cp, (byte, _)) in s.char_indices().enumerate() {
                prop_assert_eq!(t.byte_of(cp), byte);
                prop_assert_eq!(t.cp_of_byte(byte), cp);
            }
            prop_assert_eq!(t.byte_of(t.len()), s.len());
            prop_assert_eq!(t.cp_of_byte(s.len()), t.len());
            // A byte inside a character counts as the start of the next one.
            let starts: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
            for byte in 0..=s.len() {
                prop_assert_eq!(t.cp_of_byte(byte), starts.partition_point(|&b| b < byte));
            }
            let joined: Vec<&str> = (0..t.paragraphs().len()).map(|i| t.paragraph_text(i)).collect();
            prop_assert_eq!(joined.join("\n"), s);
        }

        #[test]
        fn utf16_round_trips(s in text_strategy()) {
            for cp in 0..=s.chars().count() {
                prop_assert_eq!(utf16_to_cp(&s, cp_to_utf16(&s, cp)), cp);
            }
        }
    }
}
