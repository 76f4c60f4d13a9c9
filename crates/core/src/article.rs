//! Turning loaded files and pasted text into articles: decoding bytes,
//! recognising the kind of text, and splitting it into paragraphs.

use crate::annotation::{DocumentId, Timestamp};
use crate::document::{Document, Metadata};
use crate::text::Text;
use thiserror::Error;

/// The largest file (or pasted text) accepted, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The largest file read at all (annotation files of long, densely
/// annotated articles outgrow [`MAX_BYTES`]: a W3C export of 10,000
/// annotations is about 11 MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Why a file or text cannot become an article. Nothing is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArticleError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// Over [`MAX_BYTES`].
    #[error("the file is too large ({} MB); the limit is 10 MB", .0 / 1_000_000)]
    TooLarge(usize),
    /// A file over [`MAX_FILE_BYTES`].
    #[error("the file is too large ({} MB); the limit is 64 MB", .0 / 1_000_000)]
    FileTooLarge(usize),
    /// Looks like a binary file (image, PDF, archive…).
    #[error("this does not look like a text file (it contains binary data); open a .txt, .md or .html file")]
    Binary,
    /// Decoded fine but holds no readable text.
    #[error("there is no readable text in it")]
    NoText,
}

/// How the bytes of a file were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// Not valid UTF-8, read as Windows-1252 (Latin-1 superset).
    Windows1252,
}

/// What kind of text a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: paragraphs separated by blank lines, or one per line.
    Plain,
    /// Markdown.
    Markdown,
    /// An HTML page.
    Html,
}

/// An article ready to annotate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Outlet, if known.
    pub source: Option<String>,
    /// Non-empty paragraphs without newlines.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// Makes a new document of this article.
    pub fn into_document(
        self,
        id: DocumentId,
        now: Timestamp,
        attribution: Option<String>,
    ) -> Document {
        let meta = Metadata {
            title: self.title,
            source: self.source,
            url: None,
            attribution,
        };
        Document::new(id, meta, Text::new(self.paragraphs.join("\n")), now)
    }
}

/// Decodes file bytes as text, refusing empty, oversized (over
/// [`MAX_FILE_BYTES`]) and binary files. Article text is held to
/// [`MAX_BYTES`] by the caller.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ArticleError> {
    if bytes.is_empty() {
        return Err(ArticleError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ArticleError::FileTooLarge(bytes.len()));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Encoding::Windows1252,
        ),
    };
    if looks_binary(&text) {
        return Err(ArticleError::Binary);
    }
    Ok((text, encoding))
}

fn decode_utf16(
    bytes: &[u8],
    read: fn([u8; 2]) -> u16,
) -> Result<(String, Encoding), ArticleError> {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    let text: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| ArticleError::Binary)?;
    if looks_binary(&text) {
        return Err(ArticleError::Binary);
    }
    Ok((text, Encoding::Utf16))
}

/// How much of a text [`looks_binary`] reads: binary formats show
/// themselves at the start (git and `file` read less).
const SNIFF_BYTES: usize = 64 * 1024;

/// A text whose first 64 KiB hold a NUL character, or more than 1 control
/// character (other than whitespace) in 100, is taken for binary data.
fn looks_binary(text: &str) -> bool {
    let bytes = &text.as_bytes()[..text.len().min(SNIFF_BYTES)];
    if bytes.contains(&0) {
        return true;
    }
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut after_c2 = false;
    for &b in bytes {
        // Each character has exactly one byte that is not a continuation.
        total += usize::from(b & 0xC0 != 0x80);
        // C0 controls and DEL, except the whitespace ones (\t \n \v \f \r);
        // C1 controls are C2 80..C2 9F in UTF-8, except U+0085 (whitespace).
        let control = matches!(b, 0x01..=0x08 | 0x0E..=0x1F | 0x7F)
            || (after_c2 && matches!(b, 0x80..=0x84 | 0x86..=0x9F));
        controls += usize::from(control);
        after_c2 = b == 0xC2;
    }
    controls * 100 > total
}

/// The characters Windows-1252 puts at 0x80–0x9F (the rest is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn windows_1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Recognises HTML by its content first (a doctype, `<html>`, `<body>` or a
/// paragraph tag near the start), then Markdown and HTML by file extension.
pub fn sniff(file_name: &str, text: &str) -> Kind {
    let head: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<p ")
    {
        return Kind::Html;
    }
    let name = file_name.to_ascii_lowercase();
    if name.ends_with(".md") || name.ends_with(".markdown") {
        Kind::Markdown
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Kind::Html
    } else {
        Kind::Plain
    }
}

/// Collects paragraphs from a stream of text pieces, collapsing whitespace
/// the way HTML renders it and dropping control characters.
#[derive(Debug, Default)]
pub struct ParagraphBuilder {
    done: Vec<String>,
    current: String,
    space: bool,
}

impl ParagraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends text to the current paragraph.
    pub fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{A0}' {
                self.space = !self.current.is_empty();
            } else if !c.is_control() {
                if self.space {
                    self.current.push(' ');
                    self.space = false;
                }
                self.current.push(c);
            }
        }
    }

    /// Ends the current paragraph (nothing happens if it is empty).
    pub fn end_paragraph(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.space = false;
    }

    /// The paragraphs collected.
    pub fn finish(mut self) -> Vec<String> {
        self.end_paragraph();
        self.done
    }
}

/// A first paragraph short enough, and not ending like a sentence, reads as
/// a headline.
fn is_title_like(p: &str) -> bool {
    let n = p.chars().count();
    n <= 150 && !p.ends_with(['.', ',', ';', ':'])
}

pub(crate) fn finish_article(
    mut paragraphs: Vec<String>,
    title: Option<String>,
    fallback_title: &str,
) -> Result<Article, ArticleError> {
    let title = match title {
        Some(t) => t,
        None if paragraphs.len() >= 2 && is_title_like(&paragraphs[0]) => paragraphs.remove(0),
        None => fallback_title.to_string(),
    };
    if paragraphs.is_empty() {
        return Err(ArticleError::NoText);
    }
    Ok(Article {
        title,
        source: None,
        paragraphs,
    })
}

/// Splits plain text into paragraphs. With blank lines present, paragraphs
/// are the blocks between them (their lines joined by spaces); otherwise
/// every line is a paragraph. A headline-like first paragraph becomes the
/// title; else `fallback_title` is used.
pub fn parse_plain(text: &str, fallback_title: &str) -> Result<Article, ArticleError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // Paragraphs are blank-line separated when a blank (or whitespace-only)
    // line stands between two lines of text.
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let blank_separated = match (first, last) {
        (Some(f), Some(l)) => lines[f..l].iter().any(|l| l.trim().is_empty()),
        _ => false,
    };
    let mut b = ParagraphBuilder::new();
    for line in text.lines() {
        if line.trim().is_empty() || !blank_separated {
            b.end_paragraph();
        }
        b.push_text(line);
        b.push_text(" ");
    }
    finish_article(b.finish(), None, fallback_title)
}

/// Reads the built-in sample format: title on line 1, outlet on line 2,
/// then one paragraph per line.
pub fn parse_titled(text: &str) -> Result<Article, ArticleError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().ok_or(ArticleError::NoText)?.to_string();
    let source = lines.next().map(str::to_string);
    let paragraphs: Vec<String> = lines.map(str::to_string).collect();
    if paragraphs.is_empty() {
        return Err(ArticleError::NoText);
    }
    Ok(Article {
        title,
        source,
        paragraphs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte-level check agrees with the definition on characters.
        #[test]
        fn binary_check_matches_its_definition(text in "[\\x00-\\x{A0}a-z é東😀]{0,40}") {
            let chars = text.chars().count();
            let controls = text.chars().filter(|c| c.is_control() && !c.is_whitespace()).count();
            let expected = text.contains('\0') || controls * 100 > chars;
            prop_assert_eq!(looks_binary(&text), expected);
        }
    }

    #[test]
    fn decode_refuses_bad_files() {
        assert_eq!(decode(b""), Err(ArticleError::Empty));
        assert_eq!(
            decode(&vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(ArticleError::FileTooLarge(MAX_FILE_BYTES + 1))
        );
        assert!(
            decode(&vec![b'a'; MAX_BYTES + 1]).is_ok(),
            "an annotation file may be larger than an article"
        );
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ArticleError::Binary)
        );
        assert_eq!(
            decode(b"%PDF-1.7\n\x01\x02\x03\x04 binary"),
            Err(ArticleError::Binary)
        );
        assert!(ArticleError::TooLarge(12_000_000)
            .to_string()
            .contains("12 MB"));
    }

    #[test]
    fn decode_reads_utf8_utf16_and_latin() {
        assert_eq!(
            decode("\u{FEFF}Tea 🍵".as_bytes()),
            Ok(("Tea 🍵".into(), Encoding::Utf8))
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("東京".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), Ok(("東京".into(), Encoding::Utf16)));
        assert_eq!(
            decode(b"caf\xe9 \x93ok\x94"),
            Ok(("café “ok”".into(), Encoding::Windows1252))
        );
    }

    #[test]
    fn sniff_prefers_content() {
        assert_eq!(sniff("a.txt", "  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff("a.txt", "<p>Hello</p>"), Kind::Html);
        assert_eq!(sniff("notes.MD", "# Title"), Kind::Markdown);
        assert_eq!(sniff("page.htm", "just text"), Kind::Html);
        assert_eq!(sniff("a.txt", "a < b and c > d"), Kind::Plain);
    }

    #[test]
    fn plain_text_paragraphs() {
        let a = parse_plain(
            "Headline here\r\n\r\nFirst line\nwrapped.\n\n\nSecond para.  \n",
            "x",
        )
        .unwrap();
        assert_eq!(a.title, "Headline here");
        assert_eq!(a.paragraphs, vec!["First line wrapped.", "Second para."]);
        let spaced = parse_plain("Title\n \t\nwrapped\nline\n   \nnext", "x").unwrap();
        assert_eq!(
            spaced.paragraphs,
            vec!["wrapped line", "next"],
            "whitespace-only lines separate"
        );
        let b = parse_plain("\n\nOne sentence.\nTwo sentence.\n\n", "Pasted").unwrap();
        assert_eq!(b.title, "Pasted");
        assert_eq!(b.paragraphs, vec!["One sentence.", "Two sentence."]);
        assert_eq!(parse_plain(" \n\t\n", "x"), Err(ArticleError::NoText));
    }

    #[test]
    fn titled_sample_format() {
        let a = parse_titled("The Title\nOutlet\nP1 🍵.\n\nP2.\n").unwrap();
        assert_eq!(a.title, "The Title");
        assert_eq!(a.source.as_deref(), Some("Outlet"));
        assert_eq!(a.paragraphs, vec!["P1 🍵.", "P2."]);
        assert_eq!(parse_titled("Only\nTwo"), Err(ArticleError::NoText));
    }

    #[test]
    fn builder_collapses_whitespace() {
        let mut b = ParagraphBuilder::new();
        b.push_text("  a \n\t b\u{1}c ");
        b.push_text(" d\u{A0}e");
        b.end_paragraph();
        b.end_paragraph();
        b.push_text("f");
        assert_eq!(b.finish(), vec!["a bc d\u{A0}e", "f"]);
    }

    #[test]
    fn article_becomes_document_with_joined_text() {
        let a = parse_titled("T\nO\nA\nB").unwrap();
        let d = a.into_document(
            DocumentId::new("d").unwrap(),
            Timestamp::new("2026-01-01T00:00:00Z").unwrap(),
            Some("credit".into()),
        );
        assert_eq!(d.text().as_str(), "A\nB");
        assert_eq!(d.meta().source.as_deref(), Some("O"));
        assert_eq!(d.meta().attribution.as_deref(), Some("credit"));
    }
}
