//! The messages between the app and its format engine.
//!
//! Other tools' formats and re-anchoring (`marginalia-interop`) run in a Web
//! Worker, a second wasm module fetched on first use, so the app's first
//! load does not carry them and long work leaves the page responsive. The
//! app sends a [`Request`]; the engine answers with [`Response::Progress`]
//! while it works and one final response. Both travel as JSON bytes in a
//! transferred `ArrayBuffer` ([`encode`], [`decode`]); see
//! `docs/architecture.md` for why this encoding was chosen.

use crate::export::{ExportFile, ExportFormat};
use crate::import::{ForeignFile, ImportPlan};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One piece of work, numbered by the app so that answers to work it has
/// given up on (cancelled, superseded) can be told apart and ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The job's number.
    pub job: u32,
    /// What to do.
    pub task: Task,
}

/// What the engine is asked to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// Read the files the user gave as another tool's annotations and place
    /// them on `text` (the open article).
    Import {
        /// The files, as given (their names pair brat's `.ann` and `.txt`).
        files: Vec<GivenFile>,
        /// The open article's text.
        text: String,
    },
    /// Place annotations already read on `text` (the file's own article,
    /// opened as a new document).
    Place {
        /// What was read (see [`ImportPlan::to_file`]).
        file: ForeignFile,
        /// The text to place them on.
        text: String,
    },
    /// Write a document in another tool's format.
    Export {
        /// The document as Marginalia JSON ([`crate::format::to_json`]).
        document: String,
        /// The format.
        format: ExportFormat,
        /// The stem of the file names.
        stem: String,
    },
}

/// A file the user picked or dropped, undecoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenFile {
    /// Its name.
    pub name: String,
    /// Its bytes. They do not travel in the message: the page passes the
    /// browser's `File` beside it, in the same order, and the worker reads
    /// it (so a large file is never copied through the page's memory).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// What the engine is doing, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Reading the file(s).
    Reading,
    /// Placing the annotations on the text.
    Placing,
    /// Counting how each was placed.
    Summarising,
    /// Writing the export.
    Writing,
}

impl Phase {
    /// How the progress bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "Reading the file",
            Phase::Placing => "Placing the annotations",
            Phase::Summarising => "Building the summary",
            Phase::Writing => "Writing the export",
        }
    }
}

/// The engine's answer to a [`Request`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The job it answers.
    pub job: u32,
    /// The answer.
    pub answer: Answer,
}

/// What the engine says about a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// The engine has started and takes requests (sent once, for job 0;
    /// requests posted before it would be lost).
    Ready,
    /// Still working: `percent` of `phase` is done (more answers follow).
    Progress {
        /// The phase.
        phase: Phase,
        /// From 0 to 100.
        percent: u8,
    },
    /// The files were read and placed: the import to show the user.
    Placed(Box<ImportPlan>),
    /// The files are not another tool's annotations (an article, or a
    /// Marginalia file): the app reads them itself.
    NotForeign,
    /// The files could not be read; the message says why, for the user.
    Refused(String),
    /// The export's file(s).
    Exported(Vec<ExportFile>),
    /// The engine failed (a panic): it must not be used again.
    Crashed(String),
}

impl Answer {
    /// True for the last answer to a job.
    pub fn is_final(&self) -> bool {
        !matches!(self, Answer::Progress { .. } | Answer::Ready)
    }
}

/// Why a message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a message of the format engine could not be read: {0}")]
pub struct MessageError(String);

/// A message as the bytes that cross between app and engine.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Serialising these types cannot fail: every map key is a string.
    serde_json::to_vec(message).unwrap_or_default()
}

/// A message from the bytes [`encode`] made.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, MessageError> {
    serde_json::from_slice(bytes).map_err(|e| MessageError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{FormatKind, Planned};
    use crate::selector::{Anchoring, Position, Selector, Unit};
    use crate::{Tag, TextQuote};

    #[test]
    fn requests_and_answers_round_trip_with_emoji_and_cjk() {
        let request = Request {
            job: 7,
            task: Task::Import {
                files: vec![GivenFile {
                    name: "東京.ann".into(),
                    bytes: "T1\tPER 0 2\t🍵\n".as_bytes().to_vec(),
                }],
                text: "🍵 e\u{301} 東京".into(),
            },
        };
        let mut received: Request = decode(&encode(&request)).unwrap();
        let Task::Import { files, .. } = &mut received.task else {
            panic!("an import");
        };
        assert!(files[0].bytes.is_empty(), "bytes travel beside the message");
        files[0].bytes = "T1\tPER 0 2\t🍵\n".as_bytes().to_vec();
        assert_eq!(received, request);
        let plan = ImportPlan {
            format: FormatKind::Brat,
            items: vec![Planned {
                foreign: crate::import::ForeignAnnotation {
                    id: Some("T1".into()),
                    label: "PER".into(),
                    selector: Selector {
                        position: Some(Position {
                            start: 0,
                            end: 1,
                            unit: Unit::CodePoint,
                        }),
                        quote: Some(TextQuote {
                            exact: "🍵".into(),
                            prefix: String::new(),
                            suffix: " e\u{301}".into(),
                        }),
                    },
                    note: "n\"q".into(),
                    created: None,
                    modified: None,
                },
                anchoring: Anchoring::Fuzzy {
                    start: 0,
                    end: 1,
                    similarity: 990,
                },
                tag: Tag::from_foreign("PER"),
            }],
            warnings: vec!["w".into()],
            text: Some("🍵 e\u{301} 東京".into()),
            title: None,
            source: Some("src".into()),
        };
        let response = Response {
            job: 7,
            answer: Answer::Placed(Box::new(plan)),
        };
        assert_eq!(decode::<Response>(&encode(&response)), Ok(response));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<Response>(b"\xff{").is_err());
        assert!(decode::<Response>(br#"{"job":1,"answer":"Nope"}"#).is_err());
        assert!(!Answer::Progress {
            phase: Phase::Placing,
            percent: 3
        }
        .is_final());
        assert!(Answer::NotForeign.is_final());
    }
}
