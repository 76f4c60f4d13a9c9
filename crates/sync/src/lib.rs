//! Marginalia's sync with Apache CouchDB, as pure code: no network, no
//! browser. The app's `src/web/couch.rs` carries the [`wire::Request`]s
//! this crate makes and gives back the [`wire::Response`]s; tests carry
//! them to a fake server (`fake`) or to a real one.
//!
//! - [`layout`]: a document as CouchDB documents (one per annotation,
//!   relation, annotator, text, codebook) and back;
//! - [`rev`], [`tree`]: revisions, their histories and the winner rule;
//! - [`replica`]: the browser's copy — trees, pending changes, checkpoint,
//!   the user's conflict decisions;
//! - [`pull`], [`push`]: the replication steps as state machines;
//!   [`driver`]: both with the replica, as the app drives them;
//! - [`couch`]: a leaf as a CouchDB document; [`wire`]: requests, answers,
//!   errors, the server's address; [`design`]: the design document that
//!   lets each annotator write only their own annotations, and the
//!   requests that prepare a database.
//!
//! `docs/sync.md` says which parts of CouchDB's replication protocol are
//! used and why.

pub mod couch;
pub mod design;
pub mod driver;
pub mod layout;
pub mod pull;
pub mod push;
pub mod replica;
pub mod rev;
pub mod tree;
pub mod wire;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;

pub use driver::{Arrived, Driver};
pub use pull::{Pulled, Puller};
pub use push::{Pushed, Pusher};
pub use replica::Replica;
pub use wire::{Endpoint, Method, Request, Response, SyncError};
