//! Fields read leniently from JSON: [`LooseU64`] and [`LooseString`] take
//! any JSON value and keep it only when it is of their type, so a header
//! can be checked (and a clear message given) whatever a file holds there.
//! They stand in for `serde_json::Value`, whose reader, tree and
//! deserializer the app would otherwise carry only for these checks.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value kept when it is a non-negative integer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LooseU64(pub Option<u64>);

/// A JSON value kept when it is a string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LooseString(pub Option<String>);

/// Accepts any value; `keep` turns the scalars it wants into `T`.
struct Any<T>(std::marker::PhantomData<T>);

macro_rules! ignore_rest {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}

impl<'de> Visitor<'de> for Any<LooseU64> {
    type Value = LooseU64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseU64, E> {
        Ok(LooseU64(Some(v)))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<LooseU64, E> {
        Ok(LooseU64(None))
    }
    ignore_rest!();
}

impl<'de> Visitor<'de> for Any<LooseString> {
    type Value = LooseString;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<LooseString, E> {
        Ok(LooseString(None))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseString, E> {
        Ok(LooseString(Some(v.to_string())))
    }
    ignore_rest!();
}

impl<'de> Deserialize<'de> for LooseU64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any::<LooseU64>(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any::<LooseString>(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Header {
        #[serde(default)]
        format: LooseString,
        #[serde(default)]
        version: LooseU64,
    }

    fn read(json: &str) -> (Option<String>, Option<u64>) {
        let h: Header = serde_json::from_str(json).unwrap();
        (h.format.0, h.version.0)
    }

    #[test]
    fn keeps_values_of_its_type_and_skips_any_other() {
        assert_eq!(
            read(r#"{"format": "東京 🍵", "version": 3}"#),
            (Some("東京 🍵".into()), Some(3))
        );
        assert_eq!(read(r#"{"format": 3, "version": "3"}"#), (None, None));
        assert_eq!(
            read(r#"{"format": ["a", {"b": [1]}], "version": {"x": null}, "other": 1}"#),
            (None, None)
        );
        assert_eq!(read(r#"{"version": -1.5}"#), (None, None));
        assert_eq!(read(r#"{"format": null, "version": true}"#), (None, None));
        assert_eq!(read("{}"), (None, None));
        assert!(serde_json::from_str::<Header>(r#"{"format": [1,"#).is_err());
    }
}

/// The `format` and `version` fields of a file's header, read whatever the
/// file holds there (to say clearly what is wrong with it).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Header {
    /// `format`, when it is a string.
    #[serde(default)]
    pub format: LooseString,
    /// `version`, when it is a whole number.
    #[serde(default)]
    pub version: LooseU64,
}
