//! The file as it is read: a JSON tree whose objects are structs of the
//! fields the reader looks at (the others are skipped unread), each field a
//! [`Json`] value so that a value of the wrong kind is reported at its place
//! ([`Path`]) rather than failing the whole file.

use serde::de::value::MapAccessDeserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A JSON value whose objects are read as `O`. Strings are borrowed from the
/// file (unless they hold escapes); of numbers other than whole ones, and
/// of `true`/`false`, only their kind is kept, for messages.
#[derive(Default)]
pub(super) enum Json<'a, O> {
    /// The field is not in its object.
    #[default]
    Missing,
    Null,
    Str(Cow<'a, str>),
    /// A whole number of at least 0.
    Uint(u64),
    /// A negative whole number.
    Int(i64),
    /// A fraction, `true` or `false`: what it is.
    Other(&'static str),
    List(Vec<Json<'a, O>>),
    Object(Box<O>),
}

impl<'de: 'a, 'a, O: Deserialize<'de>> Deserialize<'de> for Json<'a, O> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor(PhantomData))
    }
}

/// Builds a [`Json`] from whatever the deserializer holds.
struct JsonVisitor<'a, O>(PhantomData<Json<'a, O>>);

impl<'de: 'a, 'a, O: Deserialize<'de>> Visitor<'de> for JsonVisitor<'a, O> {
    type Value = Json<'a, O>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Json::Other("true or false"))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Uint(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(u64::try_from(n).map_or(Json::Int(n), Json::Uint))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Json::Other("a fraction"))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            list.push(item);
        }
        Ok(Json::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        O::deserialize(MapAccessDeserializer::new(map)).map(|o| Json::Object(Box::new(o)))
    }
}

impl<O> Json<'_, O> {
    /// Whether the field is in its object (`null` included).
    pub(super) fn is_there(&self) -> bool {
        !matches!(self, Json::Missing)
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    pub(super) fn as_object(&self) -> Option<&O> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, or the strings of a list.
    pub(super) fn strings(&self) -> impl Iterator<Item = &str> + '_ {
        let (one, list) = match self {
            Json::Str(s) => (Some(s.as_ref()), &[][..]),
            Json::List(list) => (None, &list[..]),
            _ => (None, &[][..]),
        };
        one.into_iter().chain(list.iter().filter_map(Json::as_str))
    }

    /// The first of [`Json::strings`] that is not blank.
    pub(super) fn first_string(&self) -> Option<String> {
        self.strings()
            .find(|s| !s.trim().is_empty())
            .map(str::to_string)
    }

    /// What it is, for messages (no float formatting).
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Json::Missing => "missing",
            Json::Null => "null",
            Json::Str(_) => "a string",
            Json::Uint(_) => "a number this large",
            Json::Int(_) => "a negative number",
            Json::Other(kind) => kind,
            Json::List(_) => "a list",
            Json::Object(_) => "an object",
        }
    }
}

/// A value whose content is not looked at (its objects are skipped).
pub(super) type Plain<'a> = Json<'a, IgnoredAny>;

/// Objects with a `type` (or JSON-LD `@type`).
pub(super) trait Typed<'a> {
    /// Its `type` and `@type` fields.
    fn type_fields(&self) -> (&Plain<'a>, &Plain<'a>);

    /// The values of `type` (`@type` when there is no `type`), without an
    /// `oa:` prefix.
    fn types<'s>(&'s self) -> impl Iterator<Item = &'s str>
    where
        'a: 's,
    {
        let (kind, at_kind) = self.type_fields();
        let kind = if kind.is_there() { kind } else { at_kind };
        kind.strings().map(|t| t.strip_prefix("oa:").unwrap_or(t))
    }
}

/// Where a value is in the file (e.g. `first.items[3].target`), written
/// out only when a message needs it.
#[derive(Clone, Copy)]
pub(super) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'static str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    /// The field `name` of the object here.
    pub(super) fn key(&'p self, name: &'static str) -> Path<'p> {
        Path::Key(self, name)
    }

    /// The item `i` of the list here.
    pub(super) fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }

    /// How messages name the item at this place.
    pub(super) fn place(&self) -> String {
        match self {
            Path::Root => "the annotation".into(),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}
