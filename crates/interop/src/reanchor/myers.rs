//! Bit-parallel edit distance (Myers 1999, with the block decomposition for
//! patterns longer than one machine word; Hyyrö's formulation).
//!
//! Column by column over the text, the dynamic-programming matrix
//! D[i][j] (pattern prefix of length i against text ending at j) is kept as
//! bit vectors of vertical differences D[i][j] - D[i-1][j] in {-1, 0, +1}:
//! `pv` has bit i set where the difference is +1, `mv` where it is -1. One
//! text character updates a 64-row block with a handful of word operations;
//! the horizontal difference at a block's bottom row is carried into the
//! block below. Row 0 is 0 everywhere when the pattern may start anywhere in
//! the text (search), or j when it must start at the first character
//! (anchored), which enters block 0 as a horizontal difference of +1.

/// A pattern prepared for bit-parallel matching.
pub(super) struct Pattern {
    pub(super) len: usize,
    pub(super) blocks: usize,
    /// Class of each ASCII character (0: not in the pattern).
    pub(super) ascii: [u32; 128],
    /// Class of each other character of the pattern, sorted.
    pub(super) other: Vec<(char, u32)>,
    /// For each class, `blocks` words: the rows where the pattern has it.
    pub(super) peq: Vec<u64>,
    /// The bit of the last row in the last block.
    pub(super) last: u64,
}

impl Pattern {
    pub(super) fn new(chars: &[char]) -> Self {
        let len = chars.len();
        let blocks = len.div_ceil(64).max(1);
        let mut ascii = [0u32; 128];
        let mut other: Vec<(char, u32)> = Vec::new();
        let mut peq = vec![0u64; blocks];
        let mut classes = 0u32;
        for (i, &c) in chars.iter().enumerate() {
            let slot = if (c as u32) < 128 {
                &mut ascii[c as usize]
            } else {
                match other.iter().position(|&(o, _)| o == c) {
                    Some(at) => &mut other[at].1,
                    None => {
                        other.push((c, 0));
                        let at = other.len() - 1;
                        &mut other[at].1
                    }
                }
            };
            if *slot == 0 {
                classes += 1;
                *slot = classes;
                peq.extend(std::iter::repeat_n(0, blocks));
            }
            let class = *slot as usize;
            peq[class * blocks + i / 64] |= 1 << (i % 64);
        }
        other.sort_unstable();
        let last = if len == 0 { 0 } else { 1 << ((len - 1) % 64) };
        Self {
            len,
            blocks,
            ascii,
            other,
            peq,
            last,
        }
    }

    pub(super) fn class(&self, c: char) -> usize {
        if (c as u32) < 128 {
            self.ascii[c as usize] as usize
        } else {
            match self.other.binary_search_by(|&(o, _)| o.cmp(&c)) {
                Ok(at) => self.other[at].1 as usize,
                Err(_) => 0,
            }
        }
    }
}

/// The state of one scan of a pattern over a text.
pub(super) struct Scan<'p> {
    pub(super) p: &'p Pattern,
    pub(super) pv: Vec<u64>,
    pub(super) mv: Vec<u64>,
    pub(super) score: usize,
    pub(super) anchored: bool,
}

impl<'p> Scan<'p> {
    /// `anchored`: the pattern must start at the first character scanned
    /// (otherwise it may start anywhere).
    pub(super) fn new(p: &'p Pattern, anchored: bool) -> Self {
        Self {
            p,
            pv: vec![!0; p.blocks],
            mv: vec![0; p.blocks],
            score: p.len,
            anchored,
        }
    }

    /// Consumes one text character; returns the edit distance of the whole
    /// pattern to the best text ending here.
    pub(super) fn step(&mut self, c: char) -> usize {
        let p = self.p;
        if p.len == 0 {
            if self.anchored {
                self.score += 1;
            }
            return self.score;
        }
        let base = p.class(c) * p.blocks;
        let mut hin: i8 = if self.anchored { 1 } else { 0 };
        for b in 0..p.blocks {
            let mut matches = p.peq[base + b];
            let pv = self.pv[b];
            let mv = self.mv[b];
            let xv = matches | mv;
            if hin < 0 {
                matches |= 1;
            }
            let xh = (((matches & pv).wrapping_add(pv)) ^ pv) | matches;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            let high = if b + 1 == p.blocks { p.last } else { 1 << 63 };
            let hout: i8 = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if hin < 0 {
                mh |= 1;
            } else if hin > 0 {
                ph |= 1;
            }
            self.pv[b] = mh | !(xv | ph);
            self.mv[b] = ph & xv;
            hin = hout;
        }
        self.score = (self.score as isize + hin as isize) as usize;
        self.score
    }
}

/// The edit distance after each prefix of `chars` (index 0: none consumed).
pub(super) fn scan_all(
    p: &Pattern,
    anchored: bool,
    chars: impl Iterator<Item = char>,
) -> Vec<usize> {
    let mut scan = Scan::new(p, anchored);
    let mut out = vec![p.len];
    out.extend(chars.map(|c| scan.step(c)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reanchor::tests::alphabet;
    use proptest::prelude::*;

    /// Plain dynamic programming: distance of the whole pattern to the best
    /// text ending at each position.
    fn dp(pattern: &[char], text: &[char], anchored: bool) -> Vec<usize> {
        let m = pattern.len();
        let mut col: Vec<usize> = (0..=m).collect();
        let mut out = vec![m];
        for (j, &c) in text.iter().enumerate() {
            let mut next = vec![if anchored { j + 1 } else { 0 }; m + 1];
            for i in 1..=m {
                let sub = col[i - 1] + usize::from(pattern[i - 1] != c);
                next[i] = sub.min(col[i] + 1).min(next[i - 1] + 1);
            }
            out.push(next[m]);
            col = next;
        }
        out
    }

    fn chars_of(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn bit_parallel_equals_dynamic_programming(
            pattern in proptest::collection::vec(alphabet(), 0..150),
            text in proptest::collection::vec(alphabet(), 0..200),
            anchored in any::<bool>(),
        ) {
            let p = Pattern::new(&pattern);
            let got = scan_all(&p, anchored, text.iter().copied());
            prop_assert_eq!(got, dp(&pattern, &text, anchored));
        }
    }

    #[test]
    fn long_patterns_use_several_blocks() {
        let pattern: Vec<char> = "the quick brown fox jumps over the lazy dog "
            .repeat(5)
            .chars()
            .collect();
        assert!(pattern.len() > 128);
        let mut text = pattern.clone();
        text.remove(70);
        text.insert(100, 'X');
        text[150] = 'Y';
        let mut hay = chars_of("xx");
        hay.extend(&text);
        hay.extend(chars_of("yy"));
        let got = scan_all(&Pattern::new(&pattern), false, hay.iter().copied());
        assert_eq!(got, dp(&pattern, &hay, false));
        assert_eq!(got.iter().min(), Some(&3));
    }
}
