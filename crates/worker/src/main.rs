//! The format engine's Web Worker: each message from the app is
//! `{ request, files }`, a [`Request`] as JSON bytes with the user's files
//! beside it; the answers go back as JSON bytes, their buffers transferred
//! (not copied). A panic is reported as [`Answer::Crashed`] before the
//! module traps, so the app can say what happened and start a fresh worker
//! next time.
//!
//! [`Request`]: marginalia_core::engine::Request
//! [`Answer::Crashed`]: marginalia_core::engine::Answer::Crashed

#[cfg(target_arch = "wasm32")]
mod glue {
    use marginalia_core::engine::{decode, encode, in_parts, Answer, Request, Response, Task};
    use std::cell::Cell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

    thread_local! {
        /// The job being worked on, for the panic report.
        static JOB: Cell<u32> = const { Cell::new(0) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Sends `response` to the app, transferring its bytes.
    fn send(response: &Response) {
        let bytes = js_sys::Uint8Array::from(encode(response).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        // Nothing can be done here if posting fails; the app notices that
        // no answer comes when the worker dies.
        let _ = scope().post_message_with_transfer(&bytes, &transfer);
    }

    /// The request of a message, with the files' bytes read into it.
    fn request_of(data: &JsValue) -> Result<Request, String> {
        let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok();
        let bytes = field("request")
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .ok_or("a message without a request")?
            .to_vec();
        let mut request: Request = decode(&bytes).map_err(|e| e.to_string())?;
        if let Task::Import { files, .. } = &mut request.task {
            let given = field("files")
                .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
                .ok_or("an import without its files")?;
            let reader = FileReaderSync::new().map_err(|_| "files cannot be read here")?;
            for (file, blob) in files.iter_mut().zip(given.iter()) {
                let blob: Blob = blob.dyn_into().map_err(|_| "not a file")?;
                let buffer = reader
                    .read_as_array_buffer(&blob)
                    .map_err(|_| format!("“{}” could not be read", file.name))?;
                file.bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            }
        }
        Ok(request)
    }

    fn on_message(event: MessageEvent) {
        let request = match request_of(&event.data()) {
            Ok(r) => r,
            Err(e) => {
                send(&Response {
                    job: 0,
                    answer: Answer::Crashed(e),
                });
                return;
            }
        };
        JOB.with(|j| j.set(request.job));
        let answer = marginalia_worker::handle(request, &mut |r| send(&r));
        for message in in_parts(answer) {
            send(&message);
        }
    }

    /// Installs the panic report and the message handler, then tells the
    /// app the engine takes requests.
    pub fn start() {
        std::panic::set_hook(Box::new(|info| {
            let job = JOB.with(Cell::get);
            send(&Response {
                job,
                answer: Answer::Crashed(info.to_string()),
            });
        }));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        send(&Response {
            job: 0,
            answer: Answer::Ready,
        });
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    glue::start();
}
