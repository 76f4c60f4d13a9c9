//! Re-anchoring on edited copies of real news articles.
//!
//! The 24 GUM Wikinews articles vendored in `bench/data/gum-news` (texts CC
//! BY 2.5, Wikinews; attribution spans CC BY 4.0, GUM — see the licence
//! files there) are annotated (GUM's attribution spans, every sentence, and
//! a short span of one to three words in every sentence), then edited in
//! ten ways. Every character of an edited copy remembers which character
//! of the original it came from (or that it is new), so the right place of
//! every annotation in the copy is known: the characters that came from its
//! span. Each annotation is re-anchored from its quote, context and
//! position, and the result is counted as correct (exactly that span), near
//! (mostly on it, boundaries differ), unplaced (orphaned or ambiguous) or
//! wrong (anywhere else, including a copy of the text that is new). Nothing
//! may be wrong; annotations whose text the edits did not touch must be
//! found exactly.
//!
//! The figures are those `docs/reanchoring.md` states (the test fails when
//! they differ; `MARGINALIA_UPDATE_DOCS=1` rewrites them there).
//!
//! The ignored tests measure: `measure` prints the distributions behind the
//! thresholds of `reanchor` and a sweep of them; `timing` re-anchors
//! 10,000 annotations on an edited ~1 MB text (run them with
//! `cargo test --release --test edited_articles -- --ignored --nocapture`).

#[path = "edited_articles/edits.rs"]
mod edits;
#[path = "edited_articles/figures.rs"]
mod figures;
#[path = "edited_articles/judge.rs"]
mod judge;

use edits::*;
use judge::*;
use marginalia_core::{Text, TextQuote};
use marginalia_interop::reanchor::{
    candidate_sites, reanchor_all_with, reanchor_with, Anchoring, Position, Selector, Thresholds,
    Unit,
};
use std::collections::BTreeMap;
use std::time::Instant;

#[test]
fn edited_articles_are_never_misplaced() {
    let arts = articles();
    let cases = cases(&arts);
    let th = Thresholds::default();
    let mut measured = Vec::new();
    for mode in [Mode::Batch, Mode::Single, Mode::QuoteOnly] {
        let out = run(&arts, &cases, mode, &th);
        measured.push((mode, out.rows.clone()));
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
            check_kind(mode, *kind, r);
        }
        // A long quote that still occurs exactly once is found there, also
        // next to a near-duplicate of it whose context agrees better.
        for kind in [Kind::NearDupAfter, Kind::NearDupBefore] {
            let r = out.rows[&kind];
            assert!(r.sole > 1000, "{mode:?} {kind:?}: {} sole quotes", r.sole);
            assert_eq!(
                r.sole_found, r.sole,
                "{mode:?} {kind:?}: a long quote occurring once not found there"
            );
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
    // docs/reanchoring.md states these figures.
    figures::check(&figures::section(&measured));
}

/// The expectations of one edit kind in one mode.
fn check_kind(mode: Mode, kind: Kind, r: &Row) {
    match mode {
        // Every annotation no edit touched, whose selector was not
        // ambiguous in the original already, is found exactly.
        // A near-duplicate inserted right before a sentence holds
        // the parts it keeps with the same context: two equally
        // good readings (see `Verdict::Copy`).
        Mode::Batch if kind == Kind::NearDupBefore => assert!(
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
    let longest_repeat = longest_repeat(&arts);
    println!("longest annotation quote occurring twice in its original: {longest_repeat} cp");

    // 2. and 3.: the exact and the approximate step.
    let mut d = Distributions::default();
    for c in &cases {
        d.add_case(&arts[c.article], c, &th);
    }
    d.print();

    // 4. Sweep.
    print_sweep(&arts, &cases, &sweep_variants());
}

/// The length of the longest annotation quote that occurs more than once
/// in its original article.
fn longest_repeat(arts: &[Article]) -> usize {
    let mut longest = 0;
    for a in arts {
        for &(s, e) in &a.spans {
            let q: String = a.chars[s..e].iter().collect();
            if a.text.matches(q.as_str()).count() > 1 {
                longest = longest.max(e - s);
            }
        }
    }
    longest
}

/// What `measure` gathers over every annotation of every edited copy.
#[derive(Default)]
struct Distributions {
    // 2. Exact step: how long a side of the context agrees by chance next
    //    to an occurrence that is not the annotation's (when the side does
    //    not agree in full), and how often a whole side does (a repeated
    //    passage or a copy).
    noise: Vec<usize>,
    full_side: usize,
    wrong_occurrences: usize,
    // 3. Approximate step: best true and best wrong site per touched
    //    annotation.
    true_sim: Vec<usize>,
    true_ctx: Vec<usize>,
    wrong_sim: Vec<usize>,
    wrong_ctx: Vec<usize>,
    gaps: Vec<usize>,
}

/// An exact occurrence of a quote: where it starts, and how many code
/// points of the prefix and of the suffix agree around it.
struct Occurrence {
    start: usize,
    before: usize,
    after: usize,
}

/// The exact occurrences of `q.exact` in `chars` (code points).
fn occurrences(chars: &[char], q: &TextQuote) -> Vec<Occurrence> {
    let qc: Vec<char> = q.exact.chars().collect();
    let pc: Vec<char> = q.prefix.chars().collect();
    let sc: Vec<char> = q.suffix.chars().collect();
    let lq = qc.len();
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
                occ.push(Occurrence {
                    start: i,
                    before,
                    after,
                });
            }
        }
    }
    occ
}

impl Distributions {
    /// Adds every annotation of the article `a` on its edited copy `c`.
    fn add_case(&mut self, a: &Article, c: &Case, th: &Thresholds) {
        let original = Text::new(a.text.as_str());
        let text = Text::new(c.edited.text.as_str());
        let new_chars: Vec<char> = c.edited.text.chars().collect();
        for &(s, e) in &a.spans {
            let q = TextQuote::of(&original, s, e);
            let t = truth(&c.edited.origin, &a.chars, &new_chars, s, e);
            if q.exact.is_empty() {
                continue;
            }
            self.add_exact(&new_chars, &q, &t);
            if !t.intact {
                // Touched: look at the sites the approximate step weighs.
                self.add_approximate(&text, &q, &t, th);
            }
        }
    }

    /// The context agreeing around the quote's occurrences that are not
    /// the annotation's.
    fn add_exact(&mut self, chars: &[char], q: &TextQuote, t: &Truth) {
        let (pl, sl) = (q.prefix.chars().count(), q.suffix.chars().count());
        let truth_start = t.image.map(|(x, _)| x);
        for o in occurrences(chars, q) {
            if Some(o.start) == truth_start && t.intact {
                continue;
            }
            self.wrong_occurrences += 1;
            let full = (o.before == pl && pl != 0) || (o.after == sl && sl != 0);
            if full {
                self.full_side += 1;
            } else {
                self.noise.push(o.before.max(o.after));
            }
        }
    }

    /// The best site on the span and the best site elsewhere among those
    /// the approximate step weighs for a touched annotation.
    fn add_approximate(&mut self, text: &Text, q: &TextQuote, t: &Truth, th: &Thresholds) {
        let hint = t.image.map(|(x, _)| x).or(t.from_span.first().copied());
        let sites = candidate_sites(text, q, hint, th);
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
            self.true_sim.push(sim as usize);
            self.true_ctx.push(ctx as usize);
        }
        if let Some((sim, ctx)) = bw {
            self.wrong_sim.push(sim as usize);
            self.wrong_ctx.push(ctx as usize);
        }
        if let (Some(x), Some(y)) = (bt, bw) {
            self.gaps.push(x.0.abs_diff(y.0) as usize);
        }
    }

    fn print(&mut self) {
        show(
            "exact: chance agreement of a side (other occ.)",
            &mut self.noise,
        );
        println!(
            "exact: other occurrences with a whole side agreeing: {} of {}",
            self.full_side, self.wrong_occurrences
        );
        show("approx: best true site, similarity", &mut self.true_sim);
        show(
            "approx: best true site, weaker side similarity",
            &mut self.true_ctx,
        );
        show("approx: best wrong site, similarity", &mut self.wrong_sim);
        show(
            "approx: best wrong site, weaker side similarity",
            &mut self.wrong_ctx,
        );
        show(
            "approx: |true - wrong| similarity when both",
            &mut self.gaps,
        );
    }
}

/// Prints the size and percentiles of a distribution.
fn show(name: &str, v: &mut [usize]) {
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
}

/// The default thresholds and variants of them, one threshold changed at a
/// time.
fn sweep_variants() -> Vec<(String, Thresholds)> {
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
    variants
}

/// Runs the suite in every mode with each variant of the thresholds and
/// prints the totals.
fn print_sweep(arts: &[Article], cases: &[Case], variants: &[(String, Thresholds)]) {
    println!("\nsweep (all edit kinds; batch, single and quote-only added up):");
    println!(
        "{:<28}{:>9}{:>7}{:>9}{:>6}{:>7}",
        "thresholds", "correct", "near", "unplaced", "twin", "WRONG"
    );
    for (name, th) in variants {
        let mut all = Row::default();
        for mode in [Mode::Batch, Mode::Single, Mode::QuoteOnly] {
            for r in run(arts, cases, mode, th).rows.values() {
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
    let (mut pieces, big) = big_article(&arts, &mut rng);
    let chars: Vec<char> = big.chars().collect();
    let original = Text::new(big.as_str());
    println!(
        "text: {} bytes, {} code points, {} sentences",
        big.len(),
        chars.len(),
        pieces.len()
    );
    let spans = timing_spans(&mut rng, &pieces, &chars);
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
    edit_big_article(&arts, &mut rng, &mut pieces);
    let edited = flatten(&pieces);
    let text = Text::new(edited.text.as_str());
    let th = Thresholds::default();
    let mut best = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        results = reanchor_all_with(&text, &selectors, &th);
        best = best.min(t0.elapsed().as_secs_f64());
    }
    let row = judge_timing(&edited, &text, &chars, &spans, &results, &selectors);
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

/// A ~1 MB article: the 24 articles eleven times over, each time with
/// their sentences in another order, so that sentences repeat but their
/// neighbours differ. Its sentences (each remembering its place in the
/// text) and its text.
fn big_article(arts: &[Article], rng: &mut Rng) -> (Vec<Piece>, String) {
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
                let u: String = a.chars[s..e]
                    .iter()
                    .map(|&c| rotate(c, round))
                    .collect::<String>();
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
    (pieces, big)
}

/// A letter rotated by `round` in its alphabet: each round of the big
/// article in its own alphabet, so that rounds do not repeat each other.
fn rotate(c: char, round: u8) -> char {
    match c {
        'a'..='z' => (b'a' + (c as u8 - b'a' + round) % 26) as char,
        'A'..='Z' => (b'A' + (c as u8 - b'A' + round) % 26) as char,
        _ => c,
    }
}

/// 10,000 annotations on the big article: sentences and word spans, in
/// text order.
fn timing_spans(rng: &mut Rng, pieces: &[Piece], chars: &[char]) -> Vec<(usize, usize)> {
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
            let words = word_spans(chars, s, e);
            let a = rng.below(words.len());
            let b = (a + rng.below(4)).min(words.len() - 1);
            spans.push((words[a].0, words[b].1));
        }
    }
    spans.sort_unstable();
    spans
}

/// 400 edits spread over the text, at least three sentences apart (as in
/// the mixed edits above): insertions, deletions, typos, duplications and
/// swaps of sentences; applied from the last.
fn edit_big_article(arts: &[Article], rng: &mut Rng, pieces: &mut Vec<Piece>) {
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
            2 => typo(rng, &mut pieces[i]),
            3 => {
                let copy: Piece = pieces[i].iter().map(|&(c, _)| (c, None)).collect();
                pieces.insert(i + 1, copy);
            }
            _ => pieces.swap(i, i + 1),
        }
    }
}

/// Judges the re-anchorings of the timing run on `text` (the `edited`
/// text; `chars` is the original's), printing the wrong ones.
fn judge_timing(
    edited: &Edited,
    text: &Text,
    chars: &[char],
    spans: &[(usize, usize)],
    results: &[Anchoring],
    selectors: &[Selector],
) -> Row {
    let new_chars: Vec<char> = edited.text.chars().collect();
    let mut row = Row::default();
    for ((&(s, e), r), sel) in spans.iter().zip(results).zip(selectors) {
        let t = truth(&edited.origin, chars, &new_chars, s, e);
        let quote = sel.quote.as_ref().map_or("", |q| q.exact.as_str());
        let same = r.span().is_some_and(|(x, y)| text.slice(x..y) == quote);
        let is_twin = r
            .span()
            .is_some_and(|(x, y)| twin(edited, &new_chars, chars, (s, e), x, y));
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
    row
}
