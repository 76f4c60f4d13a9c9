//! What travels: requests and responses as plain values (the browser's
//! fetch, a native HTTP client or a fake server carries them), the
//! server's address, and the errors a server's answer can mean.

use serde_json::Value;
use thiserror::Error;

/// An HTTP method the sync uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// As written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request to the server. `path` is relative to the database (`_changes?…`)
/// or, starting with `/`, to the server (`/_session`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// Where, with its query.
    pub path: String,
    /// A JSON body.
    pub body: Option<String>,
}

impl Request {
    /// A `GET`.
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            path: path.into(),
            body: None,
        }
    }

    /// A request with a JSON body.
    pub fn with(method: Method, path: impl Into<String>, body: &Value) -> Self {
        Request {
            method,
            path: path.into(),
            body: Some(body.to_string()),
        }
    }
}

/// The server's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// Why a sync step failed. Nothing local is lost in any case.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SyncError {
    /// No answer: the network or the server is down.
    #[error("the server cannot be reached")]
    Offline,
    /// The server wants a sign-in (a wrong password, or the session ended).
    #[error("the server did not accept the sign-in: {0}")]
    Unauthorized(String),
    /// The server refused (its design document or `_security`).
    #[error("the server refused: {0}")]
    Forbidden(String),
    /// There is no database at the address.
    #[error("there is no database at this address ({0})")]
    NoDatabase(String),
    /// The server failed.
    #[error("the server failed ({status}): {reason}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// What it said.
        reason: String,
    },
    /// The answer is not what CouchDB sends.
    #[error("the server's answer makes no sense: {0}")]
    Garbled(String),
}

/// The JSON of a successful answer, or what its status means.
pub fn check(response: &Response) -> Result<Value, SyncError> {
    let json: Option<Value> = serde_json::from_str(&response.body).ok();
    let reason = || {
        let said = json.as_ref().and_then(|j| {
            let r = j.get("reason").and_then(Value::as_str);
            let e = j.get("error").and_then(Value::as_str);
            r.or(e).map(short)
        });
        said.unwrap_or_else(|| format!("HTTP {}", response.status))
    };
    match response.status {
        200..=299 => json.ok_or_else(|| SyncError::Garbled("not JSON".into())),
        401 => Err(SyncError::Unauthorized(reason())),
        403 => Err(SyncError::Forbidden(reason())),
        404 => Err(SyncError::NoDatabase(reason())),
        0 => Err(SyncError::Offline),
        status => Err(SyncError::Server {
            status,
            reason: reason(),
        }),
    }
}

/// A server's text cut to 200 characters, control characters as spaces
/// (it goes into a message).
pub fn short(s: &str) -> String {
    s.chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A server and database, from the address the user gives:
/// `https://couch.example.org/newsroom-2026` (the last path segment is the
/// database; anything before it is the server's root, for a CouchDB behind
/// a proxy at a path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https://couch.example.org` (no trailing `/`).
    pub server: String,
    /// `newsroom-2026`.
    pub database: String,
}

/// Why an address cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AddressError {
    /// Not `http://` or `https://`.
    #[error("the address must start with https:// (or http:// for a server on this machine)")]
    Scheme,
    /// It holds a user name or password (they would be stored and logged).
    #[error("put the user name and password in their own fields, not in the address")]
    Credentials,
    /// No database name, or one CouchDB does not allow.
    #[error("the address must end with the database's name (lower-case letters, digits and _$()+-/, starting with a letter)")]
    Database,
    /// A query or fragment.
    #[error("the address must not have a query (?) or fragment (#)")]
    Query,
}

impl Endpoint {
    /// Reads an address.
    pub fn parse(address: &str) -> Result<Endpoint, AddressError> {
        let a = address.trim();
        let lower = a.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &a[8..]
        } else if lower.starts_with("http://") {
            &a[7..]
        } else {
            return Err(AddressError::Scheme);
        };
        let scheme = &a[..a.len() - rest.len()];
        if rest.contains('?') || rest.contains('#') {
            return Err(AddressError::Query);
        }
        let rest = rest.trim_end_matches('/');
        let (host, path) = rest.split_once('/').ok_or(AddressError::Database)?;
        if host.contains('@') {
            return Err(AddressError::Credentials);
        }
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '\\') {
            return Err(AddressError::Scheme);
        }
        let (root, database) = match path.rsplit_once('/') {
            Some((root, db)) => (format!("/{root}"), db),
            None => (String::new(), path),
        };
        let good = database.starts_with(|c: char| c.is_ascii_lowercase())
            && database
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c));
        if !good {
            return Err(AddressError::Database);
        }
        Ok(Endpoint {
            server: format!("{}{host}{root}", scheme.to_ascii_lowercase()),
            database: database.to_string(),
        })
    }

    /// The full URL of a request's path.
    pub fn url(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(p) => format!("{}/{p}", self.server),
            None => format!("{}/{}/{path}", self.server, self.database),
        }
    }
}

/// Percent-encodes a query value or a path segment (everything but
/// unreserved characters).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_addresses() {
        let e = Endpoint::parse(" https://couch.example.org/newsroom-2026/ ").unwrap();
        assert_eq!(e.server, "https://couch.example.org");
        assert_eq!(e.database, "newsroom-2026");
        assert_eq!(
            e.url("_changes"),
            "https://couch.example.org/newsroom-2026/_changes"
        );
        assert_eq!(e.url("/_session"), "https://couch.example.org/_session");
        let p = Endpoint::parse("HTTP://127.0.0.1:5984/couch/team").unwrap();
        assert_eq!(p.server, "http://127.0.0.1:5984/couch");
        assert_eq!(p.database, "team");
    }

    #[test]
    fn refuses_bad_addresses() {
        use AddressError::*;
        let cases = [
            ("javascript:alert(1)", Scheme),
            ("ftp://x/db", Scheme),
            ("https://ana:secret@couch.example.org/db", Credentials),
            ("https://couch.example.org", Database),
            ("https://couch.example.org/Team", Database),
            ("https://couch.example.org/_users", Database),
            ("https://couch.example.org/db?x=1", Query),
            ("https:///db", Scheme),
        ];
        for (a, want) in cases {
            assert_eq!(Endpoint::parse(a), Err(want), "{a}");
        }
    }

    #[test]
    fn statuses_mean_errors_with_the_servers_reason() {
        let r = |status, body: &str| Response {
            status,
            body: body.into(),
        };
        assert!(check(&r(200, "{\"ok\":true}")).is_ok());
        assert_eq!(
            check(&r(
                401,
                "{\"error\":\"unauthorized\",\"reason\":\"Name or password is incorrect.\"}"
            )),
            Err(SyncError::Unauthorized(
                "Name or password is incorrect.".into()
            ))
        );
        assert!(
            matches!(check(&r(403, "<html>")), Err(SyncError::Forbidden(m)) if m == "HTTP 403")
        );
        assert!(matches!(
            check(&r(500, "{\"error\":\"x\"}")),
            Err(SyncError::Server { status: 500, .. })
        ));
        assert!(matches!(check(&r(200, "nope")), Err(SyncError::Garbled(_))));
        assert_eq!(short(&"\u{7}".repeat(300)).chars().count(), 200);
    }

    #[test]
    fn encodes() {
        assert_eq!(encode("a b/ü\"1"), "a%20b%2F%C3%BC%221");
    }
}
