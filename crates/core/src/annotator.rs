//! Who made an annotation: an annotator's id (stable, made once per
//! browser profile, or taken from the file their work came in) and the name
//! they go by. A document keeps the names of the annotators its
//! annotations name ([`crate::Document::annotators`]).

use serde::{Deserialize, Serialize};
use std::fmt;

crate::annotation::id_type!(
    /// Identifies an annotator (`a-3f9c…`); never shown, never changed.
    AnnotatorId
);

impl AnnotatorId {
    /// The id of an annotator another tool names `raw` (a user id, a file
    /// suffix), as `{prefix}-{raw}`: white space and control characters as
    /// `_`, cut to fit the id's length. `None` when that is still no id.
    pub fn of_foreign(prefix: &str, raw: &str) -> Option<Self> {
        let token: String = raw
            .chars()
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .take(180)
            .collect();
        Self::new(format!("{prefix}-{token}")).ok()
    }
}

/// An annotator: their id and the name they go by (may be empty until
/// they give one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotator {
    /// Their id.
    pub id: AnnotatorId,
    /// Their name (`Ana Ruiz`), as they set it.
    #[serde(default)]
    pub name: String,
}

/// The longest name kept, in code points.
pub const MAX_NAME: usize = 100;

impl Annotator {
    /// An annotator with `name` trimmed, control characters as spaces, cut
    /// to [`MAX_NAME`] code points.
    pub fn new(id: AnnotatorId, name: &str) -> Self {
        let cleaned: String = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let name: String = cleaned.trim().chars().take(MAX_NAME).collect();
        Annotator {
            id,
            name: name.trim_end().to_string(),
        }
    }

    /// As stored: `{"id", "name"}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data always serialises")
    }

    /// Read back from [`Annotator::to_json`]; `None` when it is not that.
    pub fn from_json(raw: &str) -> Option<Self> {
        serde_json::from_str(raw).ok()
    }

    /// Their initials, to tell their annotations apart without colour:
    /// the first letters of their name's first and last words, in upper
    /// case (`Ana María Ruiz` → `AR`, `bo` → `B`), or `?` when unnamed.
    pub fn initials(&self) -> String {
        let mut words = self.name.split_whitespace();
        let first = words.next().and_then(|w| w.chars().next());
        let last = words.next_back().and_then(|w| w.chars().next());
        let letters: String = first
            .into_iter()
            .chain(last)
            .flat_map(char::to_uppercase)
            .collect();
        if letters.is_empty() {
            "?".into()
        } else {
            letters
        }
    }

    /// The name to show: theirs, or "Unnamed annotator".
    pub fn shown_name(&self) -> &str {
        if self.name.is_empty() {
            "Unnamed annotator"
        } else {
            &self.name
        }
    }
}

impl fmt::Display for Annotator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shown_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_ids_are_made_valid() {
        let id = AnnotatorId::of_foreign("lab", "ana ruiz\u{7}").unwrap();
        assert_eq!(id.as_str(), "lab-ana_ruiz_");
        let long = "x".repeat(500);
        assert!(AnnotatorId::of_foreign("lab", &long).is_some());
    }

    #[test]
    fn initials_take_the_first_and_last_words() {
        let id = AnnotatorId::new("a-1").unwrap();
        let of = |name: &str| Annotator::new(id.clone(), name).initials();
        assert_eq!(of("Ana María Ruiz"), "AR");
        assert_eq!(of("bo"), "B");
        assert_eq!(of("éloïse 王"), "É王");
        assert_eq!(of(""), "?");
    }

    #[test]
    fn names_are_cleaned_and_cut() {
        let id = AnnotatorId::new("a-1").unwrap();
        let a = Annotator::new(id.clone(), "  Ana\tRuiz\n ");
        assert_eq!(a.name, "Ana Ruiz");
        let long = "é".repeat(150);
        assert_eq!(
            Annotator::new(id.clone(), &long).name.chars().count(),
            MAX_NAME
        );
        assert_eq!(Annotator::new(id, " ").shown_name(), "Unnamed annotator");
        assert!(AnnotatorId::new("a b").is_err());
    }
}
