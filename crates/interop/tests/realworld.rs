//! Every file of the team's `realworld/` folder (real exports of other
//! tools and real news pages, read in place from `$MARGINALIA_SHARED`,
//! never copied), given as a user would give it, with the outcome expected
//! of each: what is read and where it lands (on the file's own text, on the
//! page it was made on, or — for a file without its text — on the sample
//! article), or the message it is refused with. A file the table does not
//! name fails the test, so a new real file gets an expected outcome too.

use marginalia_core::article::{decode, sniff, Kind};
use marginalia_core::import::may_be_foreign;
use marginalia_core::Text;
use marginalia_interop::files::{read, InputFile};
use marginalia_interop::plan::plan;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The shared material (see `marginalia_interop`'s own test data helper).
fn shared() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::var_os("MARGINALIA_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([repo.join("../shared"), "/work/shared".into()])
        .find(|d| d.join("realworld").is_dir())
        .expect("the shared material was not found: set MARGINALIA_SHARED")
}

/// What giving some files should do.
enum Expect {
    /// Read and placed: (annotations read, exact, moved, fuzzy, unplaced),
    /// and a phrase one of the warnings must hold ("" for none asked).
    Placed(usize, usize, usize, usize, usize, &'static str),
    /// Refused by the format engine, the message holding this phrase.
    Refused(&'static str),
    /// Not another tool's annotations: an article (text, Markdown), or a
    /// page whose article is extracted (at least this many paragraphs).
    Article(usize),
    /// A brat configuration: a codebook of at least this many labels.
    Codebook(usize),
}
use Expect::*;

/// One row: the files given together (the first is the one the row is
/// about; a `.html` after it is the page the annotations are placed on),
/// and what should happen.
/// The expected outcome of every real file (paths under `realworld/`).
#[rustfmt::skip]
const TABLE: &[(&[&str], Expect)] = &[
    // Markdown: an article.
    (&["SOURCES.md"], Article(10)),
    // brat: every span where the .ann says, on its .txt.
    (&["brat/litbank/coref/2084_the_way_of_all_flesh_brat.ann", "brat/litbank/coref/2084_the_way_of_all_flesh_brat.txt"], Placed(659, 659, 0, 0, 0, "")),
    (&["brat/litbank/entities/2084_the_way_of_all_flesh_brat.ann", "brat/litbank/entities/2084_the_way_of_all_flesh_brat.txt"], Placed(143, 143, 0, 0, 0, "")),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_EPI/PMID-16379001.ann", "brat/nlplab-brat-example-data/BioNLP-ST_2011_EPI/PMID-16379001.txt"], Placed(7, 7, 0, 0, 0, "")),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_GE/PMID-8641346.ann", "brat/nlplab-brat-example-data/BioNLP-ST_2011_GE/PMID-8641346.txt"], Placed(54, 54, 0, 0, 0, "events read as relations")),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_ID/PMC2829055-00-TIAB.ann", "brat/nlplab-brat-example-data/BioNLP-ST_2011_ID/PMC2829055-00-TIAB.txt"], Placed(29, 29, 0, 0, 0, "events read as relations")),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_REL/PMID-10438731.ann", "brat/nlplab-brat-example-data/BioNLP-ST_2011_REL/PMID-10438731.txt"], Placed(50, 50, 0, 0, 0, "")),
    (&["brat/nlplab-brat-example-data/CoNLL-ST_2002-esp/esp.train-doc-29.ann", "brat/nlplab-brat-example-data/CoNLL-ST_2002-esp/esp.train-doc-29.txt"], Placed(13, 13, 0, 0, 0, "")),
    (&["brat/nlplab-brat-example-data/NCBI-disease/PMID-8808606.ann", "brat/nlplab-brat-example-data/NCBI-disease/PMID-8808606.txt"], Placed(7, 7, 0, 0, 0, "")),
    (&["brat/nlplab-brat-example-data/TDT/wn071.ann", "brat/nlplab-brat-example-data/TDT/wn071.txt"], Placed(74, 74, 0, 0, 0, "skipped 74 other notes")),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_GE/LICENSE"], Article(1)),
    (&["brat/nlplab-brat-example-data/BioNLP-ST_2011_GE/annotation.conf"], Codebook(2)),
    (&["brat/nlplab-brat-example-data/CoNLL-ST_2002-esp/annotation.conf"], Codebook(4)),
    (&["brat/nlplab-brat-example-data/TDT/annotation.conf"], Codebook(15)),
    // PolNeAR: X_<annotator>.ann beside X.txt; both annotators at once.
    (&["brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m_4b22.ann", "brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m_4e07.ann", "brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m.txt"], Placed(82, 82, 0, 0, 0, "events read as relations")),
    (&["brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m_4e07.ann", "brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m.txt"], Placed(32, 32, 0, 0, 0, "")),
    (&["brat/polnear/breitbart_2016-09-21_only-percent-of-hillary-clinton-_5fec.ann", "brat/polnear/breitbart_2016-09-21_only-percent-of-hillary-clinton-.txt"], Placed(6, 6, 0, 0, 0, "")),
    (&["brat/polnear/huff-post_2016-09-20_hillary-clinton-speaks-directly-_4e07.ann", "brat/polnear/huff-post_2016-09-20_hillary-clinton-speaks-directly-.txt"], Placed(27, 27, 0, 0, 0, "")),
    (&["brat/polnear/politico_2016-09-28_axelrod-calls-on-dean-to-apologi_6b86.ann", "brat/polnear/politico_2016-09-28_axelrod-calls-on-dean-to-apologi.txt"], Placed(21, 21, 0, 0, 0, "")),
    // Without its .txt, on another article: no guesses.
    (&["brat/polnear/parc__wsj_1390_4b22.ann"], Placed(87, 1, 0, 0, 86, "seems to belong to another text")),
    (&["brat/polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m.txt"], Article(5)),
    (&["brat/polnear/breitbart_2016-09-21_only-percent-of-hillary-clinton-.txt"], Article(3)),
    (&["brat/polnear/huff-post_2016-09-20_hillary-clinton-speaks-directly-.txt"], Article(3)),
    (&["brat/polnear/politico_2016-09-28_axelrod-calls-on-dean-to-apologi.txt"], Article(3)),
    // doccano.
    (&["doccano/doccano-repo/export-relation_extraction-example.jsonl"], Placed(4, 4, 0, 0, 0, "")),
    (&["doccano/doccano-repo/export-sequence_labeling-example.jsonl"], Placed(2, 2, 0, 0, 0, "only the first was imported")),
    (&["doccano/doccano-repo/import-sequence_labeling-example.jsonl"], Placed(1, 1, 0, 0, 0, "custom column names")),
    (&["doccano/doccano-repo/tests-relation_extraction-example.jsonl"], Placed(4, 4, 0, 0, 0, "")),
    (&["doccano/doccano-repo/tests-sequence_labeling-example.jsonl"], Placed(1, 1, 0, 0, 0, "skipped line 3")),
    (&["doccano/doccano-repo/tests-sequence_labeling-example_overlapping.jsonl"], Placed(2, 2, 0, 0, 0, "")),
    (&["doccano/doccano-transformer/labeling.jsonl"], Placed(10, 10, 0, 0, 0, "the labels are numbers")),
    (&["doccano/doccano-transformer/labeling_text_label.jsonl"], Placed(5, 5, 0, 0, 0, "")),
    (&["doccano/kediff-oalz-1788/union_dataset.head400.jsonl"], Placed(506, 506, 0, 0, 0, "read as parts of one text")),
    (&["doccano/ner-restaurant-reviews/june_annotations.jsonl"], Placed(79, 79, 0, 0, 0, "only the first was imported")),
    // Saved news pages, and what Readability's tests keep beside them.
    (&["html/readability-bbc-1/source.html"], Article(20)),
    (&["html/readability-bbc-1/expected.html"], Article(20)),
    (&["html/readability-bbc-1/expected-metadata.json"], Refused("an object with keys \"title\", \"byline\"")),
    (&["html/readability-lemonde-1/source.html"], Article(10)),
    (&["html/readability-lemonde-1/expected.html"], Article(10)),
    (&["html/readability-lemonde-1/expected-metadata.json"], Refused("an object with keys \"title\", \"byline\"")),
    (&["html/readability-nytimes-1/source.html"], Article(10)),
    (&["html/readability-nytimes-1/expected.html"], Article(10)),
    (&["html/readability-nytimes-1/expected-metadata.json"], Refused("an object with keys \"title\", \"byline\"")),
    (&["html/readability-wapo-1/source.html"], Article(20)),
    (&["html/readability-wapo-1/expected.html"], Article(20)),
    (&["html/readability-wapo-1/expected-metadata.json"], Refused("an object with keys \"title\", \"byline\"")),
    // Hypothesis, from a CouchDB dump: no page here, so on the sample.
    (&["hypothesis/recon16-couchdb-excerpt.json"], Placed(42, 0, 0, 0, 42, "cannot be placed on a text")),
    // Label Studio.
    (&["labelstudio/inlegalner/NER_DEV_PREAMBLE.json"], Placed(13, 13, 0, 0, 0, "only the first was imported")),
    (&["labelstudio/kiji-proxy/sample_predictions.json"], Placed(5, 4, 1, 0, 0, "not the task's text at their offsets")),
    (&["labelstudio/kiji-proxy/LabelingConfig.txt"], Refused("a Label Studio labelling configuration")),
    (&["labelstudio/label-studio-frontend-examples/named_entity/annotations/1.json"], Placed(1, 1, 0, 0, 0, "")),
    (&["labelstudio/label-studio-frontend-examples/named_entity/tasks.json"], Placed(1, 1, 0, 0, 0, "")),
    (&["labelstudio/label-studio-frontend-examples/named_entity/config.xml"], Refused("a Label Studio labelling configuration")),
    (&["labelstudio/label-studio-frontend-examples/rich_text_html/annotations/1.json"], Placed(4, 1, 3, 0, 0, "a HyperText task")),
    (&["labelstudio/label-studio-frontend-examples/rich_text_html/tasks.json"], Placed(4, 0, 4, 0, 0, "a HyperText task")),
    (&["labelstudio/label-studio-frontend-examples/rich_text_html/config.xml"], Refused("a Label Studio labelling configuration")),
    (&["labelstudio/labelstudio-ner-tagger/import_data.json"], Placed(2, 2, 0, 0, 0, "only the first was imported")),
    // W3C and Recogito, placed on the page each was made on (its article).
    (&["w3c/annotorious/annotations.w3c.json"], Refused("image annotation(s) (SVG and xywh selectors) cannot be placed on a text")),
    (&["w3c/recogito-js/annotations.w3c.json", "w3c/recogito-js/index.html"], Placed(4, 0, 4, 0, 0, "")),
    (&["w3c/recogito-text-annotator-js/annotations.w3c.json", "w3c/recogito-text-annotator-js/index.html"], Placed(5, 1, 4, 0, 0, "whose quote occurs several times")),
    (&["w3c/recogito-text-annotator-js-native/annotations.json", "w3c/recogito-text-annotator-js-native/index.html"], Placed(14, 0, 12, 2, 0, "no tag")),
    (&["w3c/recogito-js/index.html"], Article(3)),
    (&["w3c/recogito-text-annotator-js/index.html"], Article(3)),
    (&["w3c/recogito-text-annotator-js-native/index.html"], Article(2)),
];

fn text_of(path: &Path) -> String {
    decode(&std::fs::read(path).unwrap()).unwrap().0
}

/// The text annotations without their own are placed on: the page given
/// with them (its article, as the app opens it), else the sample article.
fn target(root: &Path, given: &[&str]) -> String {
    match given.iter().find(|f| f.ends_with(".html")) {
        Some(page) => marginalia_extract::read_page(&text_of(&root.join(page)), "page")
            .unwrap()
            .first()
            .paragraphs
            .join("\n"),
        None => std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles/us-warned-iran.txt"),
        )
        .unwrap(),
    }
}

fn check(root: &Path, row: &(&[&str], Expect)) -> Result<(), String> {
    let (given, expect) = row;
    let texts: Vec<(String, String)> = given
        .iter()
        .filter(|f| !f.ends_with(".html") || given.len() == 1)
        .map(|f| {
            (
                f.rsplit('/').next().unwrap().to_string(),
                text_of(&root.join(f)),
            )
        })
        .collect();
    let inputs: Vec<InputFile> = texts
        .iter()
        .map(|(n, t)| InputFile { name: n, text: t })
        .collect();
    let (name, text) = (&texts[0].0, &texts[0].1);
    let bytes = std::fs::read(root.join(given[0])).unwrap();
    // As the app decides whether the format engine reads it.
    let foreign = may_be_foreign(name, &bytes[..bytes.len().min(4096)]);
    match expect {
        Codebook(at_least) => {
            let (codebook, _) = marginalia_core::codebook::brat::read_annotation_conf(text)?;
            at_least_so(codebook.labels.len(), *at_least, "labels")
        }
        Article(at_least) => {
            if let Some(Ok(file)) = foreign.then(|| read(&inputs)) {
                return Err(format!("read as {:?}", file.format));
            }
            at_least_so(paragraphs(name, text)?, *at_least, "paragraphs")
        }
        Refused(phrase) => match (foreign, read(&inputs)) {
            (false, _) => Err("the app would read it itself".into()),
            (true, Ok(file)) => Err(format!(
                "read as {:?} ({} annotations)",
                file.format,
                file.annotations.len()
            )),
            (true, Err(e)) if e.to_string().contains(phrase) => Ok(()),
            (true, Err(e)) => Err(format!("refused with: {e}")),
        },
        Placed(n, exact, moved, fuzzy, unplaced, phrase) => {
            if !foreign && !name.ends_with(".ann") {
                return Err("the app would read it itself".into());
            }
            let file = read(&inputs).map_err(|e| format!("refused: {e}"))?;
            let text = file.text.clone().unwrap_or_else(|| target(root, given));
            placed(
                &text,
                &file,
                (*n, *exact, *moved, *fuzzy, *unplaced),
                phrase,
            )
        }
    }
}

fn at_least_so(got: usize, at_least: usize, what: &str) -> Result<(), String> {
    (got >= at_least)
        .then_some(())
        .ok_or(format!("{got} {what}"))
}

/// The paragraphs the app opens of an article file.
fn paragraphs(name: &str, text: &str) -> Result<usize, String> {
    let e = |e: marginalia_core::ArticleError| e.to_string();
    Ok(match sniff(name, text) {
        Kind::Html => marginalia_extract::read_page(text, "t")
            .map_err(e)?
            .first()
            .paragraphs
            .len(),
        Kind::Markdown => marginalia_core::markdown::parse_markdown(text, "t")
            .map_err(e)?
            .paragraphs
            .len(),
        Kind::Plain => marginalia_core::article::parse_plain(text, "t")
            .map_err(e)?
            .paragraphs
            .len(),
    })
}

/// Places `file` on `text`: the counts (read, exact, moved, fuzzy,
/// unplaced) must be `want`, every annotation placed by its quote must sit
/// on exactly that text, and a warning must say `phrase`.
fn placed(
    text: &str,
    file: &marginalia_core::import::ForeignFile,
    want: (usize, usize, usize, usize, usize),
    phrase: &str,
) -> Result<(), String> {
    let p = plan(&Text::new(text), file);
    let s = p.summary();
    let got = (s.total, s.exact, s.moved, s.fuzzy, s.ambiguous + s.orphaned);
    if got != want {
        return Err(format!(
            "read/exact/moved/fuzzy/unplaced {got:?}; warnings {:?}",
            p.warnings
        ));
    }
    let t = Text::new(text);
    for item in &p.items {
        let fuzzy = matches!(
            item.anchoring,
            marginalia_core::selector::Anchoring::Fuzzy { .. }
        );
        if let (Some((start, end)), Some(q), false) =
            (item.anchoring.span(), &item.foreign.selector.quote, fuzzy)
        {
            if q.exact != t.slice(start..end) && item.foreign.parts.is_empty() {
                return Err(format!("{:?} placed on {:?}", q.exact, t.slice(start..end)));
            }
        }
    }
    if !phrase.is_empty() && !p.warnings.iter().any(|w| w.contains(phrase)) {
        return Err(format!("no warning says {phrase:?}: {:?}", p.warnings));
    }
    Ok(())
}

#[test]
fn every_real_file_imports_exactly_or_is_refused_for_its_reason() {
    let root = shared().join("realworld");
    let rows = TABLE;
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for row in rows {
        covered.extend(row.0.iter().map(|f| f.to_string()));
        if let Err(e) = check(&root, row) {
            failures.push(format!("{}: {e}", row.0.join(" + ")));
        }
    }
    let mut all = Vec::new();
    walk(&root, &root, &mut all);
    let missing: Vec<&String> = all.iter().filter(|f| !covered.contains(*f)).collect();
    println!("{} rows over {} files", rows.len(), all.len());
    assert!(
        missing.is_empty(),
        "files without an expected outcome: {missing:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}
