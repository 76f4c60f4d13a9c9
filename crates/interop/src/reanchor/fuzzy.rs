//! Step 3, the approximate match: quote and context searched with the
//! bit-parallel matcher around the expected positions, the sites scored and
//! the best accepted only with support from the context and a margin over
//! the runner-up.

use super::anchorer::{Anchorer, Hints};
use super::exact::{Occurrence, Quoted};
use super::myers::{scan_all, Pattern, Scan};
use super::Thresholds;
use marginalia_core::anchor::{for_each_occurrence, TextQuote};
use marginalia_core::selector::Anchoring;
use marginalia_core::text::Text;
use std::ops::Range;

/// In [`reanchor_all`], the approximate step searches this many code points
/// plus twice the pattern (prefix, quote, suffix) around each expected
/// position.
pub(super) const BATCH_SLACK: usize = 256;

/// The most exact occurrences of a quote the approximate step weighs in
/// one region (the nearest to the expected position).
pub(super) const MAX_EXACT_SITES: usize = 64;

/// Overlapping ranges joined.
pub(super) fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// How close (code points) a plausible exact occurrence of the quote must
/// be to an approximate site for the site to be read as its near-duplicate
/// rather than as the annotated text edited in place.
const NEIGHBOURHOOD: usize = 256;

/// The longest pattern (prefix, quote and suffix, in code points) the
/// approximate step searches: 64 machine words per text character.
pub(super) const MAX_PATTERN: usize = 4096;

/// Code points at the edge of a quote that must be intact on the side where
/// only one side of the context agrees (approximate step).
pub(super) const EDGE: usize = 4;

/// A place the approximate step weighs, from [`candidate_sites`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// Start of the quote there (code points).
    pub start: usize,
    /// End of the quote there (code points, exclusive).
    pub end: usize,
    /// Similarity of quote and context together to the text there:
    /// `1 - edits / (prefix + quote + suffix length)`, in thousandths.
    pub similarity: u16,
    /// Similarity of the quote alone, in thousandths.
    pub quote_similarity: u16,
    /// Similarity of the stored prefix to the text before the site (1000
    /// when there is no prefix), in thousandths.
    pub prefix_similarity: u16,
    /// Similarity of the stored suffix to the text after the site (1000
    /// when there is no suffix), in thousandths.
    pub suffix_similarity: u16,
    /// True when the text there is exactly the quote.
    pub exact: bool,
}

/// The sites the approximate step would weigh for `quote` in its first
/// search (the near window around `expected`, or the whole text without
/// it), best first: approximate matches of quote and context, and the exact
/// occurrences of the quote there. For diagnostics and for measuring the
/// thresholds.
pub fn candidate_sites(
    text: &Text,
    quote: &TextQuote,
    expected: Option<usize>,
    thresholds: &Thresholds,
) -> Vec<Site> {
    let anchorer = Anchorer::new(text, thresholds, false);
    let Some(fuzzy) = Fuzzy::new(text, quote, thresholds) else {
        return Vec::new();
    };
    let region = match expected {
        Some(h) => anchorer.window(h, fuzzy.quote_len, thresholds.near_radius),
        None => 0..text.len(),
    };
    let mut sites: Vec<Site> = Vec::new();
    for_each_occurrence(text, &quote.exact, region.clone(), |s, _, _, _| {
        sites.push(fuzzy.exact_site(s))
    });
    fuzzy.search(region, &mut sites);
    sort_sites(&mut sites);
    sites
}

impl Anchorer<'_> {
    pub(super) fn window(&self, center: usize, len: usize, radius: usize) -> Range<usize> {
        let n = self.text.len();
        let c = center.min(n);
        c.saturating_sub(radius)..(c + len + radius).min(n)
    }

    /// Step 3. The plausible exact occurrences (wherever they are) are
    /// weighed with what is found in the regions searched: the whole text
    /// without any position;
    /// in [`reanchor_all`], a tight window (see [`BATCH_SLACK`]) around the
    /// stored and each expected position (the neighbours make them
    /// accurate); alone, the near window around the stored position, then
    /// the far one.
    pub(super) fn fuzzy_step(
        &self,
        quoted: &Quoted,
        hints: &Hints,
        plausible: &[Occurrence],
    ) -> Anchoring {
        let q = quoted.quote;
        let Some(fuzzy) = Fuzzy::new(self.text, q, self.thresholds) else {
            return Anchoring::Orphaned;
        };
        let n = self.text.len();
        let centers = hints.centers();
        let rounds: Vec<Vec<Range<usize>>> = if centers.is_empty() {
            let left = self.whole_text_budget.get();
            if self.batch && left < n {
                return Anchoring::Orphaned;
            }
            self.whole_text_budget.set(left.saturating_sub(n));
            vec![vec![0..n]]
        } else if self.batch {
            // The neighbours' shifts are precise: a tight window around
            // the stored and each expected position.
            let radius = (BATCH_SLACK + 2 * fuzzy.total).min(self.thresholds.near_radius);
            vec![merge(
                centers
                    .iter()
                    .map(|&c| self.window(c, fuzzy.quote_len, radius))
                    .collect(),
            )]
        } else {
            let near = self.window(centers[0], fuzzy.quote_len, self.thresholds.near_radius);
            let far = self.window(centers[0], fuzzy.quote_len, self.thresholds.far_radius);
            if far == near {
                vec![vec![near]]
            } else {
                vec![vec![near], vec![far]]
            }
        };
        // The plausible exact occurrences are sites wherever they are.
        let mut sites: Vec<Site> = plausible
            .iter()
            .map(|o| fuzzy.exact_site(o.start))
            .collect();
        for regions in rounds {
            for region in regions {
                // Exact occurrences there whose context did not decide are
                // sites too (at most the 64 nearest the expected position).
                let mut exact: Vec<usize> = Vec::new();
                for_each_occurrence(self.text, &q.exact, region.clone(), |s, _, _, _| {
                    exact.push(s)
                });
                if let Some(&c) = centers.first() {
                    exact.sort_by_key(|&s| s.abs_diff(c));
                }
                sites.extend(
                    exact
                        .into_iter()
                        .take(MAX_EXACT_SITES)
                        .map(|s| fuzzy.exact_site(s)),
                );
                fuzzy.search(region, &mut sites);
            }
            sort_sites(&mut sites);
            match self.decide(&fuzzy, &sites, q, hints) {
                Decision::Place(s) => return self.approximate(s, quoted, hints, plausible),
                Decision::Ambiguous => {
                    return self.unplaced(quoted, hints, plausible, Anchoring::Ambiguous)
                }
                Decision::Nothing => {}
            }
        }
        self.unplaced(quoted, hints, plausible, Anchoring::Orphaned)
    }

    /// The result when the approximate step chose `site`. An approximate
    /// site right after an exact occurrence of the quote that keeps only the
    /// stored prefix (or right before one that keeps only the stored
    /// suffix; see [`NEIGHBOURHOOD`]) reads as that occurrence's
    /// near-duplicate (an inserted copy with a word changed, which took the
    /// other side of the context): it is not taken.
    fn approximate(
        &self,
        site: Site,
        quoted: &Quoted,
        hints: &Hints,
        plausible: &[Occurrence],
    ) -> Anchoring {
        if site.exact {
            return self.site_anchoring(site, quoted.quote, hints);
        }
        // `S S'`: the exact occurrence keeps the stored prefix, the copy
        // after it takes the stored suffix; `S' S` the other way round.
        let near_duplicate = plausible.iter().any(|o| {
            let after = o.prefix == Some(true) && o.suffix != Some(true) && site.start >= o.end;
            let before = o.suffix == Some(true) && o.prefix != Some(true) && site.end <= o.start;
            (after && site.start - o.end <= NEIGHBOURHOOD)
                || (before && o.start - site.end <= NEIGHBOURHOOD)
        });
        if near_duplicate {
            self.unplaced(quoted, hints, plausible, Anchoring::Ambiguous)
        } else {
            self.site_anchoring(site, quoted.quote, hints)
        }
    }

    /// What the approximate step reports when it places nothing: `result`,
    /// unless an exact occurrence is the only one of a long quote (see
    /// `sole_long_occurrence`): neither a near-duplicate next to it whose
    /// context agrees better nor a context that supports nothing unplaces
    /// it.
    fn unplaced(
        &self,
        quoted: &Quoted,
        hints: &Hints,
        plausible: &[Occurrence],
        result: Anchoring,
    ) -> Anchoring {
        match plausible {
            [one] if self.sole_long_occurrence(quoted, one, hints) => {
                self.placed(one.start, one.end, hints)
            }
            _ => result,
        }
    }

    /// Sites whose quote keeps enough of its characters to be a rival.
    pub(super) fn rival(&self, s: &Site) -> bool {
        s.quote_similarity >= self.thresholds.min_quote_similarity
    }

    /// Whether the context around a site supports it: both sides agree, or
    /// one side does at an expected position for a long enough quote whose
    /// edge on the other side is intact (the edit that broke that side of
    /// the context must lie outside the quote, not run into it).
    pub(super) fn supported(&self, fuzzy: &Fuzzy, s: &Site, q: &TextQuote, hints: &Hints) -> bool {
        let side = self.thresholds.min_side_similarity;
        // An empty side neither supports nor contradicts.
        let agree = |sim: u16, len: usize| (len > 0).then_some(sim >= side);
        let p = agree(s.prefix_similarity, fuzzy.ctx.prefix_len);
        let x = agree(s.suffix_similarity, fuzzy.ctx.suffix_len);
        if p != Some(false) && x != Some(false) {
            return true;
        }
        let (p, x) = (p == Some(true), x == Some(true));
        if !(p || x)
            || fuzzy.quote_len < self.thresholds.one_sided_min_len
            || !hints.near(s.start, self.thresholds.hint_tolerance)
        {
            return false;
        }
        let edge = EDGE.min(fuzzy.quote_len);
        let here = self.text.slice(s.start..s.end);
        if p {
            let tail = |t: &str| t.chars().rev().take(edge).collect::<Vec<char>>();
            tail(here) == tail(&q.exact)
        } else {
            let head = |t: &str| t.chars().take(edge).collect::<Vec<char>>();
            head(here) == head(&q.exact)
        }
    }

    /// The best acceptable site, unless a rival (any site not overlapping
    /// it whose quote is close enough, acceptable or not) comes within the
    /// margin.
    pub(super) fn decide(
        &self,
        fuzzy: &Fuzzy,
        sites: &[Site],
        q: &TextQuote,
        hints: &Hints,
    ) -> Decision {
        let thresholds = self.thresholds;
        let Some(best) = sites.iter().find(|s| {
            self.rival(s)
                && s.similarity >= thresholds.min_similarity
                && self.supported(fuzzy, s, q, hints)
        }) else {
            return Decision::Nothing;
        };
        let contested = sites.iter().any(|s| {
            self.rival(s)
                && !overlaps(s, best)
                && s.similarity + thresholds.margin > best.similarity
        });
        if contested {
            Decision::Ambiguous
        } else {
            Decision::Place(*best)
        }
    }

    pub(super) fn site_anchoring(&self, s: Site, q: &TextQuote, hints: &Hints) -> Anchoring {
        if s.exact || self.text.slice(s.start..s.end) == q.exact {
            self.placed(s.start, s.end, hints)
        } else {
            Anchoring::Fuzzy {
                start: s.start,
                end: s.end,
                similarity: s.similarity,
            }
        }
    }
}

pub(super) enum Decision {
    Place(Site),
    Ambiguous,
    Nothing,
}

pub(super) fn overlaps(anchorer: &Site, b: &Site) -> bool {
    if anchorer.start == anchorer.end || b.start == b.end {
        return anchorer.start == b.start;
    }
    anchorer.start < b.end && b.start < anchorer.end
}

pub(super) fn sort_sites(sites: &mut Vec<Site>) {
    sites.sort_by(|anchorer, b| {
        b.similarity
            .cmp(&anchorer.similarity)
            .then(anchorer.start.cmp(&b.start))
            .then(anchorer.end.cmp(&b.end))
    });
    sites.dedup_by(|anchorer, b| anchorer.start == b.start && anchorer.end == b.end);
}

/// The patterns for one quote with its context.
pub(super) struct Fuzzy<'t> {
    pub(super) text: &'t Text,
    pub(super) ctx: ContextPatterns,
    pub(super) quote_len: usize,
    pub(super) total: usize,
    /// Most edits a candidate may have to be looked at.
    pub(super) k: usize,
    pub(super) whole: Pattern,
    pub(super) prefix_fwd: Pattern,
    pub(super) prefix_quote: Pattern,
    pub(super) rev_quote_suffix: Pattern,
    pub(super) rev_suffix: Pattern,
    pub(super) quote_fwd: Pattern,
}

/// Patterns for scoring a prefix that must end, and a suffix that must
/// start, at a given place.
pub(super) struct ContextPatterns {
    pub(super) prefix_len: usize,
    pub(super) suffix_len: usize,
    pub(super) rev_prefix: Pattern,
    pub(super) suffix: Pattern,
}

impl ContextPatterns {
    pub(super) fn new(prefix: &str, suffix: &str) -> Self {
        let rp: Vec<char> = prefix.chars().rev().collect();
        let sf: Vec<char> = suffix.chars().collect();
        Self {
            prefix_len: rp.len(),
            suffix_len: sf.len(),
            rev_prefix: Pattern::new(&rp),
            suffix: Pattern::new(&sf),
        }
    }

    /// Fewest edits turning the prefix into some text ending at `at`.
    pub(super) fn prefix_cost(&self, text: &Text, at: usize) -> usize {
        let lp = self.prefix_len;
        let from = at.saturating_sub(2 * lp);
        let mut scan = Scan::new(&self.rev_prefix, true);
        let mut best = lp;
        for c in text.slice(from..at).chars().rev() {
            best = best.min(scan.step(c));
        }
        best
    }

    /// Fewest edits turning the suffix into some text starting at `at`.
    pub(super) fn suffix_cost(&self, text: &Text, at: usize) -> usize {
        let ls = self.suffix_len;
        let mut scan = Scan::new(&self.suffix, true);
        let mut best = ls;
        for c in text.slice(at..at + 2 * ls).chars() {
            best = best.min(scan.step(c));
        }
        best
    }
}

impl<'t> Fuzzy<'t> {
    pub(super) fn new(text: &'t Text, q: &TextQuote, thresholds: &Thresholds) -> Option<Self> {
        let p: Vec<char> = q.prefix.chars().collect();
        let x: Vec<char> = q.exact.chars().collect();
        let s: Vec<char> = q.suffix.chars().collect();
        if x.is_empty() || text.is_empty() || p.len() + x.len() + s.len() > MAX_PATTERN {
            return None;
        }
        let cat = |parts: &[&[char]]| -> Vec<char> { parts.concat() };
        let rev = |v: Vec<char>| -> Vec<char> { v.into_iter().rev().collect() };
        let total = p.len() + x.len() + s.len();
        // Sites down to `min_similarity - margin` must be seen, to know the
        // runner-up of a site just above the minimum.
        let floor = thresholds
            .min_similarity
            .saturating_sub(thresholds.margin)
            .min(1000) as usize;
        let k = (1000 - floor) * total / 1000;
        Some(Self {
            text,
            ctx: ContextPatterns::new(&q.prefix, &q.suffix),
            quote_len: x.len(),
            total,
            k,
            whole: Pattern::new(&cat(&[&p, &x, &s])),
            prefix_fwd: Pattern::new(&p),
            prefix_quote: Pattern::new(&cat(&[&p, &x])),
            rev_quote_suffix: Pattern::new(&rev(cat(&[&x, &s]))),
            rev_suffix: Pattern::new(&rev(s.clone())),
            quote_fwd: Pattern::new(&x),
        })
    }

    /// A site with `prefix_edits`, `quote_edits` and `suffix_edits` edits in
    /// prefix, quote and suffix.
    pub(super) fn site(
        &self,
        start: usize,
        end: usize,
        prefix_edits: usize,
        quote_edits: usize,
        suffix_edits: usize,
    ) -> Site {
        let share = |errors: usize, len: usize| -> u16 {
            ((len - errors.min(len)) * 1000)
                .checked_div(len)
                .map_or(1000, |v| v as u16)
        };
        Site {
            start,
            end,
            similarity: share(prefix_edits + quote_edits + suffix_edits, self.total),
            quote_similarity: share(quote_edits, self.quote_len),
            prefix_similarity: share(prefix_edits, self.ctx.prefix_len),
            suffix_similarity: share(suffix_edits, self.ctx.suffix_len),
            exact: quote_edits == 0 && end - start == self.quote_len,
        }
    }

    pub(super) fn exact_site(&self, start: usize) -> Site {
        let end = start + self.quote_len;
        let prefix_edits = self.ctx.prefix_cost(self.text, start);
        let suffix_edits = self.ctx.suffix_cost(self.text, end);
        self.site(start, end, prefix_edits, 0, suffix_edits)
    }

    /// Adds the approximate sites found in `region` to `sites`.
    pub(super) fn search(&self, region: Range<usize>, sites: &mut Vec<Site>) {
        let base = region.start;
        let mut scan = Scan::new(&self.whole, false);
        // Local minima of the edit distance among ends within `k` edits.
        let mut ends: Vec<(usize, usize)> = Vec::new();
        let mut prev = usize::MAX;
        let mut falling = false;
        let mut pending: Option<(usize, usize)> = None;
        for (i, c) in self.text.slice(region).chars().enumerate() {
            let d = scan.step(c);
            if d < prev {
                falling = true;
                pending = (d <= self.k).then_some((d, base + i + 1));
            } else if d > prev {
                if falling {
                    ends.extend(pending.take());
                }
                falling = false;
            }
            prev = d;
        }
        if falling {
            ends.extend(pending);
        }
        ends.sort_unstable();
        ends.truncate(32);
        for (_, end) in ends {
            if let Some(site) = self.refine(end) {
                sites.push(site);
            }
        }
    }

    /// The quote's boundaries within the best alignment of the whole
    /// pattern ending at `end`, and the site's similarity there.
    pub(super) fn refine(&self, end: usize) -> Option<Site> {
        let window_start = end.saturating_sub(self.total + self.k);
        let window: Vec<char> = self.text.slice(window_start..end).chars().collect();
        let n = window.len();
        let prefix_costs = scan_all(&self.prefix_fwd, false, window.iter().copied());
        let rest_costs = scan_all(&self.rev_quote_suffix, true, window.iter().rev().copied());
        // Start of the quote: largest split of least cost.
        let quote_start = (0..=n)
            .rev()
            .min_by_key(|&x| prefix_costs[x] + rest_costs[n - x])?;
        let head_costs = scan_all(&self.prefix_quote, false, window.iter().copied());
        let suffix_costs = scan_all(&self.rev_suffix, true, window.iter().rev().copied());
        // End of the quote: smallest split of least cost.
        let quote_end = (quote_start..=n).min_by_key(|&y| head_costs[y] + suffix_costs[n - y])?;
        let quote_edits = *scan_all(
            &self.quote_fwd,
            true,
            window[quote_start..quote_end].iter().copied(),
        )
        .last()?;
        let (start, stop) = (window_start + quote_start, window_start + quote_end);
        let prefix_edits = self.ctx.prefix_cost(self.text, start);
        let suffix_edits = self.ctx.suffix_cost(self.text, stop);
        Some(self.site(start, stop, prefix_edits, quote_edits, suffix_edits))
    }
}
