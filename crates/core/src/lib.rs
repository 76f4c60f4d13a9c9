//! Marginalia's core: the annotation model, commands with undo, anchoring
//! of selections by code-point offsets and quotes, Marginalia's own file
//! format and storage layout, and the values an import or export of another
//! tool's format is made of (the formats themselves are in
//! `marginalia-interop`, which the app only reaches through its worker).
//!
//! Nothing here knows about browsers. Text and commands come in, values and
//! `Result`s go out; ids and timestamps are supplied by the caller. Every
//! offset counts Unicode code points (see [`text`]).
#![deny(missing_docs)]

pub mod agreement;
pub mod anchor;
pub mod annotation;
pub mod annotator;
pub mod article;
pub mod codebook;
pub mod compare;
pub mod document;
pub mod engine;
pub mod export;
pub mod format;
pub mod gold;
pub mod highlight;
pub mod import;
pub mod library;
pub mod linking;
pub mod loose;
pub mod markdown;
pub mod naming;
pub mod page;
pub mod relation;
pub mod selector;
pub mod session;
pub mod statistics;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;

pub use anchor::{locate, trim_span, Located, TextQuote};
pub use annotation::{
    Annotation, AnnotationId, BadLabel, DocumentId, IdError, Label, Placement, Tag, Timestamp,
    Unplaced, Unplacement,
};
pub use annotator::{Annotator, AnnotatorId};
pub use article::{Article, ArticleError, Kind};
pub use codebook::{Codebook, CodebookError};
pub use document::{Applied, Command, CommandError, Document, Metadata};
pub use format::{FormatError, ImportDefaults, ImportWarning, Imported};
pub use highlight::{paragraph_runs, paragraph_runs_of, Run};
pub use library::{Entry, Index, IndexError};
pub use relation::{Relation, RelationId, RelationKind, RelationRule};
pub use selector::{Anchoring, Position, Selector, Unit};
pub use session::Session;
pub use text::Text;
