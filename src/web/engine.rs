//! The format engine's Web Worker, seen from the page: started on first use
//! (so its wasm is fetched only then), fed [`Request`]s, and stopped when
//! the user cancels or when it fails, so that the next use starts a fresh
//! one.
//!
//! A request travels as its JSON bytes (a transferred `ArrayBuffer`) with
//! the user's files beside it as `File` handles, which the worker reads
//! itself: an 11 MB file is never copied into the page's memory. Answers
//! come back as JSON bytes; see `marginalia_core::engine`.
//!
//! gloo's `worker` bridge is not used: it can neither terminate a busy
//! worker (Cancel) nor report a worker that dies (its `error` event).

use marginalia_core::engine::{decode, encode, Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, File, MessageEvent, Worker};

/// The worker's loader script (`static/engine.js`), beside the page, with
/// the engine's build (see `build.rs`): the loader passes it on to the
/// worker's own files, so a new build is never served from a cache.
const SCRIPT: &str = concat!("./engine.js?build=", env!("MARGINALIA_ENGINE_BUILD"));

/// What the engine tells the page.
#[derive(Debug)]
pub enum Event {
    /// An answer to a request.
    Answer(Response),
    /// The worker failed (it could not start, a script error, a crash):
    /// it has been stopped; the message says what happened.
    Failed(String),
}

/// Who hears the engine's events.
pub type Listener = Rc<dyn Fn(Event)>;

struct Engine {
    worker: Worker,
    /// Set once the worker says it takes requests.
    ready: bool,
    /// Messages posted before it was ready, in order.
    queue: Vec<(js_sys::Object, js_sys::Array)>,
    listener: Listener,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// Stopped engines, dropped when the next one starts: a worker is often
    /// stopped from inside one of its own event handlers, which must not be
    /// dropped while they run.
    static STOPPED: RefCell<Vec<Engine>> = const { RefCell::new(Vec::new()) };
}

/// Sends `request` (with `files` beside it) to the engine, starting it if
/// it is not running; `listener` hears what it answers from now on.
pub fn post(request: &Request, files: &[File], listener: Listener) -> Result<(), String> {
    let bytes = js_sys::Uint8Array::from(encode(request).as_slice());
    let message = js_sys::Object::new();
    let list = js_sys::Array::new();
    for f in files {
        list.push(f);
    }
    set(&message, "request", &bytes)?;
    set(&message, "files", &list)?;
    let transfer = js_sys::Array::of1(&bytes.buffer());
    ENGINE.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(start()?);
        }
        let engine = slot.as_mut().ok_or("the format engine did not start")?;
        engine.listener = listener;
        if engine.ready {
            send(&engine.worker, &message, &transfer)
        } else {
            engine.queue.push((message, transfer));
            Ok(())
        }
    })
}

/// Starts the engine if it is not running, so that it is ready when the
/// user's request comes (called when they reach for an import or export).
/// A worker that fails to start here is started again by [`post`].
pub fn warm() {
    ENGINE.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = start().ok();
        }
    });
}

/// Stops the engine (a running job is abandoned; nothing it did remains).
pub fn stop() {
    ENGINE.with(|slot| {
        if let Some(engine) = slot.borrow_mut().take() {
            engine.worker.terminate();
            STOPPED.with(|s| s.borrow_mut().push(engine));
        }
    });
}

/// True while a worker exists (started and not stopped).
pub fn is_running() -> bool {
    ENGINE.with(|slot| slot.borrow().is_some())
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), String> {
    js_sys::Reflect::set(target, &key.into(), value)
        .map(drop)
        .map_err(|_| "the request could not be prepared".to_string())
}

fn send(worker: &Worker, message: &js_sys::Object, transfer: &js_sys::Array) -> Result<(), String> {
    worker
        .post_message_with_transfer(message, transfer)
        .map_err(|e| format!("the format engine refused the request ({})", describe(&e)))
}

fn start() -> Result<Engine, String> {
    STOPPED.with(|s| s.borrow_mut().clear());
    let worker = Worker::new(SCRIPT)
        .map_err(|e| format!("the format engine could not start ({})", describe(&e)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        heard(e.data());
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|e: ErrorEvent| {
        e.prevent_default();
        let what = if e.message().is_empty() {
            "a script error".to_string()
        } else {
            e.message()
        };
        fail(format!("the format engine stopped: {what}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Engine {
        worker,
        ready: false,
        queue: Vec::new(),
        listener: Rc::new(|_| {}),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// A message from the worker: an answer's bytes, or its loader's report
/// that the module could not start (`{ failed: "…" }`).
fn heard(data: JsValue) {
    let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
        let failed = js_sys::Reflect::get(&data, &"failed".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "an unreadable message".into());
        fail(format!("the format engine could not start: {failed}"));
        return;
    };
    match decode::<Response>(&bytes.to_vec()) {
        Ok(response) if matches!(response.answer, marginalia_core::engine::Answer::Ready) => {
            flush()
        }
        Ok(response) => {
            if let Some(listener) = listener() {
                listener(Event::Answer(response));
            }
        }
        Err(e) => fail(e.to_string()),
    }
}

/// The worker is ready: sends what was queued.
fn flush() {
    let failed = ENGINE.with(|slot| {
        let mut slot = slot.borrow_mut();
        let engine = slot.as_mut()?;
        engine.ready = true;
        for (message, transfer) in engine.queue.drain(..) {
            if let Err(e) = send(&engine.worker, &message, &transfer) {
                return Some(e);
            }
        }
        None
    });
    if let Some(e) = failed {
        fail(e);
    }
}

fn listener() -> Option<Listener> {
    ENGINE.with(|slot| slot.borrow().as_ref().map(|e| e.listener.clone()))
}

/// Stops the worker and tells the listener why.
fn fail(message: String) {
    let listener = listener();
    stop();
    if let Some(listener) = listener {
        listener(Event::Failed(message));
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
