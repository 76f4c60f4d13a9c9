//! A 3-gram index of a long text, so that the exact step of
//! [`reanchor_all`](super::reanchor_all) looks up `prefix + quote` and
//! `quote + suffix` instead of scanning the text for each annotation.
//!
//! It is a faster way to the same answer as the one occurrence finder,
//! [`for_each_match`] (short needles are handed to it; a property test
//! checks that both find the same).

use marginalia_core::anchor::for_each_match;

/// Texts from this many bytes on get a 3-gram index in [`reanchor_all`].
pub(super) const INDEX_MIN: usize = 1 << 16;

/// Where every 3-byte sequence of a text starts, bucketed by a 16-bit hash
/// of the sequence (a counting sort: two passes over the text).
pub(super) struct GramIndex {
    /// Start of each bucket in `pos` (65,537 entries).
    pub(super) starts: Vec<u32>,
    /// Byte positions, bucket by bucket, ascending within a bucket.
    pub(super) pos: Vec<u32>,
}

pub(super) fn gram(b: &[u8]) -> usize {
    bucket_of(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// The bucket of three bytes `b0 | b1 << 8 | b2 << 16`.
pub(super) fn bucket_of(x: u32) -> usize {
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl GramIndex {
    pub(super) fn new(hay: &[u8]) -> Self {
        // The 3-gram ending at each byte is read by shifting that byte in
        // (the same value as `gram` of the three bytes, without slicing the
        // text at every byte).
        let shift = |x: u32, b: u8| x >> 8 | u32::from(b) << 16;
        let mut starts = vec![0u32; (1 << 16) + 1];
        let mut x = 0;
        for (i, &b) in hay.iter().enumerate() {
            x = shift(x, b);
            if i >= 2 {
                starts[bucket_of(x) + 1] += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut fill = starts.clone();
        let mut pos = vec![0u32; hay.len().saturating_sub(2)];
        for (i, &b) in hay.iter().enumerate() {
            x = shift(x, b);
            if i >= 2 {
                let g = bucket_of(x);
                pos[fill[g] as usize] = (i - 2) as u32;
                fill[g] += 1;
            }
        }
        Self { starts, pos }
    }

    pub(super) fn bucket(&self, g: usize) -> &[u32] {
        &self.pos[self.starts[g] as usize..self.starts[g + 1] as usize]
    }

    /// Calls `f(byte start)` for every occurrence of `needle` in `hay` (the
    /// text indexed), like [`for_each_match`], looking only where the
    /// needle's rarest 3-gram occurs.
    pub(super) fn find(&self, hay: &str, needle: &str, mut f: impl FnMut(usize)) {
        let nb = needle.as_bytes();
        if nb.len() < 3 {
            return for_each_match(hay, needle, f);
        }
        let Some(o) = (0..=nb.len() - 3).min_by_key(|&o| self.bucket(gram(&nb[o..])).len()) else {
            return;
        };
        let bytes = hay.as_bytes();
        for &p in self.bucket(gram(&nb[o..])) {
            let Some(s) = (p as usize).checked_sub(o) else {
                continue;
            };
            if bytes.get(s..s + nb.len()) == Some(nb) {
                f(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reanchor::tests::alphabet;
    use proptest::prelude::*;

    fn needle_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(alphabet(), 0..6).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn gram_index_finds_what_a_scan_finds(
            hay in proptest::collection::vec(alphabet(), 0..300).prop_map(|v| v.into_iter().collect::<String>()),
            needle in needle_strategy(),
        ) {
            let index = GramIndex::new(hay.as_bytes());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for_each_match(&hay, &needle, |s| a.push(s));
            index.find(&hay, &needle, |s| b.push(s));
            prop_assert_eq!(a, b);
        }
    }
}
