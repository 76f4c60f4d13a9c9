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
    /// A page whose elements nest thousands deep: no real page does, and
    /// reading it would stall the format engine.
    #[error("its elements are nested thousands of levels deep, which no real page does; it was not read")]
    TooDeep,
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
            published: None,
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
fn is_title_like(paragraph: &str) -> bool {
    paragraph.chars().count() <= 150 && !paragraph.ends_with(['.', ',', ';', ':'])
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

/// The longest second line taken for the outlet by [`parse_plain`], in
/// code points.
pub const MAX_SOURCE_CHARS: usize = 60;

/// Splits plain text into paragraphs. With blank lines present, paragraphs
/// are the blocks between them (their lines joined by spaces); otherwise
/// every line is a paragraph. A headline-like first paragraph becomes the
/// title; else `fallback_title` is used.
///
/// Text laid out like the built-in sample — a headline on line 1 and the
/// outlet on line 2 — gives the title and the source: see
/// [`headline_and_outlet`] for when line 2 counts as the outlet (otherwise
/// it stays part of the article, as before).
pub fn parse_plain(text: &str, fallback_title: &str) -> Result<Article, ArticleError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    // Paragraphs are blank-line separated when a blank (or whitespace-only)
    // line stands between two lines of text.
    let first = lines.iter().position(|line| !is_blank(line));
    let last = lines.iter().rposition(|line| !is_blank(line));
    let blank_separated = match (first, last) {
        (Some(first), Some(last)) => lines[first..last].iter().any(|line| is_blank(line)),
        _ => false,
    };
    if let Some((title, source, body)) = headline_and_outlet(&lines, blank_separated) {
        let mut article = finish_article(paragraphs(body, blank_separated), Some(title), "")?;
        article.source = Some(source);
        return Ok(article);
    }
    finish_article(paragraphs(&lines, blank_separated), None, fallback_title)
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The paragraphs of `lines`: blocks between blank lines when
/// `blank_separated`, else one per line.
fn paragraphs(lines: &[&str], blank_separated: bool) -> Vec<String> {
    let mut builder = ParagraphBuilder::new();
    for line in lines {
        if is_blank(line) || !blank_separated {
            builder.end_paragraph();
        }
        builder.push_text(line);
        builder.push_text(" ");
    }
    builder.finish()
}

/// One line with its whitespace collapsed (empty when it holds only
/// whitespace and control characters).
fn one_line(line: &str) -> String {
    let mut builder = ParagraphBuilder::new();
    builder.push_text(line);
    builder.finish().pop().unwrap_or_default()
}

/// Headline, outlet and the lines of the body, when the text starts like
/// the built-in sample. The first two lines of text are taken for a
/// headline and its outlet when all of these hold:
///
/// - line 1 reads as a headline (at most 150 code points, not ending like a
///   sentence: see `is_title_like`);
/// - line 2 follows it directly (a blank line between makes line 2 a
///   paragraph of the article);
/// - line 2 is short: at most [`MAX_SOURCE_CHARS`] code points;
/// - line 2 does not end like a sentence (`.`, `!`, `?`, `…`, `:`, `;`, `,`
///   or their CJK forms, also before a closing quote or bracket) and does
///   not begin with a lower-case letter (which continues a wrapped
///   headline);
/// - line 2 is not the start of the body: when paragraphs are separated by
///   blank lines, a blank line follows it (else it is the first line of a
///   wrapped paragraph);
/// - some text follows line 2 (the body).
fn headline_and_outlet<'a>(
    lines: &'a [&'a str],
    blank_separated: bool,
) -> Option<(String, String, &'a [&'a str])> {
    let first = lines.iter().position(|line| !is_blank(line))?;
    let (headline, outlet) = (one_line(lines[first]), one_line(lines.get(first + 1)?));
    let body = &lines[first + 2..];
    let starts_body = blank_separated && body.first().is_some_and(|line| !is_blank(line));
    let is_outlet = !outlet.is_empty()
        && outlet.chars().count() <= MAX_SOURCE_CHARS
        && !ends_like_a_sentence(&outlet)
        && !outlet.starts_with(char::is_lowercase);
    let has_body = body.iter().any(|line| !one_line(line).is_empty());
    (!headline.is_empty() && is_title_like(&headline) && is_outlet && !starts_body && has_body)
        .then_some((headline, outlet, body))
}

/// True when `line` ends with sentence punctuation, also before closing
/// quotes or brackets.
fn ends_like_a_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '」', '』', '）'])
        .ends_with([
            '.', '!', '?', '…', ':', ';', ',', '。', '！', '？', '：', '；', '，', '、',
        ])
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

    /// (text, title, source, paragraphs) of `parse_plain(text, "Pasted")`.
    fn plain(text: &str) -> (String, Option<String>, Vec<String>) {
        let a = parse_plain(text, "Pasted").unwrap();
        (a.title, a.source, a.paragraphs)
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pasted_sample_layout_gives_title_and_source() {
        let sample = include_str!("../../../articles/us-warned-iran.txt");
        assert_eq!(parse_plain(sample, "Pasted"), parse_titled(sample));
        let a = parse_plain(sample, "Pasted").unwrap();
        assert_eq!(
            a.title,
            "US Secretly Warned Iran of Potential ISIS Attack, Despite Tense Relations"
        );
        assert_eq!(a.source.as_deref(), Some("ICARO Media Group"));
        assert_eq!(a.paragraphs.len(), 7);
        // The same layout with blank lines between the paragraphs: the
        // headline and the outlet were once joined into one title.
        assert_eq!(
            plain("Headline here\nThe Outlet\n\nFirst para.\n\nSecond para.\n"),
            (
                "Headline here".into(),
                Some("The Outlet".into()),
                strings(&["First para.", "Second para."])
            )
        );
    }

    #[test]
    fn emoji_and_cjk_headlines_and_outlets() {
        assert_eq!(
            plain("東京で会議 🍵\n共同通信\n本文です。\n次の段落。"),
            (
                "東京で会議 🍵".into(),
                Some("共同通信".into()),
                strings(&["本文です。", "次の段落。"])
            )
        );
        // Code points, not bytes: 60 CJK characters (180 bytes) are short.
        let sixty = "東".repeat(MAX_SOURCE_CHARS);
        let (_, source, _) = plain(&format!("見出し 😀\n{sixty}\n本文。"));
        assert_eq!(source, Some(sixty.clone()));
        let (title, source, paragraphs) = plain(&format!("見出し 😀\n{sixty}東\n本文。"));
        assert_eq!((title.as_str(), source), ("見出し 😀", None));
        assert_eq!(
            paragraphs[0],
            format!("{sixty}東"),
            "a long line 2 is body text"
        );
        let (_, source, _) = plain("見出し\n本文です。\n次。");
        assert_eq!(source, None, "a line ending with 。 is a sentence");
    }

    #[test]
    fn second_lines_that_are_body_text_stay_in_the_article() {
        // One line, or a headline and one more line only: no body, no source.
        assert_eq!(
            plain("Just one line"),
            ("Pasted".into(), None, strings(&["Just one line"]))
        );
        assert_eq!(
            plain("Headline\nOutlet"),
            ("Headline".into(), None, strings(&["Outlet"]))
        );
        // A blank line between: line 2 is a paragraph.
        assert_eq!(
            plain("Headline\n\nOutlet\n\nBody."),
            ("Headline".into(), None, strings(&["Outlet", "Body."]))
        );
        // A sentence on line 2 (the e2e suite's corrected article).
        let note = "Editor's note: this article was corrected on 24 November.";
        assert_eq!(
            plain(&format!(
                "US Secretly Warned Iran (corrected)\n{note}\nIn a move."
            )),
            (
                "US Secretly Warned Iran (corrected)".into(),
                None,
                strings(&[note, "In a move."])
            )
        );
        let (_, source, _) = plain("Headline\n“We will act,” he said.”\nBody.");
        assert_eq!(source, None, "a full stop before a closing quote");
        // Line 2 is inside a block of lines (one paragraph), or continues
        // a wrapped headline.
        assert_eq!(
            plain("Headline\nFirst line\nwrapped.\n\nSecond."),
            (
                "Pasted".into(),
                None,
                strings(&["Headline First line wrapped.", "Second."])
            )
        );
        assert_eq!(
            plain("A headline that wraps\nonto a second line\n\nBody."),
            (
                "A headline that wraps onto a second line".into(),
                None,
                strings(&["Body."])
            )
        );
        // Line 1 is no headline: nothing is taken from the top.
        assert_eq!(
            plain("One sentence.\nOutlet\nBody."),
            (
                "Pasted".into(),
                None,
                strings(&["One sentence.", "Outlet", "Body."])
            )
        );
        let (_, source, _) = plain(&format!("Headline\n{}\nBody.", "X".repeat(61)));
        assert_eq!(source, None, "61 code points are too long");
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
