//! Showing the article and tagging selections: paragraphs, highlights and
//! offsets in code points, whatever the text's characters.

use crate::common::*;
use marginalia_core::{Annotation, AnnotationId, Command, Document, DocumentId, Tag};
use wasm_bindgen_test::*;
use web_sys::Element;

#[wasm_bindgen_test]
async fn default_article_is_shown_as_paragraphs() {
    clear_storage().await;
    let app = mount().await;
    let sample = marginalia::sample::document(DocumentId::new("x").unwrap(), ts());
    let paragraphs = article_paragraph_texts(&app.root);
    assert_eq!(paragraphs.len(), 7);
    assert_eq!(paragraphs.join("\n"), sample.text().as_str());
    let offsets: Vec<String> = all(&app.root, "[data-testid=\"paragraph\"]")
        .iter()
        .map(|p| p.get_attribute("data-offset").unwrap())
        .collect();
    let expected: Vec<String> = sample
        .text()
        .paragraphs()
        .iter()
        .map(|r| r.start.to_string())
        .collect();
    assert_eq!(offsets, expected);
    assert!(one(&app.root, ".article-title")
        .text_content()
        .unwrap()
        .starts_with("US Secretly Warned Iran"));
    assert_eq!(all(&app.root, "[data-testid=\"document-item\"]").len(), 1);
}

#[wasm_bindgen_test]
async fn tagging_a_selection_highlights_it_and_saves_code_point_offsets() {
    clear_storage().await;
    let app = mount().await;
    select_phrase(&app.root, "The Wall Street Journal");
    press("2", false, false);
    settle().await;
    let marks = all(&app.root, "mark[data-annotation-ids]");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].text_content().unwrap(), "The Wall Street Journal");
    assert_eq!(marks[0].get_attribute("data-tags").unwrap(), "source");
    let id = marks[0].get_attribute("data-annotation-ids").unwrap();
    let item = one(&app.root, "[data-testid=\"annotation-item\"]");
    assert_eq!(item.get_attribute("data-annotation-id").unwrap(), id);
    assert_eq!(item.get_attribute("aria-selected").unwrap(), "true");

    let doc_id = current_id().await;
    wait_for("the annotation to be saved", || {
        stored(&doc_id).is_some_and(|d| d.len() == 1)
    })
    .await;
    let saved = stored(&doc_id).unwrap();
    let a = saved.annotations().next().unwrap();
    assert_eq!(a.id.as_str(), id);
    assert_eq!(a.tag, Tag::Source);
    assert_eq!(
        (a.start, a.end),
        span_of(saved.text(), "The Wall Street Journal")
    );
    // Stored as an annotation chunk: [id, tag, start, end, note, created, modified].
    let raw = storage()
        .get_item(&format!("marginalia:ann:{doc_id}:0"))
        .unwrap()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json[0][0], id.as_str());
    assert_eq!(json[0][1], "source");
    assert_eq!(
        (json[0][2].as_u64(), json[0][3].as_u64()),
        (Some(a.start as u64), Some(a.end as u64))
    );
}

#[wasm_bindgen_test]
async fn offsets_count_code_points_with_emoji_cjk_and_combining_marks() {
    clear_storage().await;
    let text = "Tea 🍵 in 東京 said Zoë (Zoe\u{308}) 👩\u{200d}👩\u{200d}👧 today.\nSecond 🌍 line with 漢字 and more.";
    // An existing annotation splits the first paragraph into several nodes.
    let doc = with_claim(doc_with(text), "pre", "🍵 in");
    preload(&doc);
    let app = mount().await;
    assert_eq!(article_paragraph_texts(&app.root).join("\n"), text);

    for (phrase, key, tag) in [
        ("東京", "1", Tag::Claim),
        ("Zoe\u{308}", "2", Tag::Source),
        ("漢字", "3", Tag::Quote),
    ] {
        select_phrase(&app.root, phrase);
        press(key, false, false);
        settle().await;
        let expected = span_of(doc.text(), phrase);
        wait_for("the new annotation to be saved", || {
            stored("intl").is_some_and(|d| {
                d.annotations()
                    .any(|a| (a.start, a.end) == expected && a.tag == tag)
            })
        })
        .await;
    }
    let article = one(&app.root, "[data-testid=\"article\"]");
    check_selection_from_inside_a_highlight(&article, &doc);
    check_boundaries_outside_the_article(&app.root, &article, &doc);
    check_every_utf16_boundary_of_the_first_text_node(&article);
}

/// `doc` with a claim `id` on the first occurrence of `phrase`.
fn with_claim(mut doc: Document, id: &str, phrase: &str) -> Document {
    let (s, e) = span_of(doc.text(), phrase);
    doc.apply(Command::Add(Annotation {
        id: AnnotationId::new(id).unwrap(),
        tag: Tag::Claim,
        start: s,
        end: e,
        note: String::new(),
        created: ts(),
        modified: ts(),
        placement: Default::default(),
        parts: Vec::new(),
        attributes: Default::default(),
        annotator: None,
    }))
    .unwrap();
    doc
}

/// A selection from inside the highlight "pre" to past it, across text nodes.
fn check_selection_from_inside_a_highlight(article: &Element, doc: &Document) {
    let mark = one(article, "mark[data-annotation-ids=\"pre\"]");
    let inside = mark.last_child().unwrap(); // text "🍵 in" (the cue letter is CSS only)
    let after = mark.next_sibling().unwrap(); // " "
    select_dom(&inside, 3, &after, 1); // from after "🍵 " to after the space
    let span = marginalia::web::selection::selected_span(article).unwrap();
    let (pre_start, _) = span_of(doc.text(), "🍵 in");
    assert_eq!(
        span,
        (pre_start + 2, pre_start + 5),
        "UTF-16 offset 3 in \"🍵 in\" is code point 2"
    );
}

/// Boundaries outside the article: on an ancestor before it, and after it.
fn check_boundaries_outside_the_article(root: &Element, article: &Element, doc: &Document) {
    let body = document().body().unwrap();
    let root_index = (0..body.child_nodes().length())
        .find(|&i| body.child_nodes().item(i).unwrap().is_same_node(Some(root)))
        .unwrap();
    let selection = marginalia::web::selection::boundary_to_offset;
    assert_eq!(selection(article, &body, root_index), Some(0));
    assert_eq!(
        selection(article, &body, root_index + 1),
        Some(doc.text().len())
    );
    select_dom(&first_text(article), 4, &body, root_index + 1); // "select to the end of the page"
    let to_end = marginalia::web::selection::selected_span(article).unwrap();
    assert_eq!(to_end, (4, doc.text().len()));
}

/// Every UTF-16 boundary of the first text node maps to the right code point.
fn check_every_utf16_boundary_of_the_first_text_node(article: &Element) {
    let first = first_text(article);
    let node_text = first.text_content().unwrap();
    let mut units = 0u32;
    for (cp, ch) in node_text.chars().enumerate() {
        let got = marginalia::web::selection::boundary_to_offset(article, &first, units).unwrap();
        assert_eq!(got, cp, "UTF-16 offset {units}");
        units += ch.len_utf16() as u32;
    }
}

#[wasm_bindgen_test]
async fn overlapping_nested_and_cross_paragraph_spans() {
    clear_storage().await;
    let app = mount().await;
    let paragraphs = all(&app.root, "[data-testid=\"paragraph\"]");
    // From "Furthermore," at the end of paragraph 2 into paragraph 3, with
    // the selection ending on a space (trimmed away).
    let p1 = paragraphs[1].first_child().unwrap();
    let p2 = paragraphs[2].first_child().unwrap();
    let t1 = p1.text_content().unwrap();
    let from = t1[..t1.find("Middle East").unwrap()].encode_utf16().count() as u32;
    select_dom(
        &p1,
        from,
        &p2,
        "The US official ".encode_utf16().count() as u32,
    );
    press("3", false, false);
    settle().await;
    let quote_marks = all(&app.root, "mark[data-tags=\"quote\"]");
    assert_eq!(quote_marks.len(), 2, "one run in each paragraph");
    let id = quote_marks[0].get_attribute("data-annotation-ids").unwrap();
    assert_eq!(
        quote_marks[1].get_attribute("data-annotation-ids").unwrap(),
        id
    );
    assert_eq!(quote_marks[0].text_content().unwrap(), "Middle East.");
    assert_eq!(
        quote_marks[1].text_content().unwrap(),
        "The US official",
        "trailing space trimmed"
    );

    // A nested span inside it.
    select_phrase(&app.root, "US official");
    press("2", false, false);
    settle().await;
    let nested = one(&app.root, "mark[data-tags=\"quote source\"]");
    assert_eq!(nested.text_content().unwrap(), "US official");
    assert_eq!(
        nested
            .get_attribute("data-annotation-ids")
            .unwrap()
            .split(' ')
            .count(),
        2
    );
    assert_eq!(nested.get_attribute("data-cue").as_deref(), Some("S"));
    // The article's text is untouched by highlights.
    let sample = marginalia::sample::document(DocumentId::new("x").unwrap(), ts());
    assert_eq!(
        article_paragraph_texts(&app.root).join("\n"),
        sample.text().as_str()
    );
    let items = all(&app.root, "[data-testid=\"annotation-item\"]");
    let tags: Vec<String> = items
        .iter()
        .map(|i| i.get_attribute("data-tag").unwrap())
        .collect();
    assert_eq!(tags, ["quote", "source"], "text order");
}
