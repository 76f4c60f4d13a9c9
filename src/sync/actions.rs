//! What the user decides in the Sync panel: which version of a conflicting
//! annotation to keep, whether a deletion from elsewhere stands, and (an
//! admin) preparing the database.

use super::view::SyncState;
use super::{carry_now, Sync};
use crate::state::Action;
use crate::texts;
use marginalia_sync::design::{prepare, DESIGN_ID};
use marginalia_sync::layout::assemble;
use marginalia_sync::rev::Rev;
use marginalia_sync::wire::{check, Request};
use marginalia_sync::SyncError;
use std::rc::Rc;
use yew::platform::spawn_local;

/// A choice about one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Keep the other version in place of the one shown.
    KeepOther,
    /// Keep the version shown; the other is closed.
    KeepShown,
    /// Delete it after all (the other version was a deletion).
    Delete,
}

impl Sync {
    /// Carries out `choice` about the other version `rev` of `id`; the
    /// document is shown again and the choice pushed like any edit.
    pub fn choose(&self, id: &str, rev: &str, choice: Choice) {
        let Some(rev) = Rev::parse(rev) else { return };
        let document = {
            let mut live = self.live.borrow_mut();
            let Some(l) = live.as_mut() else { return };
            let r = &mut l.driver.replica;
            match choice {
                Choice::KeepOther => {
                    r.keep_other(id, &rev);
                }
                Choice::KeepShown => {
                    if r.open_deletions(id).iter().any(|d| d.rev() == rev) {
                        r.keep_despite(id, &rev);
                    } else {
                        r.discard_other(id, &rev);
                    }
                }
                Choice::Delete => {
                    r.set_local(id, None, &l.who.name);
                }
            }
            let doc_id = r.tree(id).and_then(|t| {
                t.leaves
                    .iter()
                    .find_map(|l| l.body.get("document")?.as_str().map(String::from))
            });
            doc_id.and_then(|d| assemble(r, &d)).and_then(Result::ok)
        };
        self.replica_dirty.set(true);
        if let Some(restored) = document {
            self.dispatch
                .dispatch(Action::Synced(Box::new(restored.document)));
        }
        self.update(|v| super::settle_state(v, false));
    }

    /// Installs the design document and sets `_security` (members:
    /// `members`, comma-separated user names, and the signed-in user).
    pub fn prepare(self: &Rc<Self>, members: &str) {
        let generation = self.generation.get();
        let Some(me) = self.live.borrow().as_ref().map(|l| l.who.name.clone()) else {
            self.update(|v| v.message = Some(texts::SYNC_CONNECT_FIRST.into()));
            return;
        };
        let mut names: Vec<String> = members
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if !names.contains(&me) {
            names.push(me);
        }
        let sync = self.clone();
        spawn_local(async move {
            let result = prepare_with(&sync, generation, &names).await;
            sync.update(|v| match result {
                Ok(()) => v.notice = Some(texts::sync_prepared(&names)),
                Err(e) => {
                    v.state = SyncState::Error;
                    v.message = Some(texts::sync_prepare_failed(&e));
                }
            });
        });
    }
}

async fn prepare_with(
    sync: &Rc<Sync>,
    generation: u64,
    members: &[String],
) -> Result<(), SyncError> {
    let current = carry_now(sync, generation, &Request::get(DESIGN_ID)).await?;
    let rev = check(&current)
        .ok()
        .and_then(|d| d.get("_rev").and_then(|r| r.as_str()).map(String::from));
    for req in prepare(rev.as_deref(), &[], members) {
        let answer = carry_now(sync, generation, &req).await?;
        check(&answer)?;
    }
    Ok(())
}
