//! Rendering scales: a change re-renders only the paragraphs and list
//! rows it touches.

use crate::common::*;
use wasm_bindgen_test::*;

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
