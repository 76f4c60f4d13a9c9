//! From a file or pasted text to a document: articles (text, Markdown)
//! become new documents; Marginalia JSON files are imported. (HTML pages
//! and other tools' files are read by the format engine, see
//! [`crate::engine`] and [`crate::pages`].)

use crate::persist::Persist;
use crate::texts;
use crate::web::{self, files::Loaded};
use marginalia_core::article::{decode, parse_plain, sniff, Encoding, Kind, MAX_BYTES};
use marginalia_core::format::from_json;
use marginalia_core::markdown::parse_markdown;
use marginalia_core::naming::stem;
use marginalia_core::{ArticleError, Document, ImportDefaults, ImportWarning, Index};

/// What the user meant the file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// "Open article" or a drop: an article, or a Marginalia file to import.
    Any,
    /// "Import annotations": a Marginalia file.
    Import,
}

/// A document ready to open, and what to tell the user about it.
pub struct Ready {
    /// The new document.
    pub doc: Document,
    /// The notice to show.
    pub notice: String,
}

/// What a text becomes.
pub enum Made {
    /// A new document, ready to open.
    Document(Box<Document>),
    /// An HTML page, for the format engine to read (see [`crate::pages`]).
    Page,
}

/// Makes a new document from article text (`name` helps recognise its kind
/// and is the fallback title), unless it is an HTML page.
pub fn article(name: &str, text: &str, fallback_title: &str) -> Result<Made, ArticleError> {
    if text.len() > MAX_BYTES {
        return Err(ArticleError::TooLarge(text.len()));
    }
    let article = match sniff(name, text) {
        Kind::Html => return Ok(Made::Page),
        Kind::Markdown => parse_markdown(text, fallback_title)?,
        Kind::Plain => parse_plain(text, fallback_title)?,
    };
    let doc = article.into_document(web::new_document_id(), web::now(), None);
    Ok(Made::Document(Box::new(doc)))
}

/// What a file becomes.
pub enum Opening {
    /// A document to open.
    Ready(Box<Ready>),
    /// An HTML page, for the format engine to read.
    Page {
        /// The page.
        html: String,
        /// A note for the notice (the file's encoding).
        note: Option<&'static str>,
    },
}

/// Reads a Marginalia JSON file as a new library document. If the library
/// already has a document with the file's id, the import gets a new id,
/// unless `replaceable` says that document may be replaced (it has the same
/// text and no annotations, so nothing is lost).
pub fn import(
    text: &str,
    library: &Index,
    persist: &Persist,
    replaceable: &dyn Fn(&Document) -> bool,
) -> Result<Ready, String> {
    let defaults = ImportDefaults {
        now: web::now(),
        document_id: web::new_document_id(),
    };
    let imported = from_json(text, &defaults).map_err(|e| texts::nothing_imported(&e))?;
    if imported.document.text().as_str().len() > MAX_BYTES {
        return Err(texts::nothing_imported(&ArticleError::TooLarge(
            imported.document.text().as_str().len(),
        )));
    }
    let mut doc = imported.document;
    let mut notes = vec![texts::imported(&doc.meta().title, doc.len())];
    if library.get(doc.id()).is_some() && replaceable(&doc) {
        notes.push(texts::REPLACES_UNANNOTATED_COPY.into());
    } else if library.get(doc.id()).is_some() || persist.is_protected(doc.id()) {
        doc.set_id(persist.free_id(library, doc.id()));
        notes.push(texts::IMPORTED_AS_COPY.into());
    }
    for warning in imported.warnings {
        notes.push(match warning {
            ImportWarning::Moved { id, from, to } => texts::annotation_moved(&id, from, to),
            ImportWarning::IdsAssigned(count) => texts::ids_assigned(count),
        });
    }
    Ok(Ready {
        doc,
        notice: notes.join(" "),
    })
}

/// Turns a loaded file into a document to open, or a message saying why not.
pub fn from_file(
    file: &Loaded,
    library: &Index,
    persist: &Persist,
    intent: Intent,
    replaceable: &dyn Fn(&Document) -> bool,
) -> Result<Opening, String> {
    let fail = |e: &dyn std::fmt::Display| texts::could_not_open(&file.name, e);
    let (text, encoding) = decode(&file.bytes).map_err(|e| fail(&e))?;
    let looks_json = text.trim_start().starts_with(['{', '[']);
    if intent == Intent::Import || looks_json {
        return import(&text, library, persist, replaceable)
            .map(|r| Opening::Ready(Box::new(r)))
            .map_err(|e| texts::in_file(&file.name, &e));
    }
    let note = (encoding == Encoding::Windows1252).then_some(texts::READ_AS_WINDOWS_1252);
    let doc = match article(&file.name, &text, stem(&file.name)).map_err(|e| fail(&e))? {
        Made::Document(doc) => *doc,
        Made::Page => return Ok(Opening::Page { html: text, note }),
    };
    let mut notice = texts::opened_as_new_document(&doc.meta().title);
    notice.push_str(note.unwrap_or_default());
    Ok(Opening::Ready(Box::new(Ready { doc, notice })))
}

/// Reads a codebook file: brat's `annotation.conf` (a `.conf` name, or
/// text that starts with a `[section]`), else a Marginalia codebook. With
/// what is worth telling the user, or why it cannot be used.
pub fn codebook(
    name: &str,
    text: &str,
) -> Result<(marginalia_core::Codebook, Vec<String>), String> {
    use marginalia_core::codebook::{brat, file};
    let text = text.trim_start_matches('\u{feff}');
    let conf = name.to_ascii_lowercase().ends_with(".conf") || text.trim_start().starts_with('[');
    if conf {
        brat::read_annotation_conf(text).map_err(|e| format!("as a brat annotation.conf, {e}"))
    } else {
        file::from_json(text)
            .map(|c| (c, Vec::new()))
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codebook_files_are_told_apart_by_name_and_content() {
        let c = marginalia_core::Codebook::attribution();
        let json = marginalia_core::codebook::file::to_json(&c);
        assert_eq!(super::codebook("x.json", &json).unwrap().0, c);
        let conf = "[entities]\nPerson\n";
        assert_eq!(
            super::codebook("annotation.conf", conf)
                .unwrap()
                .0
                .labels
                .len(),
            1
        );
        assert_eq!(super::codebook("pasted", conf).unwrap().0.labels.len(), 1);
        assert!(super::codebook("x.json", "{}")
            .unwrap_err()
            .contains("codebook"));
        assert!(super::codebook("a.conf", "[entities]\n")
            .unwrap_err()
            .contains("brat"));
    }
}
