//! Browser tests: the real app mounted in headless Chromium, driven through
//! the DOM (Range API selections, key events, clicks) and checked against
//! the DOM and the real localStorage.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use marginalia::persist::Persist;
use marginalia_core::format::to_json;
use marginalia_core::store::keys::{doc as doc_key, DAMAGED_PREFIX, INDEX as INDEX_KEY};
use marginalia_core::{
    Annotation, AnnotationId, Command, Document, DocumentId, Index, Metadata, Tag, Text, Timestamp,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn ts() -> Timestamp {
    Timestamp::new("2026-11-24T12:00:00.000Z").unwrap()
}

/// A document as saved in localStorage (read the way the app reads it).
fn stored(id: &str) -> Option<Document> {
    Persist::in_browser().peek_document(&DocumentId::new(id).unwrap())
}

/// Every Marginalia key in storage with its value.
fn snapshot() -> std::collections::BTreeMap<String, String> {
    (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with("marginalia:"))
        .map(|k| (k.clone(), storage().get_item(&k).unwrap().unwrap()))
        .collect()
}

/// The id of the open document, once the index has been saved.
async fn current_id() -> String {
    let read = || {
        let raw = storage().get_item(INDEX_KEY).unwrap()?;
        Some(Index::parse(&raw).ok()?.current?.to_string())
    };
    wait_for("the library index to be saved", || read().is_some()).await;
    read().unwrap()
}

/// Code-point span of the first occurrence of `phrase` in `text`.
fn span_of(text: &Text, phrase: &str) -> (usize, usize) {
    let byte = text.as_str().find(phrase).unwrap();
    let start = text.cp_of_byte(byte);
    (start, start + phrase.chars().count())
}

/// Puts a document in storage as the open one, as an earlier visit would have.
fn preload(doc: &Document) {
    let mut index = Index::new();
    index.upsert(marginalia_core::Entry::of(doc));
    index.current = Some(doc.id().clone());
    storage()
        .set_item(&doc_key(doc.id()), &to_json(doc))
        .unwrap();
    storage().set_item(INDEX_KEY, &index.to_json()).unwrap();
}

fn doc_with(text: &str) -> Document {
    Document::new(
        DocumentId::new("intl").unwrap(),
        Metadata {
            title: "Intl".into(),
            ..Metadata::default()
        },
        Text::new(text),
        ts(),
    )
}

fn first_text(article: &web_sys::Element) -> web_sys::Node {
    article
        .query_selector("[data-testid=\"paragraph\"]")
        .unwrap()
        .unwrap()
        .first_child()
        .unwrap()
}

fn article_paragraph_texts(root: &web_sys::Element) -> Vec<String> {
    all(root, "[data-testid=\"paragraph\"]")
        .iter()
        .map(|p| p.text_content().unwrap())
        .collect()
}

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
    let mut doc = doc_with(text);
    // An existing annotation splits the first paragraph into several nodes.
    let (s, e) = span_of(doc.text(), "🍵 in");
    doc.apply(Command::Add(Annotation {
        id: AnnotationId::new("pre").unwrap(),
        tag: Tag::Claim,
        start: s,
        end: e,
        note: String::new(),
        created: ts(),
        modified: ts(),
        placement: Default::default(),
    }))
    .unwrap();
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
    // A selection from inside a highlight to past it, across text nodes.
    let article = one(&app.root, "[data-testid=\"article\"]");
    let mark = one(&article, "mark[data-annotation-ids=\"pre\"]");
    let inside = mark.last_child().unwrap(); // text "🍵 in" (the cue letter is CSS only)
    let after = mark.next_sibling().unwrap(); // " "
    select_dom(&inside, 3, &after, 1); // from after "🍵 " to after the space
    let span = marginalia::web::selection::selected_span(&article).unwrap();
    let (pre_start, _) = span_of(doc.text(), "🍵 in");
    assert_eq!(
        span,
        (pre_start + 2, pre_start + 5),
        "UTF-16 offset 3 in \"🍵 in\" is code point 2"
    );
    // Boundaries outside the article: on an ancestor before it, and after it.
    let body = document().body().unwrap();
    let root_index = (0..body.child_nodes().length())
        .find(|&i| {
            body.child_nodes()
                .item(i)
                .unwrap()
                .is_same_node(Some(&app.root))
        })
        .unwrap();
    let selection = marginalia::web::selection::boundary_to_offset;
    assert_eq!(selection(&article, &body, root_index), Some(0));
    assert_eq!(
        selection(&article, &body, root_index + 1),
        Some(doc.text().len())
    );
    select_dom(&first_text(&article), 4, &body, root_index + 1); // "select to the end of the page"
    let to_end = marginalia::web::selection::selected_span(&article).unwrap();
    assert_eq!(to_end, (4, doc.text().len()));
    // Every UTF-16 boundary of the first text node maps to the right code point.
    let first = article
        .query_selector("[data-testid=\"paragraph\"]")
        .unwrap()
        .unwrap()
        .first_child()
        .unwrap();
    let node_text = first.text_content().unwrap();
    let mut units = 0u32;
    for (cp, ch) in node_text.chars().enumerate() {
        let got = marginalia::web::selection::boundary_to_offset(&article, &first, units).unwrap();
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

#[wasm_bindgen_test]
async fn a_change_re_renders_only_the_paragraphs_it_touches() {
    clear_storage().await;
    let app = mount().await;
    let renders = marginalia::metrics::renders;
    let before = renders();
    select_phrase(&app.root, "Kerman");
    press("1", false, false);
    settle().await;
    let after_add = renders();
    assert_eq!(
        after_add.0 - before.0,
        1,
        "one paragraph re-rendered by adding an annotation"
    );
    assert_eq!(after_add.1 - before.1, 1, "one block re-rendered");
    press("Escape", false, false);
    settle().await;
    let after_deselect = renders();
    assert_eq!(
        after_deselect.0 - after_add.0,
        1,
        "deselecting touches only the paragraph that showed the selection"
    );
    // An annotation across paragraphs 2 and 3 re-renders exactly those two.
    let paragraphs = all(&app.root, "[data-testid=\"paragraph\"]");
    let p1 = paragraphs[1].first_child().unwrap();
    let p2 = paragraphs[2].first_child().unwrap();
    select_dom(&p1, 10, &p2, 5);
    press("2", false, false);
    settle().await;
    assert_eq!(renders().0 - after_deselect.0, 2);
    // Undo touches the same two.
    let before_undo = renders();
    press("z", true, false);
    settle().await;
    assert_eq!(renders().0 - before_undo.0, 2);
}

#[wasm_bindgen_test]
async fn a_new_annotation_draws_the_text_of_its_own_list_row_only() {
    clear_storage().await;
    let app = mount().await;
    for phrase in ["Kerman", "CNN", "Wall Street Journal"] {
        select_phrase(&app.root, phrase);
        press("1", false, false);
        settle().await;
    }
    assert_eq!(all(&app.root, "[data-testid=\"annotation-item\"]").len(), 3);
    let before = marginalia::metrics::row_text_renders();
    select_phrase(&app.root, "ISIS claimed responsibility");
    press("2", false, false);
    settle().await;
    let items = all(&app.root, "[data-testid=\"annotation-item\"]");
    assert_eq!(items.len(), 4);
    assert_eq!(
        marginalia::metrics::row_text_renders() - before,
        1,
        "only the new row's text is drawn; the others keep theirs"
    );
    assert!(items
        .iter()
        .all(|i| i.get_attribute("aria-setsize").as_deref() == Some("4")));
    let before = marginalia::metrics::row_text_renders();
    press("Escape", false, false);
    settle().await;
    assert_eq!(
        marginalia::metrics::row_text_renders(),
        before,
        "deselecting changes no row's text"
    );
}

#[wasm_bindgen_test]
async fn undo_and_redo_with_keys_and_buttons() {
    clear_storage().await;
    let app = mount().await;
    select_phrase(&app.root, "ISIS claimed responsibility");
    press("1", false, false);
    settle().await;
    assert_eq!(all(&app.root, "mark.t-claim").len(), 1);
    press("z", true, false);
    settle().await;
    assert!(all(&app.root, "mark").is_empty(), "undone");
    press("Z", true, true);
    settle().await;
    assert_eq!(all(&app.root, "mark.t-claim").len(), 1, "redone");
    click_button(&app.root, "Undo");
    settle().await;
    assert!(all(&app.root, "mark").is_empty());
    click_button(&app.root, "Redo");
    settle().await;
    assert_eq!(all(&app.root, "mark").len(), 1);
}

#[wasm_bindgen_test]
async fn clicking_a_highlight_selects_it_for_retag_note_and_delete() {
    clear_storage().await;
    let app = mount().await;
    select_phrase(&app.root, "CNN");
    click_button(&app.root, "Source");
    settle().await;
    press("Escape", false, false);
    settle().await;
    assert!(all(&app.root, "#note-editor").is_empty(), "deselected");
    one(&app.root, "mark")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let note = one(&app.root, "#note-editor")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    note.focus().unwrap();
    for text in ["C", "Ch", "Checked"] {
        note.set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        note.dispatch_event(
            &web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap(),
        )
        .unwrap();
        settle().await;
    }
    assert_eq!(
        one(&app.root, "[data-testid=\"annotation-item\"] .note")
            .text_content()
            .unwrap(),
        "Checked"
    );
    // Typing is one undo step.
    press("z", true, false);
    settle().await;
    assert!(all(&app.root, "[data-testid=\"annotation-item\"] .note").is_empty());
    press("Z", true, true);
    settle().await;
    note.blur().unwrap();
    press("1", false, false); // retag the selected annotation
    settle().await;
    assert_eq!(
        one(&app.root, "mark").get_attribute("data-tags").unwrap(),
        "claim"
    );
    let doc_id = current_id().await;
    wait_for("the note and tag to be saved", || {
        stored(&doc_id).is_some_and(|d| {
            d.annotations()
                .any(|a| a.note == "Checked" && a.tag == Tag::Claim)
        })
    })
    .await;
    click_button(&app.root, "Delete annotation");
    settle().await;
    assert!(all(&app.root, "mark").is_empty());
    wait_for("the deletion to be saved", || {
        stored(&doc_id).is_some_and(|d| d.is_empty())
    })
    .await;
}

#[wasm_bindgen_test]
async fn keyboard_selection_with_shift_arrows() {
    clear_storage().await;
    let app = mount().await;
    let article = one(&app.root, "[data-testid=\"article\"]")
        .dyn_into::<HtmlElement>()
        .unwrap();
    article.focus().unwrap();
    for _ in 0..4 {
        press("ArrowRight", false, true);
    }
    let sel = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(String::from(sel.to_string()), "In a");
    press("ArrowRight", true, true); // a word more
    press("2", false, false);
    settle().await;
    let mark = one(&app.root, "mark");
    assert!(
        mark.text_content().unwrap().starts_with("In a surprising"),
        "{:?}",
        mark.text_content()
    );
}

#[wasm_bindgen_test]
async fn damaged_storage_is_set_aside_and_reported() {
    clear_storage().await;
    storage()
        .set_item(INDEX_KEY, "{\"version\":1,\"documents\":[")
        .unwrap();
    storage()
        .set_item(
            "marginalia:doc:broken",
            "{\"format\":\"marginalia\",\"version\":1,\"document\":{}}",
        )
        .unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(alert.contains("library index is damaged"), "{alert}");
    assert!(
        alert.contains("saved document could not be read"),
        "{alert}"
    );
    let aside: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with(DAMAGED_PREFIX))
        .collect();
    assert_eq!(aside.len(), 2, "{aside:?}");
    let values: Vec<String> = aside
        .iter()
        .map(|k| storage().get_item(k).unwrap().unwrap())
        .collect();
    assert!(values.contains(&"{\"version\":1,\"documents\":[".to_string()));
    assert!(values.iter().any(|v| v.contains("\"document\":{}")));
    assert!(storage()
        .get_item("marginalia:doc:broken")
        .unwrap()
        .is_none());
    // The app still works, with the sample article.
    assert_eq!(all(&app.root, "[data-testid=\"paragraph\"]").len(), 7);
    wait_for("a fresh index", || {
        storage()
            .get_item(INDEX_KEY)
            .unwrap()
            .is_some_and(|i| Index::parse(&i).is_ok())
    })
    .await;
}

/// A document of `paragraphs` paragraphs with one annotation at the start of
/// every tenth paragraph.
fn long_doc(paragraphs: usize) -> Document {
    let text: Vec<String> = (0..paragraphs)
        .map(|i| format!("Paragraph {i} says 東京 🍵 things."))
        .collect();
    let mut doc = doc_with(&text.join("\n"));
    let starts: Vec<usize> = doc.text().paragraphs().iter().map(|r| r.start).collect();
    for i in (0..paragraphs).step_by(10) {
        doc.apply(Command::Add(Annotation {
            id: AnnotationId::new(format!("p{i}")).unwrap(),
            tag: Tag::Claim,
            start: starts[i],
            end: starts[i] + 9,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
        }))
        .unwrap();
    }
    doc
}

/// Stores `doc` the way this version does, as the open document.
fn store_v2(doc: &Document) {
    let mut dirty = marginalia::persist::Dirty {
        all: true,
        ..Default::default()
    };
    Persist::in_browser().save_changes(doc, &mut dirty).unwrap();
    let mut index = Index::new();
    index.upsert(marginalia_core::Entry::of(doc));
    index.current = Some(doc.id().clone());
    storage().set_item(INDEX_KEY, &index.to_json()).unwrap();
}

#[wasm_bindgen_test]
async fn documents_saved_by_earlier_versions_are_migrated() {
    clear_storage().await;
    let doc = long_doc(40);
    preload(&doc); // the whole document in the export format, as version 0.1 stored it
    let _app = mount().await;
    wait_for("the document to be rewritten in the current layout", || {
        storage()
            .get_item(&doc_key(doc.id()))
            .unwrap()
            .is_some_and(|raw| marginalia_core::store::is_record(&raw))
    })
    .await;
    assert_eq!(stored("intl"), Some(doc.clone()));
    assert!(
        storage()
            .get_item("marginalia:ann:intl:1")
            .unwrap()
            .is_some(),
        "two chunks for 40 paragraphs"
    );
}

#[wasm_bindgen_test]
async fn a_change_saves_only_the_chunk_it_touched() {
    clear_storage().await;
    let doc = long_doc(100); // four chunks of 32 paragraphs
    store_v2(&doc);
    let app = mount().await;
    let before = snapshot();
    select_phrase(&app.root, "Paragraph 71 says");
    press("2", false, false);
    settle().await;
    wait_for("the change to be saved", || {
        stored("intl").is_some_and(|d| d.len() == doc.len() + 1)
    })
    .await;
    let after = snapshot();
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(
        changed,
        vec![
            "marginalia:ann:intl:2",
            "marginalia:head:intl",
            "marginalia:index"
        ],
        "the text and the other chunks are not rewritten"
    );
}

#[wasm_bindgen_test]
async fn a_damaged_chunk_loses_only_its_annotations() {
    clear_storage().await;
    let doc = long_doc(100);
    store_v2(&doc);
    storage()
        .set_item("marginalia:ann:intl:1", "[[\"p40\", \"claim\", 1")
        .unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(
        alert.contains("Some annotations of “Intl” could not be read"),
        "{alert}"
    );
    assert_eq!(
        one(&app.root, "#annotations-heading")
            .text_content()
            .unwrap(),
        format!("Annotations ({})", doc.len() - 3)
    );
    assert!(
        storage()
            .get_item("marginalia:ann:intl:1")
            .unwrap()
            .is_none()
            || stored("intl").is_some()
    );
    let aside: Vec<String> = snapshot()
        .into_keys()
        .filter(|k| k.starts_with("marginalia:damaged:marginalia:ann:intl:1:"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged chunk was set aside");
    wait_for(
        "the document to be rewritten without the damaged chunk",
        || stored("intl").is_some_and(|d| d.len() == doc.len() - 3),
    )
    .await;
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_kept_untouched() {
    clear_storage().await;
    let newer_doc = r#"{"format":"marginalia","version":3,"document":{"text":"from the future"},"annotations":[]}"#;
    let newer_index = r#"{"version":2,"current":"future","documents":[{"id":"future"}]}"#;
    storage()
        .set_item("marginalia:doc:future", newer_doc)
        .unwrap();
    storage().set_item(INDEX_KEY, newer_index).unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(
        alert.contains("saved by a newer version of Marginalia"),
        "{alert}"
    );
    assert!(
        alert.contains("cannot be opened by this version"),
        "{alert}"
    );
    // Work on the sample, and let it save.
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let sample_key = format!("marginalia:doc:{}", marginalia::sample::ID);
    wait_for("the sample to be saved", || {
        storage().get_item(&sample_key).unwrap().is_some()
    })
    .await;
    assert_eq!(
        storage()
            .get_item("marginalia:doc:future")
            .unwrap()
            .as_deref(),
        Some(newer_doc)
    );
    assert_eq!(
        storage().get_item(INDEX_KEY).unwrap().as_deref(),
        Some(newer_index),
        "index left as the newer version wrote it"
    );
    assert!(all(&app.root, "[data-testid=\"document-item\"]")
        .iter()
        .all(|d| !d.text_content().unwrap().contains("future")));
}

#[wasm_bindgen_test]
async fn damaged_data_that_cannot_be_set_aside_is_never_overwritten() {
    clear_storage().await;
    // The damaged document has the sample's id, is large, and storage is full:
    // it cannot be copied aside, so it must stay, and its id must not be reused.
    let key = format!("marginalia:doc:{}", marginalia::sample::ID);
    let damaged = format!(
        "{{\"format\":\"marginalia\",\"version\":1,\"document\":{{\"text\":\"{}",
        "z".repeat(600_000)
    );
    storage().set_item(&key, &damaged).unwrap();
    fill_storage();
    for i in 0..3 {
        // Room for a small index and document, not for a copy of the damaged one.
        storage().remove_item(&format!("filler-16384-{i}")).unwrap();
    }
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(alert.contains("left untouched"), "{alert}");
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let doc_id = current_id().await;
    assert_ne!(
        doc_id,
        marginalia::sample::ID,
        "the damaged document's id is not reused"
    );
    wait_for("the new sample to be saved", || {
        stored(&doc_id).is_some_and(|d| d.len() == 1)
    })
    .await;
    assert_eq!(storage().get_item(&key).unwrap(), Some(damaged));
    clear_storage().await;
}

#[wasm_bindgen_test]
async fn deleting_the_open_document_right_after_an_edit_does_not_resave_it() {
    clear_storage().await;
    let app = mount().await;
    let first = current_id().await;
    click_button(&app.root, "New document");
    settle().await;
    let area = one(&app.root, "textarea[aria-label=\"Article text\"]")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    area.set_value("Second article\n\nIts body text.");
    click_button(&app.root, "Load");
    settle().await;
    wait_for("the second document to be current", || {
        storage()
            .get_item(INDEX_KEY)
            .unwrap()
            .is_some_and(|i| Index::parse(&i).unwrap().current.unwrap().as_str() != first)
    })
    .await;
    let second = current_id().await;
    wait_for("the second document to be saved", || {
        stored(&second).is_some()
    })
    .await;
    // Edit, then delete it at once, before the autosave delay has passed.
    select_phrase(&app.root, "body text");
    press("1", false, false);
    settle().await;
    let delete = all(&app.root, "button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some("Delete document Second article")
        })
        .unwrap();
    delete.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    click_button(&app.root, "Delete for good");
    settle().await;
    assert!(
        stored(&second).is_none(),
        "the deleted document was written back"
    );
    assert!(
        snapshot().keys().all(|k| !k.contains(&second)),
        "every key of the deleted document is gone"
    );
    wait_for("the first document to be open again", || {
        one(&app.root, ".article-title")
            .text_content()
            .unwrap()
            .starts_with("US Secretly")
    })
    .await;
    assert!(stored(&second).is_none());
}

#[wasm_bindgen_test]
async fn full_storage_is_reported_and_saved_work_is_kept() {
    clear_storage().await;
    let app = mount().await;
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let doc_id = current_id().await;
    wait_for("the first annotation to be saved", || {
        stored(&doc_id).is_some_and(|d| d.len() == 1)
    })
    .await;
    let before = snapshot();
    fill_storage();
    select_phrase(&app.root, "Kerman");
    press("1", false, false);
    settle().await;
    wait_for("the storage-full alert", || {
        all(&app.root, "[role=\"alert\"]").iter().any(|a| {
            a.text_content()
                .unwrap_or_default()
                .contains("storage for this page is full")
        })
    })
    .await;
    assert_eq!(snapshot(), before, "what was saved is intact");
    assert_eq!(
        all(&app.root, "mark").len(),
        2,
        "the new annotation stays on screen"
    );
    clear_storage().await;
}

#[wasm_bindgen_test]
fn html_is_read_inertly() {
    let hostile = r#"<!doctype html><html><head><title>Hostile page</title>
        <script>window.__pwned = 1;</script></head>
        <body><nav>Menu Home</nav>
        <article><h1>Hostile page</h1><p>First <b>bold</b> paragraph &amp; more.</p>
        <img src="x" onerror="window.__pwned = 2">
        <p id="injected-marker">Second   paragraph<br>after break</p>
        <iframe srcdoc="<script>parent.__pwned=3</script>"></iframe>
        <style>p { color: red }</style></article>
        <footer>Footer text</footer></body></html>"#;
    let article = marginalia::web::html::article_from_html(hostile, "fallback").unwrap();
    assert_eq!(article.title, "Hostile page");
    assert_eq!(
        article.paragraphs,
        vec![
            "First bold paragraph & more.",
            "Second paragraph",
            "after break"
        ]
    );
    let window = web_sys::window().unwrap();
    assert!(js_sys::Reflect::get(&window, &"__pwned".into())
        .unwrap()
        .is_undefined());
    assert!(document().get_element_by_id("injected-marker").is_none());
}
