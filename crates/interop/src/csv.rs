//! CSV, one row per annotation (export only), for spreadsheets and scripts.
//!
//! **Offset unit: Unicode code points** (`start`, `end`; `end` exclusive),
//! Marginalia's own offsets: Python's `text[start:end]` gives the quote.
//!
//! The file follows RFC 4180: a header `id,tag,start,end,quote,note,created`,
//! then one record per annotation in text order; records end in CRLF; a
//! field holding a comma, a double quote, CR or LF is enclosed in double
//! quotes, with each double quote inside doubled. Line breaks inside a
//! quoted field (a quote crossing paragraphs, a note of several lines) are
//! kept as they are. No byte-order mark is written (spreadsheet programs
//! that need one to see UTF-8 can be given `"\u{feff}"` + the file).
//!
//! The file carries each annotation's quoted text but not the article, so
//! the CSV export is also the "annotations only" export: there is no
//! separate variant.

use marginalia_core::document::Document;

/// The header record (without its line end).
pub const HEADER: &str = "id,tag,start,end,quote,note,created";

/// Appends `field` to `out`, quoted when RFC 4180 requires it.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Writes the annotations of `doc` as CSV (header included). Offsets are
/// code points.
pub fn export(doc: &Document) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\r\n");
    for a in doc.annotations() {
        let start = a.start.to_string();
        let end = a.end.to_string();
        let fields = [
            a.id.as_str(),
            a.tag.as_str(),
            &start,
            &end,
            doc.quote(a),
            &a.note,
            a.created.as_str(),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::annotation::Tag;
    use marginalia_core::document::Command;
    use marginalia_core::testing::{ann, doc};

    /// A small RFC 4180 reader, to check that what is written reads back.
    fn parse(s: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = s.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "bare CR outside quotes");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (false, '\n') => panic!("bare LF outside quotes"),
                (false, c) => field.push(c),
            }
        }
        assert!(field.is_empty() && record.is_empty(), "no CRLF at the end");
        records
    }

    #[test]
    fn writes_rfc4180_with_code_point_offsets() {
        let text = "He said \"no, never\".\nTea 🍵 in 東京, e\u{301}té.";
        let mut d = doc(text);
        let mut a = ann("a1", Tag::Quote, 8, 19);
        a.note = "comma, \"quotes\"\nand a line".into();
        d.apply(Command::Add(a)).unwrap();
        // "Tea 🍵" starts after the newline at 20; the cup is one code point.
        d.apply(Command::Add(ann("a2", Tag::Source, 25, 26)))
            .unwrap();
        d.apply(Command::Add(ann("a3", Tag::Claim, 13, 26)))
            .unwrap();
        d.apply(Command::Add(ann("a4", Tag::Claim, 34, 38)))
            .unwrap();
        let out = export(&d);
        assert!(out.starts_with("id,tag,start,end,quote,note,created\r\n"));
        assert!(out.contains("a1,quote,8,19,\"\"\"no, never\"\"\",\"comma, \"\"quotes\"\"\nand a line\",2026-11-24T10:00:00Z\r\n"));
        let rows = parse(&out);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], HEADER.split(',').collect::<Vec<_>>());
        let t = marginalia_core::text::Text::new(text);
        for r in &rows[1..] {
            assert_eq!(r.len(), 7);
            let (s, e): (usize, usize) = (r[2].parse().unwrap(), r[3].parse().unwrap());
            assert_eq!(r[4], t.slice(s..e), "row {r:?}");
        }
        let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["a1", "a3", "a2", "a4"]);
        assert_eq!(rows[2][4], "never\".\nTea 🍵");
        assert_eq!(rows[3][4], "🍵");
        assert_eq!(rows[4][4], "e\u{301}té");
        assert_eq!(rows[1][5], "comma, \"quotes\"\nand a line");
    }

    #[test]
    fn empty_document_is_just_the_header() {
        assert_eq!(
            export(&doc("text")),
            "id,tag,start,end,quote,note,created\r\n"
        );
    }

    #[test]
    fn plain_fields_are_not_quoted() {
        let mut out = String::new();
        push_field(&mut out, "plain text; ok");
        push_field(&mut out, "cr\r");
        assert_eq!(out, "plain text; ok\"cr\r\"");
    }
}
