//! The codebook as a file of its own (`"format": "marginalia-codebook"`,
//! documented in `docs/codebook.md`), to share a codebook between
//! documents and people.

use super::Codebook;
use crate::loose::Header;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The value of `format` in a codebook file.
pub const FORMAT: &str = "marginalia-codebook";
/// The version this build writes (and the newest it reads).
pub const VERSION: u64 = 1;

/// Why a file is not a codebook this build can use.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodebookFileError {
    /// Not JSON, or not a codebook's shape.
    #[error("not a Marginalia codebook ({0})")]
    Invalid(String),
    /// A codebook of a newer version.
    #[error("this codebook uses version {0}, newer than this Marginalia reads; update Marginalia to open it")]
    TooNew(u64),
    /// Read, but not usable.
    #[error("the codebook cannot be used: {0}")]
    Unusable(#[from] super::CodebookError),
}

// The codebook's fields written out beside `format` and `version` (not
// `#[serde(flatten)]`, whose buffering reader costs the page's bundle).
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    labels: &'a [super::LabelDef],
    relations: &'a [super::RelationType],
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(default)]
    name: String,
    labels: Vec<super::LabelDef>,
    #[serde(default)]
    relations: Vec<super::RelationType>,
}

/// Writes `codebook` as a codebook file (pretty-printed JSON).
pub fn to_json(codebook: &Codebook) -> String {
    serde_json::to_string_pretty(&FileOut {
        format: FORMAT,
        version: VERSION,
        name: &codebook.name,
        labels: &codebook.labels,
        relations: &codebook.relations,
    })
    .expect("plain data always serialises")
}

/// Reads a codebook file, checked ([`Codebook::check`]).
pub fn from_json(input: &str) -> Result<Codebook, CodebookFileError> {
    let input = input.trim_start_matches('\u{feff}');
    let invalid = |e: serde_json::Error| CodebookFileError::Invalid(e.to_string());
    let head: Header = serde_json::from_str(input).map_err(invalid)?;
    if head.format.0.as_deref() != Some(FORMAT) {
        return Err(CodebookFileError::Invalid(format!(
            "its \"format\" is not \"{FORMAT}\""
        )));
    }
    match head.version.0 {
        Some(v) if v > VERSION => return Err(CodebookFileError::TooNew(v)),
        Some(1..) => {}
        _ => {
            return Err(CodebookFileError::Invalid(
                "its \"version\" must be a whole number from 1".into(),
            ))
        }
    }
    let file: FileIn = serde_json::from_str(input).map_err(invalid)?;
    let codebook = Codebook {
        name: file.name,
        labels: file.labels,
        relations: file.relations,
    };
    codebook.check()?;
    Ok(codebook)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::CodebookError;

    #[test]
    fn a_codebook_file_round_trips_and_reads_as_documented() {
        let c = Codebook::attribution();
        let json = to_json(&c);
        assert_eq!(from_json(&json), Ok(c.clone()));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["labels"][2]["name"], "quote");
        assert_eq!(v["labels"][2]["colour"], "#047857");
        assert_eq!(v["labels"][2]["key"], "3");
        assert_eq!(v["labels"][2]["attributes"][0]["type"], "choice");
        assert_eq!(v["labels"][2]["attributes"][0]["values"][1], "indirect");
        assert_eq!(v["labels"][0]["attributes"][0]["type"], "flag");
        assert_eq!(v["relations"][2]["type"], "cue of");
        assert_eq!(v["relations"][2]["from"][0], "Cue");
        // The smallest file: labels only, names as any case of the tags.
        let small = r##"{"format":"marginalia-codebook","version":1,
            "labels":[{"name":"Quote","colour":"#047857"},{"name":"Speaker","colour":"#123"}]}"##;
        let c = from_json(small).unwrap();
        assert_eq!(c.labels[0].name, crate::Tag::Quote);
        assert_eq!(c.labels[1].colour.to_string(), "#112233");
        assert!(c.relations.is_empty());
    }

    #[test]
    fn bad_files_say_why() {
        assert!(matches!(from_json("{"), Err(CodebookFileError::Invalid(_))));
        assert!(matches!(
            from_json(r#"{"format":"marginalia","version":1,"labels":[]}"#),
            Err(CodebookFileError::Invalid(_))
        ));
        assert_eq!(
            from_json(r#"{"format":"marginalia-codebook","version":9,"labels":[]}"#),
            Err(CodebookFileError::TooNew(9))
        );
        let twice = r##"{"format":"marginalia-codebook","version":1,
            "labels":[{"name":"quote","colour":"#047857","key":"3"},{"name":"x","colour":"#000","key":"3"}]}"##;
        assert_eq!(
            from_json(twice),
            Err(CodebookFileError::Unusable(CodebookError::DuplicateKey(
                '3'
            )))
        );
        let colour = r#"{"format":"marginalia-codebook","version":1,"labels":[{"name":"q","colour":"blue"}]}"#;
        assert!(matches!(
            from_json(colour),
            Err(CodebookFileError::Invalid(_))
        ));
    }
}
