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
use crate::import::{ForeignFile, ImportPlan, Planned};
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
    /// Read an HTML page (a saved news page, say): its article and its
    /// whole visible text (see [`crate::page::Page`]).
    ReadPage {
        /// The file's name, for messages.
        name: String,
        /// The page.
        html: String,
        /// The title of a page that has none.
        fallback_title: String,
    },
    /// Compute every agreement figure of `layers` over `text` (the open
    /// document's, see [`crate::agreement::layers_of`]).
    Agree {
        /// The document's text.
        text: String,
        /// The layers, in the order the figures use.
        layers: Vec<marginalia_agreement::Layer>,
    },
}

/// Every agreement figure of some layers (see `marginalia-agreement`'s
/// `report`), and the same as CSV for the user to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// The layers' names, in the order the figures' annotators index.
    pub annotators: Vec<String>,
    /// The figures.
    pub figures: Vec<marginalia_agreement::report::Figure>,
    /// The figures as CSV (`measure,label,annotators,value`).
    pub csv: String,
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
    /// Computing agreement figures.
    Agreeing,
}

impl Phase {
    /// How the progress bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "Reading the file",
            Phase::Placing => "Placing the annotations",
            Phase::Summarising => "Building the summary",
            Phase::Writing => "Writing the export",
            Phase::Agreeing => "Computing the agreement",
        }
    }
}

/// The engine's answer to a [`Request`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The job it answers.
    pub job: u32,
    /// The answer.
    pub answer: Answer,
}

/// What the engine says about a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// The first items of an import plan (more follow, then
    /// [`Answer::Placed`] with the rest): a large plan comes in parts, so
    /// that the page reads each in a short task (see [`in_parts`]).
    Part(Vec<Planned>),
    /// The files were read and placed: the import to show the user (after
    /// the items of any [`Answer::Part`]s before it).
    Placed(Box<ImportPlan>),
    /// The files are not another tool's annotations (an article, or a
    /// Marginalia file): the app reads them itself.
    NotForeign,
    /// The files could not be read; the message says why, for the user.
    Refused(String),
    /// The export's file(s).
    Exported(Vec<ExportFile>),
    /// The agreement figures asked for.
    Agreed(Box<Agreement>),
    /// The page asked for, read.
    Page(Box<crate::page::Page>),
    /// The engine failed (a panic): it must not be used again.
    Crashed(String),
}

impl Answer {
    /// True for the last answer to a job.
    pub fn is_final(&self) -> bool {
        !matches!(
            self,
            Answer::Progress { .. } | Answer::Ready | Answer::Part(_)
        )
    }
}

/// How many items of a plan one message carries: reading 2,000 in the page
/// takes about a tenth of the 50 ms that make a long task.
pub const PART: usize = 2_000;

/// `response` as the messages that carry it: a plan of more than [`PART`]
/// items is sent as [`Answer::Part`]s of that many, then the
/// [`Answer::Placed`] with the rest; anything else as it is.
pub fn in_parts(response: Response) -> Vec<Response> {
    let Response { job, answer } = response;
    let Answer::Placed(mut plan) = answer else {
        return vec![Response { job, answer }];
    };
    let mut out = Vec::new();
    let mut items = std::mem::take(&mut plan.items).into_iter().peekable();
    while items.len() > PART {
        let part: Vec<Planned> = items.by_ref().take(PART).collect();
        out.push(Response {
            job,
            answer: Answer::Part(part),
        });
    }
    plan.items = items.collect();
    out.push(Response {
        job,
        answer: Answer::Placed(plan),
    });
    out
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

/// A message from the bytes [`encode`] made. Read as text (checked as
/// UTF-8 first), like everything else the page reads: one JSON reader in
/// the page, not two, keeps every type's decoder once in its code (a byte
/// reader would double them: measured 2026-12-02, see docs/benchmark.md).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, MessageError> {
    let text = std::str::from_utf8(bytes).map_err(|e| MessageError(e.to_string()))?;
    serde_json::from_str(text).map_err(|e| MessageError(e.to_string()))
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
                    parts: Vec::new(),
                    attributes: Default::default(),
                    part_quotes: Vec::new(),
                    annotator: None,
                },
                anchoring: Anchoring::Fuzzy {
                    start: 0,
                    end: 1,
                    similarity: 990,
                },
                tag: Tag::from_foreign("PER"),
            }],
            relations: Vec::new(),
            warnings: vec!["w".into()],
            codebook: None,
            text: Some("🍵 e\u{301} 東京".into()),
            title: None,
            source: Some("src".into()),
            guesses: Vec::new(),
        };
        let response = Response {
            job: 7,
            answer: Answer::Placed(Box::new(plan)),
        };
        assert_eq!(decode::<Response>(&encode(&response)), Ok(response));
    }

    #[test]
    fn a_large_plan_travels_in_parts_that_add_up_to_it() {
        let item = |i: usize| Planned {
            foreign: crate::import::ForeignAnnotation {
                id: Some(format!("a{i}")),
                label: "claim".into(),
                selector: Selector::default(),
                note: String::new(),
                created: None,
                modified: None,
                parts: Vec::new(),
                attributes: Default::default(),
                part_quotes: Vec::new(),
                annotator: None,
            },
            anchoring: Anchoring::Orphaned,
            tag: Tag::Claim,
        };
        for n in [0, 1, PART, PART + 1, 2 * PART + 7] {
            let plan = ImportPlan {
                format: FormatKind::W3c,
                items: (0..n).map(item).collect(),
                relations: Vec::new(),
                warnings: Vec::new(),
                codebook: None,
                text: None,
                title: None,
                source: None,
                guesses: Vec::new(),
            };
            let messages = in_parts(Response {
                job: 2,
                answer: Answer::Placed(Box::new(plan.clone())),
            });
            assert_eq!(messages.len(), n.saturating_sub(1) / PART + 1, "{n}");
            let mut items = Vec::new();
            for (k, m) in messages.into_iter().enumerate() {
                assert_eq!(m.job, 2);
                match m.answer {
                    Answer::Part(part) => {
                        assert_eq!(part.len(), PART);
                        items.extend(part)
                    }
                    Answer::Placed(mut last) => {
                        assert!(!last.items.is_empty() || n == 0);
                        items.append(&mut last.items);
                        last.items = std::mem::take(&mut items);
                        assert_eq!(*last, plan, "{n} items, message {k}");
                    }
                    other => panic!("{other:?}"),
                }
            }
        }
        let other = Response {
            job: 1,
            answer: Answer::NotForeign,
        };
        assert_eq!(in_parts(other.clone()), [other]);
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
