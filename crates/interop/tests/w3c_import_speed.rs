//! Speed of a large W3C import, step by step, on the benchmark's "large"
//! case (see `bench/workload.mjs`): a ~1 MB article of GUM Wikinews prose
//! (`bench/data/gum-news`; texts CC BY 2.5, Wikinews) with 10,000
//! annotations, exported as W3C Web Annotation JSON-LD (about 11 MB) and
//! imported onto an edited copy of the article, as the app does it:
//! reading (`files::read`, which detects the format), placing
//! (`plan::plan`), the count of what "add" would add (`ImportPlan::adds`)
//! and the summary. Detection alone (`files::detect`) and the import's
//! command (made when the user confirms) are timed apart.
//!
//! Ignored (a measurement, not a check): run it with
//! `cargo test --release -p marginalia-core --test w3c_import_speed -- --ignored --nocapture`.

use marginalia_core::import::Mode;
use marginalia_core::{
    Annotation, AnnotationId, Command, Document, DocumentId, Metadata, Tag, Text, Timestamp,
};
use marginalia_interop::files::{self, InputFile};
use marginalia_interop::plan;
use marginalia_interop::w3c;
use marginalia_interop::FormatKind;
use serde_json::Value;
use std::time::{Duration, Instant};

const GUM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../bench/data/gum-news/attributions.json"
));

/// Lines mixed in every 40 paragraphs, as the benchmark does, so that code
/// points, UTF-16 units and bytes differ.
const INTL: [&str; 4] = [
    "Reaction from Tōkyō 東京 was swift: 「私たちは準備ができている」 said one official 🙂.",
    "Le ministre a déclaré « nous ne céderons pas » — a quote echoed in 北京 and Zürich 🇨🇭.",
    "Crowds in Seoul 서울 chanted 👍🏽 while reporters noted the café’s naïve décor (e\u{301} with a combining accent).",
    "The statement, posted with 🔥🔥 and the flag 🇺🇦, was shared 10,000 times within an hour.",
];
const NOTES: [&str; 5] = [
    "Check against the wire copy",
    "Named source 👤",
    "Unverified; ask the press office",
    "要确认 (to confirm)",
    "Direct quote",
];

/// xorshift64*: deterministic randomness.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// The GUM texts as sentences (of whitespace-separated tokens).
fn sentences() -> Vec<Vec<String>> {
    let gum: Value = serde_json::from_str(GUM).expect("attributions.json parses");
    let docs = gum["documents"].as_array().expect("documents");
    docs.iter()
        .map(|d| {
            let mut out = Vec::new();
            let mut sentence = Vec::new();
            for token in d["text"].as_str().expect("text").split_whitespace() {
                sentence.push(token.to_string());
                if matches!(token, "." | "!" | "?") {
                    out.push(std::mem::take(&mut sentence));
                }
            }
            if !sentence.is_empty() {
                out.push(sentence);
            }
            out
        })
        .flat_map(|s: Vec<Vec<String>>| s.into_iter())
        .collect()
}

/// Paragraphs of about `bytes` bytes: three to six sentences each, each
/// round over the corpus with its numbers shifted, an international line
/// every 40 paragraphs.
fn paragraphs(bytes: usize, rng: &mut Rng) -> Vec<Vec<String>> {
    let all = sentences();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut size = 0;
    let mut round = 0;
    while size < bytes {
        let mut i = 0;
        while i < all.len() && size < bytes {
            let take = 3 + rng.below(4);
            let mut p: Vec<String> = Vec::new();
            for s in &all[i..(i + take).min(all.len())] {
                p.push(
                    s.iter()
                        .map(|t| match t.parse::<u64>() {
                            Ok(n) if round > 0 => (n + round).to_string(),
                            _ => t.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            i += take;
            size += p.iter().map(|s| s.len() + 1).sum::<usize>();
            out.push(p);
            if out.len().is_multiple_of(40) {
                let line = INTL[out.len() / 40 % INTL.len()];
                size += line.len() + 1;
                out.push(vec![line.to_string()]);
            }
        }
        round += 1;
    }
    out
}

/// The benchmark's edits: a new paragraph every 40, the second sentence
/// dropped from every 25th paragraph, one word changed in every 10th.
fn edited(paras: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if i.is_multiple_of(40) {
            out.push(format!(
                "Update {}: this paragraph was added when the story was corrected.",
                i / 40 + 1
            ));
        }
        let mut p = p.clone();
        if i % 25 == 12 && p.len() > 1 {
            p.remove(1);
        }
        let mut line = p.join(" ");
        if i % 10 == 5 {
            line = line.replacen(" said ", " stated ", 1);
        }
        out.push(line);
    }
    out.join("\n")
}

/// Word spans `(start, end)` in code points of each paragraph of `text`,
/// with the code-point offset where each paragraph starts.
fn words(text: &str) -> Vec<(usize, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        let mut spans = Vec::new();
        let mut start = None;
        let mut n = 0;
        for c in line.chars() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    spans.push((s, n));
                    start = None;
                }
                (false, None) => start = Some(n),
                _ => {}
            }
            n += 1;
        }
        if let Some(s) = start {
            spans.push((s, n));
        }
        out.push((at, spans));
        at += n + 1;
    }
    out
}

/// The article with `count` annotations: word spans of one to eleven
/// words, 10% starting inside an earlier one, 5% crossing into the next
/// paragraph, notes on 20%.
fn annotated(text: &str, count: usize, rng: &mut Rng) -> Document {
    let t = |n: usize| {
        Timestamp::new(format!(
            "2026-11-01T{:02}:{:02}:{:02}.000Z",
            9 + n / 3600,
            n / 60 % 60,
            n % 60
        ))
        .expect("timestamp")
    };
    let mut doc = Document::new(
        DocumentId::new("bench-large").expect("id"),
        Metadata {
            title: "Benchmark: 1 MB / 10,000 annotations".into(),
            ..Metadata::default()
        },
        Text::new(text),
        t(0),
    );
    let paras = words(text);
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut adds = Vec::new();
    while adds.len() < count {
        let kind = rng.below(100);
        let (p, start, end) = if kind < 5 && !spans.is_empty() {
            let p = rng.below(paras.len() - 1);
            let (a, b) = (&paras[p], &paras[p + 1]);
            if a.1.is_empty() || b.1.is_empty() {
                continue;
            }
            let s = a.1[a.1.len() - 1 - rng.below(3.min(a.1.len()))].0;
            let e = b.1[rng.below(3.min(b.1.len()))].1;
            (p, a.0 + s, b.0 + e)
        } else if kind < 15 && !spans.is_empty() {
            let (p, s0, e0) = spans[rng.below(spans.len())];
            let w = &paras[p].1;
            let base = paras[p].0;
            let Some(from) = w.iter().position(|&(s, _)| base + s > s0 && base + s < e0) else {
                continue;
            };
            let to = (from + 2 + rng.below(8)).min(w.len() - 1);
            (p, base + w[from].0, base + w[to].1)
        } else {
            let p = rng.below(paras.len());
            let w = &paras[p].1;
            let from = rng.below(w.len());
            let to = (from + 1 + rng.below(10)).min(w.len() - 1);
            (p, paras[p].0 + w[from].0, paras[p].0 + w[to].1)
        };
        if start >= end {
            continue;
        }
        spans.push((p, start, end));
        let n = adds.len();
        adds.push(Command::Add(Annotation {
            id: AnnotationId::new(format!("bench-{n:05}")).expect("id"),
            tag: Tag::ALL[rng.below(3)].clone(),
            start,
            end,
            note: if rng.below(5) == 0 {
                NOTES[rng.below(NOTES.len())].into()
            } else {
                String::new()
            },
            created: t(n),
            modified: t(n),
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }));
    }
    doc.apply(Command::Batch(adds)).expect("annotations fit");
    doc
}

/// The median of `runs` timings of `f`, and its last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..runs {
        // The last result is dropped outside the timing.
        drop(out.take());
        let t0 = Instant::now();
        out = Some(f());
        times.push(t0.elapsed());
    }
    times.sort();
    (times[runs / 2], out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:8.1} ms", d.as_secs_f64() * 1000.0)
}

#[test]
#[ignore]
fn large_w3c_import() {
    let mut rng = Rng(0x3C_5EED);
    let paras = paragraphs(1_000_000, &mut rng);
    let original: String = paras
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    let doc = annotated(&original, 10_000, &mut rng);
    let json = w3c::export(&doc, &w3c::W3cOptions::default());
    let edited = edited(&paras);
    let open = Document::new(
        DocumentId::new("edited").expect("id"),
        Metadata::default(),
        Text::new(edited.as_str()),
        Timestamp::new("2026-11-02T00:00:00Z").expect("timestamp"),
    );
    println!(
        "article {} bytes ({} paragraphs), edited {} bytes; W3C export {} bytes of {} annotations",
        original.len(),
        paras.len(),
        edited.len(),
        json.len(),
        doc.len()
    );
    let input = [InputFile {
        name: "bench.w3c.jsonld",
        text: &json,
    }];
    const RUNS: usize = 7;
    let (parse, _) = time(RUNS, || {
        serde_json::from_str::<Value>(&json).expect("valid JSON")
    });
    let (detect, format) = time(RUNS, || files::detect(&json));
    assert_eq!(format, Some(FormatKind::W3c));
    let (read, file) = time(RUNS, || files::read(&input).expect("the export reads back"));
    let (import, _) = time(RUNS, || w3c::import(&json).expect("the export reads back"));
    assert_eq!(file.annotations.len(), doc.len());
    let (placed, plan) = time(RUNS, || plan::plan(open.text(), &file));
    let now = Timestamp::new("2026-11-02T00:00:00Z").expect("timestamp");
    let (count, added) = time(RUNS, || plan.effect(&open, Mode::Merge));
    let (command, _) = time(RUNS, || {
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new-{n}")).expect("id")
        };
        let (command, n) = plan.command(&open, Mode::Merge, &now, &mut fresh);
        assert_eq!(n, added);
        command
    });
    let (summarise, summary) = time(RUNS, || plan.summary());
    println!("{summary:?}, merge adds {added:?}");
    assert_eq!(summary.total, doc.len());
    assert!(
        summary.exact + summary.moved + summary.fuzzy >= doc.len() * 9 / 10,
        "most annotations are placed: {summary:?}"
    );
    println!("serde_json::Value of the file (reference) {}", ms(parse));
    println!("files::detect (alone)                    {}", ms(detect));
    println!("w3c::import (alone)                      {}", ms(import));
    println!("files::read (detection and import)       {}", ms(read));
    println!("plan::plan (re-anchoring)                {}", ms(placed));
    println!("ImportPlan::adds (what add would add)    {}", ms(count));
    println!("ImportPlan::summary                      {}", ms(summarise));
    println!(
        "total, as the app does it                {}",
        ms(read + placed + count + summarise)
    );
    println!("ImportPlan::command (on confirming)      {}", ms(command));
}
