//! Connecting and disconnecting: the address checked, the sign-in tried
//! against the database itself, the stored replica taken up again.

use super::view::{SyncState, SyncView};
use super::{start_loops, Live, Sync};
use crate::texts;
use crate::web::couch::{carry, Abort, Credentials};
use crate::web::events::on_connectivity;
use marginalia_sync::wire::Request;
use marginalia_sync::{Driver, Endpoint};
use std::rc::Rc;
use yew::platform::spawn_local;

impl Sync {
    /// Connects to the database at `url` as `user`: checks the address,
    /// signs in, then syncs until [`Sync::disconnect`].
    pub fn connect(self: &Rc<Self>, url: &str, user: &str, password: &str) {
        self.stop();
        let end = match Endpoint::parse(url) {
            Ok(end) => end,
            Err(e) => {
                self.update(|v| error(v, e.to_string()));
                return;
            }
        };
        if user.trim().is_empty() {
            self.update(|v| error(v, texts::SYNC_NO_USER.into()));
            return;
        }
        let who = Credentials::new(user, password);
        let generation = self.generation.get();
        self.update(|v| {
            v.state = SyncState::Syncing;
            v.message = Some(texts::SYNC_SIGNING_IN.into());
        });
        let sync = self.clone();
        let url = url.trim().to_string();
        spawn_local(async move {
            let answer = carry(
                &end,
                &who,
                &Request::get(""),
                &Abort::new(),
                super::TIMEOUT_MS,
            )
            .await;
            if sync.generation.get() != generation {
                return;
            }
            if let Err(e) = answer.and_then(|r| marginalia_sync::wire::check(&r)) {
                sync.update(|v| error(v, texts::sync_sign_in_failed(&e)));
                return;
            }
            let mut settings = sync.settings();
            settings.url = url.clone();
            settings.user = who.name.clone();
            settings.on = true;
            let rejoin = std::mem::take(&mut settings.rejoin);
            let _ = sync.persist.save_sync_settings(&settings);
            let replica = sync.persist.sync_replica(&url).filter(|_| !rejoin);
            let mut driver = Driver::new(&settings.client, &who.name, replica);
            driver.set_wait(Some(super::LONG_POLL_MS));
            let abort = Abort::new();
            let on_change = abort.clone();
            *sync.live.borrow_mut() = Some(Live {
                driver,
                end,
                who: who.clone(),
                abort,
                url: url.clone(),
                // Offline: what hangs (a long poll) fails now, not at its timeout.
                _offline: on_connectivity(move |online| {
                    if !online {
                        on_change.abort();
                    }
                }),
            });
            sync.changed.set(true);
            sync.update(|v| {
                v.connected = Some((url, who.name.clone()));
                v.message = None;
            });
            start_loops(&sync, generation);
        });
    }

    /// Ends the connection: requests under way are aborted, the replica is
    /// written, everything local stays.
    pub fn disconnect(&self) {
        self.stop();
        let mut settings = self.settings();
        settings.on = false;
        let _ = self.persist.save_sync_settings(&settings);
        let only = self.view.borrow().only.clone();
        self.update(|v| {
            *v = SyncView {
                only,
                ..SyncView::default()
            };
        });
    }

    fn stop(&self) {
        self.generation.set(self.generation.get() + 1);
        self.save_replica(true);
        if let Some(live) = self.live.borrow_mut().take() {
            live.abort.abort();
        }
    }
}

fn error(v: &mut SyncView, message: String) {
    v.state = SyncState::Error;
    v.message = Some(message);
    v.connected = None;
}
