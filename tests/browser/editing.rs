//! Editing annotations: undo and redo, selecting a highlight to retag,
//! note or delete it, and selecting with the keyboard.

use crate::common::*;
use marginalia_core::Tag;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

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
