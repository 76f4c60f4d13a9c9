//! CSV, one row per annotation (export only), for spreadsheets and scripts.
//!
//! **Offset unit: Unicode code points** (`start`, `end`; `end` exclusive),
//! Marginalia's own offsets: Python's `text[start:end]` gives the quote.
//! A multi-part annotation is one record too: `start` and `end` are its
//! extent, `parts` lists its spans as `start-end` separated by `;`
//! (`10-20;35-60`; empty for an annotation of one span), and `quote` is the
//! parts' text joined by ` … `.
//!
//! Attribute values follow, one column per attribute name that any
//! annotation has a value for, in name order, headed `attr:{name}` (empty
//! where an annotation has none).
//!
//! `annotator` is the name of who made it (empty when not recorded or
//! unnamed).
//!
//! The file follows RFC 4180: a header
//! `id,tag,start,end,quote,note,created,parts,annotator` (then the
//! attribute columns),
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
//!
//! Relations go to a second file ([`export_relations`], when the document
//! has any between annotations the first file lists), the same way:
//! header [`RELATIONS_HEADER`], one record per relation in the order they
//! were made, `from` and `to` being ids of the first file (so a spreadsheet
//! or `pandas.merge` joins them), with the tags and quotes of both ends
//! repeated for reading without a join.

use marginalia_core::document::Document;

/// The header record (without its line end).
pub const HEADER: &str = "id,tag,start,end,quote,note,created,parts,annotator";

/// The header record of the relations file (without its line end).
pub const RELATIONS_HEADER: &str =
    "id,type,from,to,from_tag,to_tag,from_quote,to_quote,note,created";

/// Appends one record of `fields` and its CRLF to `out`.
fn push_record(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f);
    }
    out.push_str("\r\n");
}

/// Writes the relations of `doc` between placed annotations as CSV (header
/// included), or `None` when there are none.
pub fn export_relations(doc: &Document) -> Option<String> {
    let mut out = String::from(RELATIONS_HEADER);
    out.push_str("\r\n");
    let mut any = false;
    for r in doc.relations() {
        let (Some(from), Some(to)) = (doc.annotation(&r.from), doc.annotation(&r.to)) else {
            continue;
        };
        any = true;
        push_record(
            &mut out,
            &[
                r.id.as_str(),
                r.kind.as_str(),
                from.id.as_str(),
                to.id.as_str(),
                from.tag.as_str(),
                to.tag.as_str(),
                &doc.quote(from),
                &doc.quote(to),
                &r.note,
                r.created.as_str(),
            ],
        );
    }
    any.then_some(out)
}

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
    let names: std::collections::BTreeSet<&str> = doc
        .annotations()
        .flat_map(|a| a.attributes.keys().map(String::as_str))
        .collect();
    let mut out = String::from(HEADER);
    for name in &names {
        out.push(',');
        push_field(&mut out, &format!("attr:{name}"));
    }
    out.push_str("\r\n");
    for a in doc.annotations() {
        let start = a.start.to_string();
        let end = a.end.to_string();
        let parts: Vec<String> = a
            .parts
            .iter()
            .map(|p| format!("{}-{}", p.start, p.end))
            .collect();
        let parts = parts.join(";");
        let quote = doc.quote(a);
        let annotator = (a.annotator.as_ref())
            .and_then(|id| doc.annotator(id))
            .map_or("", |who| who.name.as_str());
        let mut fields: Vec<&str> = vec![
            a.id.as_str(),
            a.tag.as_str(),
            &start,
            &end,
            &quote,
            &a.note,
            a.created.as_str(),
            &parts,
            annotator,
        ];
        fields.extend(
            names
                .iter()
                .map(|n| a.attributes.get(*n).map_or("", String::as_str)),
        );
        push_record(&mut out, &fields);
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
        d.apply(Command::Add(
            ann("a5", Tag::Quote, 0, 1)
                .with_parts([0..2, 9..11])
                .unwrap(),
        ))
        .unwrap();
        let out = export(&d);
        assert!(out.starts_with("id,tag,start,end,quote,note,created,parts,annotator\r\n"));
        assert!(out.contains("a1,quote,8,19,\"\"\"no, never\"\"\",\"comma, \"\"quotes\"\"\nand a line\",2026-11-24T10:00:00Z,,\r\n"));
        assert!(out.contains("a5,quote,0,11,He … no,,2026-11-24T10:00:00Z,0-2;9-11,\r\n"));
        let rows = parse(&out);
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0], HEADER.split(',').collect::<Vec<_>>());
        let t = marginalia_core::text::Text::new(text);
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r[0] != "a5").collect();
        for r in &rows[1..] {
            assert_eq!(r.len(), 9);
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
    fn relations_are_a_second_file_joined_by_ids() {
        let text = "Ann said \"東京 🍵, yes\".";
        let mut d = doc(text);
        assert_eq!(export_relations(&d), None, "no relations, no file");
        d.apply(Command::Add(ann("s", Tag::Source, 0, 3))).unwrap();
        d.apply(Command::Add(ann("q", Tag::Quote, 10, 19))).unwrap();
        d.apply(Command::AddRelation(marginalia_core::Relation {
            id: marginalia_core::RelationId::new("r1").unwrap(),
            kind: marginalia_core::RelationKind::attributed_to(),
            from: marginalia_core::AnnotationId::new("q").unwrap(),
            to: marginalia_core::AnnotationId::new("s").unwrap(),
            note: "said, \"firmly\"".into(),
            created: marginalia_core::testing::ts("00"),
        }))
        .unwrap();
        let rows = parse(&export_relations(&d).unwrap());
        assert_eq!(rows[0].join(","), RELATIONS_HEADER);
        assert_eq!(
            rows[1],
            [
                "r1",
                "attributed to",
                "q",
                "s",
                "quote",
                "source",
                "東京 🍵, yes",
                "Ann",
                "said, \"firmly\"",
                "2026-11-24T10:00:00Z"
            ]
        );
        assert_eq!(rows.len(), 2);
        // The ends are rows of the annotations file.
        let ids: Vec<String> = parse(&export(&d))
            .into_iter()
            .skip(1)
            .map(|r| r[0].clone())
            .collect();
        assert!(ids.contains(&rows[1][2]) && ids.contains(&rows[1][3]));
    }

    #[test]
    fn attribute_values_are_columns_of_their_own() {
        let mut d = doc("Ann said \"yes, now\".");
        let mut q = ann("q", Tag::Quote, 10, 19);
        q.attributes.insert("kind".into(), "direct".into());
        q.attributes.insert("tone, mood".into(), "calm".into());
        d.apply(Command::Add(q)).unwrap();
        d.apply(Command::Add(ann("s", Tag::Source, 0, 3))).unwrap();
        let rows = parse(&export(&d));
        assert_eq!(rows[0][9..], ["attr:kind", "attr:tone, mood"]);
        assert_eq!(rows[1][0], "s");
        assert_eq!(rows[1][9..], ["", ""]);
        assert_eq!(rows[2][9..], ["direct", "calm"]);
    }

    #[test]
    fn empty_document_is_just_the_header() {
        assert_eq!(
            export(&doc("text")),
            "id,tag,start,end,quote,note,created,parts,annotator\r\n"
        );
    }

    #[test]
    fn plain_fields_are_not_quoted() {
        let mut out = String::new();
        push_field(&mut out, "plain text; ok");
        push_field(&mut out, "cr\r");
        assert_eq!(out, "plain text; ok\"cr\r\"");
    }

    #[test]
    fn the_annotator_column_names_who_made_each_annotation() {
        let mut d = doc("Ann said yes.");
        let ana = marginalia_core::Annotator::new(
            marginalia_core::AnnotatorId::new("a-1").unwrap(),
            "Ana, Ruiz",
        );
        let mut q = ann("q", Tag::Quote, 9, 12);
        q.annotator = Some(ana.id.clone());
        d.apply(Command::Batch(vec![
            d.record_annotator(&ana).unwrap(),
            Command::Add(q),
        ]))
        .unwrap();
        d.apply(Command::Add(ann("s", Tag::Source, 0, 3))).unwrap();
        let rows = parse(&export(&d));
        assert_eq!(rows[1][8], "", "not recorded");
        assert_eq!(rows[2][8], "Ana, Ruiz");
    }
}
