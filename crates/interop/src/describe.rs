//! What a file looks like when it is in no format Marginalia reads, so that
//! the refusal names the real reason: valid JSON (or JSON Lines) is never
//! called "not valid JSON", and a Label Studio labelling configuration is
//! named as one.

use crate::InteropError;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// How many of an object's keys a description names.
const KEYS: usize = 3;

/// The shape of a JSON value: its kind, an object's keys in file order
/// (`serde_json`'s maps sort them) and an array's items.
#[derive(Debug)]
enum Shape {
    Null,
    Bool,
    Number,
    String,
    Array(Vec<Shape>),
    Object(Vec<String>),
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Bool)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Number)
    }
    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::String)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Shape::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut keys = Vec::new();
        while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
            keys.push(k);
        }
        Ok(Shape::Object(keys))
    }
}

/// What a JSON value is, in words: `an object with keys "a", "b", "c", …`,
/// `an array of 3 objects, the first with keys "id", "text"`, `a string`…
fn value(v: &Shape) -> String {
    match v {
        Shape::Null => "null".into(),
        Shape::Bool => "true or false".into(),
        Shape::Number => "a number".into(),
        Shape::String => "a string".into(),
        Shape::Object(k) if k.is_empty() => "an empty object".into(),
        Shape::Object(k) if k.len() == 1 => format!("an object with the key {}", keys(k)),
        Shape::Object(k) => format!("an object with keys {}", keys(k)),
        Shape::Array(a) => array(a),
    }
}

/// Up to [`KEYS`] of the keys, quoted (a long one cut, control characters
/// as spaces: a hostile file's keys go into a message), then `…` when
/// there are more.
fn keys(all: &[String]) -> String {
    let shown = |k: &String| {
        let mut s: String = k
            .chars()
            .take(40)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if k.chars().count() > 40 {
            s.push('…');
        }
        format!("\"{s}\"")
    };
    let mut named: Vec<String> = all.iter().take(KEYS).map(shown).collect();
    if all.len() > KEYS {
        named.push("…".into());
    }
    named.join(", ")
}

/// An array in words: how many items and of what kind.
fn array(a: &[Shape]) -> String {
    let Some(first) = a.first() else {
        return "an empty array".into();
    };
    let kind = |v: &Shape| std::mem::discriminant(v);
    if !a.iter().all(|v| kind(v) == kind(first)) {
        return format!("an array of {} values of several kinds", a.len());
    }
    let n = a.len();
    let plural = |one: &str, many: &str| if n == 1 { one } else { many }.to_string();
    let what = match first {
        Shape::Object(k) if !k.is_empty() => {
            let of = if n == 1 { "" } else { ", the first" };
            format!("{}{of} with keys {}", plural("object", "objects"), keys(k))
        }
        Shape::Object(_) => plural("empty object", "empty objects"),
        Shape::Array(_) => plural("array", "arrays"),
        Shape::String => plural("string", "strings"),
        Shape::Number => plural("number", "numbers"),
        Shape::Bool => plural("true or false", "trues or falses"),
        Shape::Null => plural("null", "nulls"),
    };
    format!("an array of {n} {what}")
}

/// What `text` is when it is valid JSON: one value (`JSON (an object with
/// keys …)`) or several, one a line (`JSON Lines (3 lines, the first …)`)
/// or not (`JSON (2 values, the first …)`). `None` when it is not JSON.
pub fn json(text: &str) -> Option<String> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return None;
    }
    let values: Vec<Shape> = serde_json::Deserializer::from_str(t)
        .into_iter::<Shape>()
        .collect::<Result<_, _>>()
        .ok()?;
    let first = value(values.first()?);
    let n = values.len();
    if n == 1 {
        return Some(format!("JSON ({first})"));
    }
    let lines = t.lines().filter(|l| !l.trim().is_empty()).count();
    Some(if lines == n {
        format!("JSON Lines ({n} lines, the first {first})")
    } else {
        format!("JSON ({n} values, the first {first})")
    })
}

/// True when `text` is a Label Studio labelling configuration: XML whose
/// first element is `<View>` (after an XML declaration or comments).
pub fn is_label_config(text: &str) -> bool {
    let mut t = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let skipped = if t.starts_with("<?") {
            t.find("?>").map(|i| &t[i + 2..])
        } else if t.starts_with("<!--") {
            t.find("-->").map(|i| &t[i + 3..])
        } else {
            None
        };
        match skipped {
            Some(rest) => t = rest.trim_start(),
            None => break,
        }
    }
    let view = t.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("<view"));
    view && t[5..]
        .chars()
        .next()
        .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
}

/// Why files in no format Marginalia reads are refused: the first that is
/// a Label Studio labelling configuration or valid JSON (a Marginalia file
/// excepted: the app reads those) says what it is. Other text (it may be an
/// article) is [`InteropError::Unknown`].
pub fn refusal<'a>(texts: impl IntoIterator<Item = &'a str>) -> InteropError {
    for text in texts {
        if marginalia_core::format::looks_like(text.trim_start_matches('\u{feff}')) {
            continue;
        }
        if is_label_config(text) {
            return InteropError::LabelConfig;
        }
        if let Some(what) = json(text) {
            return InteropError::NotAnnotations { what };
        }
    }
    InteropError::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_are_described() {
        let page =
            r#"{"title": "東京 🍵", "byline": "Zoë", "excerpt": "e\u0301té", "content": "<p>"}"#;
        assert_eq!(
            json(page).as_deref(),
            Some(r#"JSON (an object with keys "title", "byline", "excerpt", …)"#)
        );
        assert_eq!(
            json("\u{feff} {\"a\": 1, \"🍵\": 2}").as_deref(),
            Some(r#"JSON (an object with keys "a", "🍵")"#)
        );
        assert_eq!(
            json(r#"{"hello": "world"}"#).as_deref(),
            Some(r#"JSON (an object with the key "hello")"#)
        );
        // A hostile key is cut and loses its control characters.
        let long = format!("{{\"{}\\nx{}\": 1}}", "k".repeat(39), "y".repeat(5000));
        assert_eq!(
            json(&long).as_deref().map(|d| d.chars().count()),
            Some(r#"JSON (an object with the key "")"#.chars().count() + 41)
        );
        assert!(!json(&long).unwrap().contains('\n'));
        assert_eq!(json("{}").as_deref(), Some("JSON (an empty object)"));
        assert_eq!(json("[]").as_deref(), Some("JSON (an empty array)"));
        assert_eq!(
            json(r#"[{"id": 1, "東京": "x"}, {"id": 2}]"#).as_deref(),
            Some(r#"JSON (an array of 2 objects, the first with keys "id", "東京")"#)
        );
        assert_eq!(
            json(r#"["a", "b", "c"]"#).as_deref(),
            Some("JSON (an array of 3 strings)")
        );
        assert_eq!(
            json(r#"[1, "b"]"#).as_deref(),
            Some("JSON (an array of 2 values of several kinds)")
        );
        assert_eq!(json("\"Zoë\"").as_deref(), Some("JSON (a string)"));
        assert_eq!(json("3").as_deref(), Some("JSON (a number)"));
        assert_eq!(json("null").as_deref(), Some("JSON (null)"));
        assert_eq!(
            json("{\"text\": \"a\"}\n{\"text\": \"b\"}\n").as_deref(),
            Some(r#"JSON Lines (2 lines, the first an object with the key "text")"#)
        );
        assert_eq!(
            json("{\n \"x\": 1\n}\n{\n \"x\": 2\n}").as_deref(),
            Some(r#"JSON (2 values, the first an object with the key "x")"#)
        );
    }

    #[test]
    fn what_is_not_json_is_not_described() {
        for text in [
            "",
            "  \n",
            "Just an article about 東京 🍵.",
            "{\"title\": \"cut short",
            "{\"a\": 1}\nnot json",
            "T1\tPER 0 2\t東京",
        ] {
            assert_eq!(json(text), None, "{text:?}");
        }
    }

    #[test]
    fn label_studio_configurations_are_recognised() {
        assert!(is_label_config(
            "<View>\n  <Text name=\"text\" value=\"$text\"/>\n</View>"
        ));
        assert!(is_label_config(
            "\u{feff}<?xml version=\"1.0\"?>\n<!-- 東京 -->\n<view style=\"x\">"
        ));
        assert!(!is_label_config("<Viewer>"));
        assert!(!is_label_config("<html><body>View</body></html>"));
        assert!(!is_label_config("<Vi"));
    }

    #[test]
    fn refusals_name_what_the_file_is_and_leave_ours_and_articles() {
        let e = refusal([r#"{"title": "a", "byline": "b"}"#]);
        assert_eq!(
            e.to_string(),
            r#"this is JSON (an object with keys "title", "byline"), not annotations in a format Marginalia reads (Marginalia, W3C/Hypothesis, Recogito, brat, doccano, Label Studio)"#
        );
        assert_eq!(refusal(["<View></View>"]), InteropError::LabelConfig);
        assert_eq!(
            refusal(["An article.", "{\"format\": \"marginalia\"}"]),
            InteropError::Unknown
        );
        assert_eq!(
            refusal(["An article.", "[1]"]),
            InteropError::NotAnnotations {
                what: "JSON (an array of 1 number)".into()
            }
        );
        // The real configuration of kiji-proxy, given as annotations.
        let config = std::fs::read_to_string(
            crate::testdata::shared().join("realworld/labelstudio/kiji-proxy/LabelingConfig.txt"),
        )
        .unwrap();
        assert_eq!(refusal([config.as_str()]), InteropError::LabelConfig);
        let inputs = [crate::files::InputFile {
            name: "LabelingConfig.txt",
            text: &config,
        }];
        assert_eq!(crate::files::read(&inputs), Err(InteropError::LabelConfig));
    }
}
