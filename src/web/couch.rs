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

use gloo::timers::callback::Timeout;
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use marginalia_sync::{Endpoint, Method, Request, Response, SyncError};
use std::cell::RefCell;
use std::rc::Rc;
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

/// Aborts the requests under way that carry this handle (when sync is
/// turned off, or the browser goes offline); later requests go ahead.
#[derive(Clone, Default)]
pub struct Abort(Rc<RefCell<Vec<AbortController>>>);

impl Abort {
    /// A new handle.
    pub fn new() -> Self {
        Self::default()
    }

    /// Aborts every request under way with this handle.
    pub fn abort(&self) {
        for c in self.0.borrow_mut().drain(..) {
            c.abort();
        }
    }

    fn register(&self) -> Option<AbortController> {
        let c = AbortController::new().ok()?;
        self.0.borrow_mut().push(c.clone());
        Some(c)
    }

    fn release(&self, c: &Option<AbortController>) {
        if let Some(c) = c {
            self.0.borrow_mut().retain(|x| x != c);
        }
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

/// Carries `req` to the database at `end`; a network failure, an aborted
/// request or no answer within `timeout_ms` (a connection that hangs, as
/// when Wi-Fi drops) is [`SyncError::Offline`].
pub async fn carry(
    end: &Endpoint,
    who: &Credentials,
    req: &Request,
    abort: &Abort,
    timeout_ms: u32,
) -> Result<Response, SyncError> {
    let controller = abort.register();
    let timer = controller
        .clone()
        .map(|c| Timeout::new(timeout_ms, move || c.abort()));
    let result = send(end, who, req, controller.as_ref()).await;
    drop(timer);
    abort.release(&controller);
    result
}

async fn send(
    end: &Endpoint,
    who: &Credentials,
    req: &Request,
    controller: Option<&AbortController>,
) -> Result<Response, SyncError> {
    let signal = controller.map(|c| c.signal());
    let builder = RequestBuilder::new(&end.url(&req.path))
        .method(method(req.method))
        .header("Accept", "application/json")
        .header("Authorization", &who.header())
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .abort_signal(signal.as_ref());
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
