//! IRIs: the `urn:sha256:` that names a text, the percent-encoding of ids
//! in IRI path segments, and a rough test of an absolute IRI.
//!
//! SHA-256 is the `sha2` crate and percent-encoding the `percent-encoding`
//! crate (RustCrypto's and rust-url's, both well kept) rather than code of
//! our own: each costs under the few KB (gzip) we allow a well-kept crate.
//! Measured on 2026-12-02 with a throwaway cdylib calling `w3c::export` and
//! `w3c::import`, built for wasm32 with opt-level "z", LTO, one codegen
//! unit, `wasm-opt -Oz` (binaryen 132) and `gzip -9`: 50,990 bytes with
//! both written out here, 52,258 with `percent-encoding` (+1.3 KB), 54,640
//! with `sha2` as well (+2.4 KB more, +3.6 KB in all; 126,425 bytes before
//! gzip). That is the worker's code, not the app's first load. The outputs
//! are the same bytes: the FIPS vectors and the id encodings are tested in
//! `tests/export.rs`.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// The IRI that names a text with no URL: `urn:sha256:` and the lowercase
/// hex SHA-256 of its UTF-8 bytes. Two exports of the same text share it, so
/// an importer can tell whether a file was made on the text it has open.
pub fn text_urn(text: &str) -> String {
    const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(11 + 64);
    out.push_str("urn:sha256:");
    for b in Sha256::digest(text.as_bytes()) {
        out.push(HEX_LOWER[usize::from(b >> 4)] as char);
        out.push(HEX_LOWER[usize::from(b & 15)] as char);
    }
    out
}

/// What an id must not hold as it is in a path segment: everything but
/// ASCII letters, digits and `-._~` (RFC 3986's unreserved characters).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes (upper-case hex) everything but ASCII letters, digits
/// and `-._~`, so an id is one IRI path segment whatever it contains.
pub(super) fn encode_segment(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).collect()
}

/// Undoes [`encode_segment`]; `None` when an escape is malformed (a `%` not
/// followed by two hex digits, which `percent-encoding` would keep as it
/// is) or the bytes are not UTF-8.
pub(super) fn decode_segment(s: &str) -> Option<String> {
    let mut escapes = s.split('%').skip(1);
    if !escapes.all(|rest| {
        rest.get(..2)
            .is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
    }) {
        return None;
    }
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|cow| cow.into_owned())
}

/// An absolute IRI, roughly: a scheme, a colon, something after it, and no
/// whitespace, control characters or characters IRIs never contain.
pub(super) fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.bytes();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}
