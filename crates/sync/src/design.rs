//! The server's side of the rules: a design document whose
//! `validate_doc_update` lets each user write only the documents they
//! own (the first writer of an annotation, relation or text owns it),
//! only an admin change a label set and codebook once written or the
//! design document, and nobody change an article's text; and the
//! requests with which an admin prepares a database (the design document
//! and the `_security` members).

use crate::wire::{Method, Request};
use serde_json::{json, Value};

/// The design document's id.
pub const DESIGN_ID: &str = "_design/marginalia";

/// The role that counts as an admin of a Marginalia database (besides the
/// server's `_admin` and the database's `_security` admins).
pub const ADMIN_ROLE: &str = "marginalia-admin";

/// The `validate_doc_update` function (JavaScript, run by the server).
pub const VALIDATE: &str = r#"function (newDoc, oldDoc, userCtx, secObj) {
  var roles = userCtx.roles || [];
  var admins = (secObj && secObj.admins) || {};
  var isAdmin = roles.indexOf('_admin') !== -1 || roles.indexOf('marginalia-admin') !== -1 ||
    (admins.names || []).indexOf(userCtx.name) !== -1 ||
    (admins.roles || []).some(function (r) { return roles.indexOf(r) !== -1; });
  if (isAdmin) { return; }
  if (!userCtx.name) { throw({unauthorized: 'sign in to write to this database'}); }
  if (newDoc._id.indexOf('_design/') === 0) {
    throw({forbidden: 'only an admin can change the design document'});
  }
  var type = (oldDoc || newDoc).type;
  if (['text', 'book', 'annotator', 'annotation', 'unplaced', 'relation'].indexOf(type) === -1) {
    throw({forbidden: 'this database holds Marginalia documents only'});
  }
  if (!oldDoc) {
    if (newDoc.owner !== userCtx.name) {
      throw({forbidden: 'a new document must name you (' + userCtx.name + ') as its owner'});
    }
    return;
  }
  if (type === 'book') {
    throw({forbidden: 'only an admin can change the label set and codebook'});
  }
  var names = {text: 'article text', annotator: "annotator's name", annotation: 'annotation',
    unplaced: 'unplaced annotation', relation: 'relation'};
  if (oldDoc.owner !== userCtx.name) {
    throw({forbidden: 'this ' + names[type] + ' is ' + oldDoc.owner + "'s: only they or an admin can change it"});
  }
  if (!newDoc._deleted && newDoc.owner !== oldDoc.owner) {
    throw({forbidden: 'the owner of a document cannot change'});
  }
  if (type === 'text' && !newDoc._deleted &&
      JSON.stringify(newDoc.record && newDoc.record.text) !== JSON.stringify(oldDoc.record && oldDoc.record.text)) {
    throw({forbidden: 'an article text is written once'});
  }
}"#;

/// The design document (without `_rev`).
pub fn design_document() -> Value {
    json!({
        "_id": DESIGN_ID,
        "language": "javascript",
        "validate_doc_update": VALIDATE,
    })
}

/// The `_security` object: `admins` and `members` by user name (members
/// may read and write; everyone else is kept out).
pub fn security(admins: &[String], members: &[String]) -> Value {
    json!({
        "admins": {"names": admins, "roles": [ADMIN_ROLE]},
        "members": {"names": members, "roles": []},
    })
}

/// The requests that prepare a database, in order, given the design
/// document's current `_rev` if it has one (read it with
/// `GET _design/marginalia` first): install the design document, then
/// set `_security`.
pub fn prepare(current_rev: Option<&str>, admins: &[String], members: &[String]) -> Vec<Request> {
    let mut design = design_document();
    if let Some(rev) = current_rev {
        design["_rev"] = rev.into();
    }
    vec![
        Request::with(Method::Put, DESIGN_ID, &design),
        Request::with(Method::Put, "_security", &security(admins, members)),
    ]
}
