//! Files in and out: every export format as the file(s) to download, and
//! the files a user picked read as another tool's annotations (format
//! detected from the content; brat's `.ann` paired with its `.txt`).

use super::{brat, conll, csv, doccano, labelstudio, w3c, ForeignFile, FormatKind, InteropError};
use crate::document::Document;
use crate::format::to_json;

/// A format to export to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Marginalia JSON (the whole document; imports back without loss).
    Marginalia,
    /// W3C Web Annotation JSON-LD (code-point positions and quotes).
    W3c,
    /// brat standoff: the article `.txt` and the `.ann`.
    Brat,
    /// brat standoff `.ann` alone (no article text).
    BratAnnotationsOnly,
    /// doccano JSONL.
    Doccano,
    /// Label Studio JSON.
    LabelStudio,
    /// CSV, one row per annotation.
    Csv,
    /// CoNLL-style tokens with one BIO column per tag.
    Conll,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Marginalia,
        ExportFormat::W3c,
        ExportFormat::Brat,
        ExportFormat::BratAnnotationsOnly,
        ExportFormat::Doccano,
        ExportFormat::LabelStudio,
        ExportFormat::Csv,
        ExportFormat::Conll,
    ];

    /// Its name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Marginalia => "Marginalia JSON",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Brat => "brat standoff (.txt + .ann)",
            ExportFormat::BratAnnotationsOnly => "brat .ann only (no article text)",
            ExportFormat::Doccano => "doccano JSONL",
            ExportFormat::LabelStudio => "Label Studio JSON",
            ExportFormat::Csv => "CSV (one row per annotation)",
            ExportFormat::Conll => "CoNLL (tokens, BIO per tag)",
        }
    }
}

/// One file to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Its name.
    pub name: String,
    /// Its media type.
    pub mime: &'static str,
    /// Its contents.
    pub content: String,
}

/// The file(s) of `doc` in `format`, named from `stem`.
pub fn export(doc: &Document, format: ExportFormat, stem: &str) -> Vec<ExportFile> {
    let file = |suffix: &str, mime: &'static str, content: String| ExportFile {
        name: format!("{stem}{suffix}"),
        mime,
        content,
    };
    match format {
        ExportFormat::Marginalia => {
            vec![file(".marginalia.json", "application/json", to_json(doc))]
        }
        ExportFormat::W3c => vec![file(
            ".w3c.jsonld",
            "application/ld+json",
            w3c::export(doc, &w3c::W3cOptions::default()),
        )],
        ExportFormat::Brat => {
            let (txt, ann) = brat::export(doc);
            vec![
                file(".txt", "text/plain", txt),
                file(".ann", "text/plain", ann),
            ]
        }
        ExportFormat::BratAnnotationsOnly => {
            vec![file(".ann", "text/plain", brat::export_ann(doc))]
        }
        ExportFormat::Doccano => vec![file(
            ".doccano.jsonl",
            "application/jsonl",
            doccano::export(doc),
        )],
        ExportFormat::LabelStudio => vec![file(
            ".label-studio.json",
            "application/json",
            labelstudio::export(doc),
        )],
        ExportFormat::Csv => vec![file(".csv", "text/csv", csv::export(doc))],
        ExportFormat::Conll => vec![file(".conll", "text/plain", conll::export(doc).text)],
    }
}

/// A file the user gave, decoded.
#[derive(Clone, Copy, Debug)]
pub struct InputFile<'a> {
    /// Its name (used only to pair brat's `.ann` with its `.txt`).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

fn is_ann(f: &InputFile) -> bool {
    f.name.to_ascii_lowercase().ends_with(".ann") || brat::looks_like(f.text)
}

/// Detects the format of a file from its content.
pub fn detect(text: &str) -> Option<FormatKind> {
    let t = text.trim_start();
    // Marginalia files start with their "format" field (see `format::to_json`).
    let head: String = t.chars().take(200).collect();
    if t.starts_with('{') && head.contains("\"format\"") && head.contains("\"marginalia\"") {
        Some(FormatKind::Marginalia)
    } else if w3c::looks_like(t) {
        Some(FormatKind::W3c)
    } else if labelstudio::looks_like(t) {
        Some(FormatKind::LabelStudio)
    } else if doccano::looks_like(t) {
        Some(FormatKind::Doccano)
    } else if brat::looks_like(t) {
        Some(FormatKind::Brat)
    } else {
        None
    }
}

/// True when `files` hold another tool's annotations (rather than an
/// article or a Marginalia file).
pub fn is_foreign(files: &[InputFile]) -> bool {
    files
        .iter()
        .any(|f| is_ann(f) || matches!(detect(f.text), Some(k) if k != FormatKind::Marginalia))
}

/// Reads another tool's annotations from `files`: brat's `.ann` with the
/// `.txt` of the same name (or the only other file), or one W3C, doccano or
/// Label Studio file.
pub fn read(files: &[InputFile]) -> Result<ForeignFile, InteropError> {
    if let Some(ann) = files.iter().find(|f| is_ann(f)) {
        let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
        let others: Vec<&InputFile> = files.iter().filter(|f| f.name != ann.name).collect();
        let txt = others
            .iter()
            .find(|f| stem(f.name) == stem(ann.name))
            .or_else(|| (others.len() == 1).then(|| &others[0]))
            .map(|f| f.text);
        return brat::import(ann.text, txt);
    }
    let Some(first) = files.first() else {
        return Err(InteropError::Unknown);
    };
    match detect(first.text) {
        Some(FormatKind::W3c) => w3c::import(first.text),
        Some(FormatKind::Doccano) => doccano::import(first.text),
        Some(FormatKind::LabelStudio) => labelstudio::import(first.text),
        _ => Err(InteropError::Unknown),
    }
}
