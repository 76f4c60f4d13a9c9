//! Window-level event listeners, translated into plain values.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

/// A key press on the page, with where the focus was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    /// `KeyboardEvent.key` (`"1"`, `"z"`, `"ArrowLeft"`, …).
    pub key: String,
    /// Ctrl or Cmd held.
    pub ctrl: bool,
    /// Shift held.
    pub shift: bool,
    /// Alt held.
    pub alt: bool,
    /// Focus is in a text field (typing there must not trigger shortcuts).
    pub in_field: bool,
    /// Focus is in the note editor (undo there is the app's undo).
    pub in_note: bool,
}

/// The id of the note editor's textarea.
pub const NOTE_EDITOR_ID: &str = "note-editor";

fn key_press(e: &KeyboardEvent) -> KeyPress {
    let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
    let tag = target.as_ref().map(|t| t.local_name()).unwrap_or_default();
    let editable = target
        .as_ref()
        .and_then(|t| t.get_attribute("contenteditable"))
        .is_some_and(|v| v != "false");
    KeyPress {
        key: e.key(),
        ctrl: e.ctrl_key() || e.meta_key(),
        shift: e.shift_key(),
        alt: e.alt_key(),
        in_field: matches!(tag.as_str(), "input" | "textarea" | "select") || editable,
        in_note: target.is_some_and(|t| t.id() == NOTE_EDITOR_ID),
    }
}

/// Listens to key presses anywhere on the page. When `handler` returns true
/// the key's default action is prevented. Dropping the listener stops it.
pub fn on_keydown(handler: impl Fn(&KeyPress) -> bool + 'static) -> EventListener {
    let window = web_sys::window().expect("a browser window");
    EventListener::new_with_options(
        &window,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |e| {
            if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                if handler(&key_press(k)) {
                    e.prevent_default();
                }
            }
        },
    )
}

/// The key press of a component's own `keydown` event.
pub fn key_of(e: &KeyboardEvent) -> KeyPress {
    key_press(e)
}

/// Calls `handler` when the page is hidden or unloaded (last chance to save).
pub fn on_page_hide(handler: impl Fn() + 'static) -> [EventListener; 2] {
    let window = web_sys::window().expect("a browser window");
    let document = window.document().expect("a document");
    let handler = std::rc::Rc::new(handler);
    let h = handler.clone();
    [
        EventListener::new(&window, "pagehide", move |_| h()),
        EventListener::new(&document, "visibilitychange", move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden {
                handler();
            }
        }),
    ]
}

/// Calls `handler(key)` when another tab of this site changes storage
/// (`key` is `None` when storage was cleared).
pub fn on_storage_change(handler: impl Fn(Option<String>) + 'static) -> EventListener {
    let window = web_sys::window().expect("a browser window");
    EventListener::new(&window, "storage", move |e| {
        if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
            handler(e.key());
        }
    })
}

/// Listening for the browser going offline and back; ends when dropped.
pub struct Connectivity {
    _listeners: [EventListener; 2],
}

/// Calls `handler(online)` when the browser goes offline or comes back
/// online, until the returned [`Connectivity`] is dropped.
pub fn on_connectivity(handler: impl Fn(bool) + 'static) -> Connectivity {
    let window = web_sys::window().expect("a browser window");
    let handler = std::rc::Rc::new(handler);
    let h = handler.clone();
    Connectivity {
        _listeners: [
            EventListener::new(&window, "offline", move |_| h(false)),
            EventListener::new(&window, "online", move |_| handler(true)),
        ],
    }
}
