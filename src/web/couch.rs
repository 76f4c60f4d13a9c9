//! Carries the sync's requests to the team's CouchDB with `fetch` (gloo-net).
//!
//! Sign-in is HTTP Basic on every request, with the password held in memory
//! only (never stored, never in a URL or a log). CouchDB's `_session` cookie
//! is not used: the app is usually served from another site than the
//! server, and a cross-site cookie needs `SameSite=None; Secure`, which
//! CouchDB 3 sets only when configured to (`[chttpd_auth] same_site`), and
//! which browsers block in more and more cases as third-party cookies.
//! `credentials: omit` keeps the browser from adding any cookie or cached
//! authentication of its own. docs/sync.md says more.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use marginalia_sync::{Endpoint, Method, Request, Response, SyncError};
use web_sys::{AbortController, RequestCache, RequestCredentials};

/// A user name and password, kept in memory for the session.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The CouchDB user name.
    pub name: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password, not even in a debug print.
        write!(f, "Credentials({})", self.name)
    }
}

impl Credentials {
    /// Holds `name` and `password`.
    pub fn new(name: &str, password: &str) -> Self {
        Credentials {
            name: name.trim().to_string(),
            password: password.to_string(),
        }
    }

    fn header(&self) -> String {
        // btoa reads a "binary string": one char per UTF-8 byte.
        let binary: String = format!("{}:{}", self.name, self.password)
            .bytes()
            .map(char::from)
            .collect();
        let encoded = web_sys::window()
            .and_then(|w| w.btoa(&binary).ok())
            .unwrap_or_default();
        format!("Basic {encoded}")
    }
}

/// Aborts a request under way (a long poll, when sync is turned off).
#[derive(Clone)]
pub struct Abort(Option<AbortController>);

impl Abort {
    /// A new handle.
    pub fn new() -> Self {
        Abort(AbortController::new().ok())
    }

    /// Aborts whatever request carries this handle.
    pub fn abort(&self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
    }
}

impl Default for Abort {
    fn default() -> Self {
        Self::new()
    }
}

fn method(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::GET,
        Method::Put => HttpMethod::PUT,
        Method::Post => HttpMethod::POST,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// Carries `req` to the database at `end`; a network failure (or an
/// aborted request) is [`SyncError::Offline`].
pub async fn carry(
    end: &Endpoint,
    who: &Credentials,
    req: &Request,
    abort: &Abort,
) -> Result<Response, SyncError> {
    let builder = RequestBuilder::new(&end.url(&req.path))
        .method(method(req.method))
        .header("Accept", "application/json")
        .header("Authorization", &who.header())
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .abort_signal(abort.0.as_ref().map(|c| c.signal()).as_ref());
    let request = match &req.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body.as_str()),
        None => builder.build(),
    }
    .map_err(|_| SyncError::Offline)?;
    let response = request.send().await.map_err(|_| SyncError::Offline)?;
    let status = response.status();
    let body = response.text().await.map_err(|_| SyncError::Offline)?;
    Ok(Response { status, body })
}
