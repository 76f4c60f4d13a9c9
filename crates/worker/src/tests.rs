use super::*;
use marginalia_core::format::to_json;
use marginalia_core::import::FormatKind;
use marginalia_core::selector::Anchoring;
use marginalia_core::testing::{add_noted, doc};
use marginalia_core::Tag;

const TEXT: &str = "Tea 🍵 in 東京 said Zoë.\ne\u{301}té 👩\u{200d}👩\u{200d}👧 done";

fn run(task: Task) -> (Vec<Answer>, Answer) {
    let mut progress = Vec::new();
    let response = handle(Request { job: 3, task }, &mut |r| {
        assert_eq!(r.job, 3);
        progress.push(r.answer)
    });
    assert_eq!(response.job, 3);
    (progress, response.answer)
}

fn given(name: &str, content: &str) -> GivenFile {
    GivenFile {
        name: name.into(),
        bytes: content.as_bytes().to_vec(),
    }
}

fn w3c_export() -> String {
    let mut d = doc(TEXT);
    add_noted(&mut d, "a", Tag::Quote, 4, 5, "tea");
    add_noted(&mut d, "b", Tag::Source, 9, 11, "");
    let files = files::export(&d, ExportFormat::W3c, "x");
    files[0].content.clone()
}

#[test]
fn an_import_is_read_placed_and_reported_in_phases() {
    let (progress, answer) = run(Task::Import {
        files: vec![given("x.w3c.jsonld", &w3c_export())],
        text: TEXT.into(),
    });
    let Answer::Placed(plan) = answer else {
        panic!("expected a plan, got {answer:?}");
    };
    assert_eq!(plan.format, FormatKind::W3c);
    let spans: Vec<_> = plan.items.iter().map(|i| i.anchoring.clone()).collect();
    assert_eq!(
        spans,
        [
            Anchoring::Exact { start: 4, end: 5 },
            Anchoring::Exact { start: 9, end: 11 }
        ]
    );
    let phases: Vec<(Phase, u8)> = progress
        .iter()
        .map(|a| match a {
            Answer::Progress { phase, percent } => (*phase, *percent),
            other => panic!("not progress: {other:?}"),
        })
        .collect();
    assert_eq!(phases.first(), Some(&(Phase::Reading, 0)));
    assert_eq!(phases.last(), Some(&(Phase::Summarising, 100)));
    let placing: Vec<u8> = phases
        .iter()
        .filter(|(p, _)| *p == Phase::Placing)
        .map(|(_, n)| *n)
        .collect();
    assert!(placing.windows(2).all(|w| w[0] <= w[1]), "{placing:?}");
    assert_eq!(placing.last(), Some(&100));
}

#[test]
fn articles_and_marginalia_files_are_not_foreign() {
    let (_, answer) = run(Task::Import {
        files: vec![given("a.txt", "Just an article.\nWith two lines.")],
        text: TEXT.into(),
    });
    assert_eq!(answer, Answer::NotForeign);
    let ours = to_json(&doc(TEXT));
    let (_, answer) = run(Task::Import {
        files: vec![given("a.json", &ours)],
        text: TEXT.into(),
    });
    assert_eq!(answer, Answer::NotForeign);
}

/// Valid JSON in no format the engine reads is refused saying what it is
/// (never "not valid JSON"); so is a Label Studio labelling configuration.
#[test]
fn unknown_json_and_a_labelling_configuration_are_refused_saying_what_they_are() {
    let page = r#"{"title": "東京 🍵", "byline": "Zoë", "excerpt": "e\u0301té", "content": "<p>"}"#;
    let (_, answer) = run(Task::Import {
        files: vec![given("page.json", page)],
        text: TEXT.into(),
    });
    assert_eq!(
        answer,
        Answer::Refused(
            "“page.json”: nothing was imported: this is JSON (an object with keys \"title\", \"byline\", \"excerpt\", …), not annotations in a format Marginalia reads (Marginalia, W3C/Hypothesis, Recogito, brat, doccano, Label Studio).".into()
        )
    );
    let lines = "{\"a\": 1}\n{\"a\": 2}\n";
    let (_, answer) = run(Task::Import {
        files: vec![given("x.jsonl", lines)],
        text: TEXT.into(),
    });
    assert!(
        matches!(&answer, Answer::Refused(m) if m.contains("this is JSON Lines (2 lines, the first an object with the key \"a\")")),
        "{answer:?}"
    );
    let (_, answer) = run(Task::Import {
        files: vec![given(
            "config.xml",
            "<View>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n",
        )],
        text: TEXT.into(),
    });
    assert!(
        matches!(&answer, Answer::Refused(m) if m.contains("a Label Studio labelling configuration")),
        "{answer:?}"
    );
}

#[test]
fn a_broken_file_is_refused_with_its_name() {
    let (_, answer) = run(Task::Import {
        files: vec![given("b.ann", "T1\tPER 0 x\tTea\n")],
        text: TEXT.into(),
    });
    let Answer::Refused(message) = answer else {
        panic!("expected a refusal, got {answer:?}");
    };
    assert!(
        message.starts_with("“b.ann”: nothing was imported: "),
        "{message}"
    );
    let (_, answer) = run(Task::Import {
        files: vec![
            given("a.ann", "T1\tPER 0 3\tTea\n"),
            GivenFile {
                name: "a.txt".into(),
                bytes: vec![0, 159, 146, 150, 0, 0, 0, 0],
            },
        ],
        text: TEXT.into(),
    });
    assert!(
        matches!(&answer, Answer::Refused(m) if m.starts_with("Could not read “a.txt”")),
        "{answer:?}"
    );
}

/// An image-annotation file (Annotorious) is W3C, so it is not "not a
/// Marginalia file": it is refused for what it is; a Recogito
/// text-annotator file of its own format is read.
#[test]
fn image_annotations_are_refused_and_recogito_files_read() {
    let svg = r#"[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "i1", "type": "Annotation",
        "body": [], "target": {"source": "img", "selector": {"type": "SvgSelector", "value": "<svg/>"}}}]"#;
    let (_, answer) = run(Task::Import {
        files: vec![given("annotations.w3c.json", svg)],
        text: TEXT.into(),
    });
    assert_eq!(
        answer,
        Answer::Refused("“annotations.w3c.json”: nothing was imported: W3C Web Annotation: 1 image annotation(s) (SVG and xywh selectors) cannot be placed on a text, and the file has no other annotations.".into())
    );
    let native = r#"[{"id": "r1", "bodies": [], "target": {"annotation": "r1",
        "selector": [{"quote": "東京", "start": 10, "end": 12, "range": {}}], "creator": {"isGuest": true, "id": "g1"}}}]"#;
    let (_, answer) = run(Task::Import {
        files: vec![given("annotations.json", native)],
        text: TEXT.into(),
    });
    let Answer::Placed(plan) = answer else {
        panic!("{answer:?}");
    };
    assert_eq!(plan.format, FormatKind::Recogito);
    assert_eq!(
        plan.items[0].anchoring,
        Anchoring::Exact { start: 9, end: 11 }
    );
}

#[test]
fn brat_with_its_text_places_on_its_own_text_again() {
    let (_, answer) = run(Task::Import {
        files: vec![given("n.ann", "T1\tPER 9 11\t東京\n"), given("n.txt", TEXT)],
        text: "unrelated text".into(),
    });
    let Answer::Placed(plan) = answer else {
        panic!("expected a plan, got {answer:?}");
    };
    assert_eq!(plan.text.as_deref(), Some(TEXT));
    assert_eq!(plan.items[0].anchoring, Anchoring::Orphaned);
    let (_, again) = run(Task::Place {
        file: plan.to_file(),
        text: TEXT.into(),
    });
    let Answer::Placed(again) = again else {
        panic!("expected a plan, got {again:?}");
    };
    assert_eq!(
        again.items[0].anchoring,
        Anchoring::Exact { start: 9, end: 11 }
    );
}

#[test]
fn exports_are_written_from_the_document_file() {
    let mut d = doc(TEXT);
    add_noted(&mut d, "a", Tag::Quote, 4, 5, "tea");
    let (progress, answer) = run(Task::Export {
        document: to_json(&d),
        format: ExportFormat::Brat,
        stem: "東京".into(),
    });
    assert_eq!(
        progress,
        [Answer::Progress {
            phase: Phase::Writing,
            percent: 0
        }]
    );
    assert_eq!(
        answer,
        Answer::Exported(files::export(&d, ExportFormat::Brat, "東京"))
    );
    let (_, answer) = run(Task::Export {
        document: "{".into(),
        format: ExportFormat::Csv,
        stem: "x".into(),
    });
    assert!(matches!(answer, Answer::Refused(m) if m.starts_with("The export failed")));
}

#[test]
fn agreement_is_computed_with_its_csv() {
    let layer = |name: &str, spans: &[(usize, usize)]| marginalia_agreement::Layer {
        annotator: name.into(),
        marks: spans
            .iter()
            .map(|&(s, e)| marginalia_agreement::Mark {
                label: "quote".into(),
                parts: std::iter::once(s..e).collect(),
            })
            .collect(),
        links: Vec::new(),
    };
    let layers = vec![layer("Ana", &[(0, 3)]), layer("Bo", &[(0, 3), (4, 7)])];
    let (progress, answer) = run(Task::Agree {
        text: "abc def".into(),
        layers: layers.clone(),
    });
    assert_eq!(progress.len(), 2);
    let Answer::Agreed(agreed) = answer else {
        panic!("expected figures, got {answer:?}");
    };
    let figures = marginalia_agreement::report::report("abc def", &layers);
    assert_eq!(agreed.figures, figures);
    assert_eq!(agreed.annotators, ["Ana", "Bo"]);
    assert_eq!(
        agreed.csv,
        marginalia_agreement::report::csv(&figures, &layers)
    );
    // Through the message encoding, every value comes back bit for bit.
    let bytes = marginalia_core::engine::encode(&Response {
        job: 1,
        answer: Answer::Agreed(agreed.clone()),
    });
    let back: Response = marginalia_core::engine::decode(&bytes).unwrap();
    assert_eq!(back.answer, Answer::Agreed(agreed));
}

#[test]
fn percentages_stay_within_bounds() {
    assert_eq!(percent(0, 0), 100);
    assert_eq!(percent(1, 3), 33);
    assert_eq!(percent(5, 3), 100);
}

#[test]
fn pages_are_read_as_their_article_and_whole_text() {
    let html = format!(
        "<title>T</title><nav>Menu</nav><div>Promo</div><article>{}</article><footer>Foot</footer>",
        "<p>A paragraph long enough to be scored as the article's text, with commas, and more words.</p>"
            .repeat(6)
    );
    let (_, answer) = run(Task::ReadPage {
        name: "page.html".into(),
        html,
        fallback_title: "page".into(),
    });
    let Answer::Page(page) = answer else {
        panic!("expected a page, got {answer:?}");
    };
    assert_eq!(page.first().paragraphs.len(), 6);
    assert!(page.whole.paragraphs.iter().any(|p| p == "Promo"));
    let (_, refused) = run(Task::ReadPage {
        name: "empty.html".into(),
        html: "<script>x</script>".into(),
        fallback_title: "empty".into(),
    });
    assert_eq!(
        refused,
        Answer::Refused(
            "Could not open “empty.html”: there is no readable text in it. Nothing was changed."
                .into()
        )
    );
}
