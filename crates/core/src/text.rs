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

/// Length of `s` in UTF-16 code units, the unit of JavaScript string offsets.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Converts a UTF-16 offset into `s` to a code-point offset. An offset that
/// falls between the two halves of a surrogate pair is rounded down to the
/// start of that character; offsets past the end clamp to the length.
pub fn utf16_to_cp(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (cp, ch) in s.chars().enumerate() {
        let next = units + ch.len_utf16();
        if next > utf16 {
            return cp;
        }
        units = next;
    }
    s.chars().count()
}

/// Converts a code-point offset into `s` to a UTF-16 offset (clamped to the
/// end of `s`).
pub fn cp_to_utf16(s: &str, cp: usize) -> usize {
    s.chars().take(cp).map(char::len_utf16).sum()
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

    proptest! {
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
