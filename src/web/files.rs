//! Files in and out: reading what the user opens or drops, and offering
//! downloads.

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen_futures::JsFuture;

use marginalia_core::article::MAX_FILE_BYTES;
use marginalia_core::ArticleError;
use wasm_bindgen::JsCast;
pub use web_sys::File;
use yew::events::{DragEvent, Event};

/// A file the user gave us: its name and bytes.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's name as the browser reports it.
    pub name: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// The files of a file input's `change` event (the input is then reset so
/// that choosing the same file again fires again).
pub fn files_from_input(e: &Event) -> Vec<File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = list(input.files());
    input.set_value("");
    files
}

/// The files dropped in a `drop` event.
pub fn files_from_drop(e: &DragEvent) -> Vec<File> {
    list(e.data_transfer().and_then(|d| d.files()))
}

/// True when a drag carries files (so the page should accept the drop).
pub fn drag_has_files(e: &DragEvent) -> bool {
    e.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

fn list(files: Option<web_sys::FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Refuses empty and oversized files before anything reads them.
pub fn check(file: &File) -> Result<(), ArticleError> {
    let size = file.size() as usize;
    if size == 0 {
        return Err(ArticleError::Empty);
    }
    if size > MAX_FILE_BYTES {
        return Err(ArticleError::FileTooLarge(size));
    }
    Ok(())
}

/// The first `n` bytes of a file (all of it when it is shorter).
pub async fn head(file: &File, n: usize) -> Result<Vec<u8>, ArticleError> {
    let end = n.min(file.size() as usize) as f64;
    let part = file
        .slice_with_f64_and_f64(0.0, end)
        .map_err(|_| ArticleError::NoText)?;
    let buffer = JsFuture::from(part.array_buffer())
        .await
        .map_err(|_| ArticleError::NoText)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads a file, refusing empty and oversized ones before reading them.
pub async fn read(file: File) -> Result<Loaded, ArticleError> {
    check(&file)?;
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ArticleError::NoText)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Loaded {
        name: file.name(),
        bytes,
    })
}

/// Offers `content` as a download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), String> {
    let blob = Blob::new_with_options(content, Some(mime));
    let url = ObjectUrl::from(blob);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoke the object URL once the browser has surely read it.
    gloo::timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}
