//! The sync against the fake server: documents round-trip through the
//! layout, two browsers converge, and a property test over faults and
//! interleavings.

mod converge;
mod driver;
mod layout;

use crate::fake::{FakeCouch, Fault};
use crate::{Puller, Pusher, Replica};

/// One browser: its replica and the two halves of its sync.
pub struct Client {
    pub replica: Replica,
    pub puller: Puller,
    pub pusher: Pusher,
    pub user: String,
    pub client: String,
}

impl Client {
    /// A browser `client` of `user`.
    pub fn new(client: &str, user: &str) -> Self {
        let mut puller = Puller::new(client);
        puller.wait_ms = None;
        Client {
            replica: Replica::new(),
            puller,
            pusher: Pusher::new(),
            user: user.to_string(),
            client: client.to_string(),
        }
    }

    /// One pull request; whether the pull is caught up.
    pub fn pull_once(&mut self, server: &mut FakeCouch, fault: Fault) -> bool {
        let req = self.puller.request(&self.replica);
        let answer = server.carry(&req, fault);
        match self.puller.handle(&mut self.replica, answer) {
            Ok(p) => p.caught_up,
            Err(_) => {
                self.puller.restart();
                false
            }
        }
    }

    /// One push request; `false` when nothing was left to push.
    pub fn push_once(&mut self, server: &mut FakeCouch, fault: Fault) -> bool {
        let Some(req) = self.pusher.request(&self.replica) else {
            return false;
        };
        let answer = server.carry(&req, fault);
        if self.pusher.handle(&mut self.replica, answer).is_err() {
            self.pusher.restart();
        }
        true
    }

    /// Pushes and pulls without faults until nothing is left either way.
    pub fn settle(&mut self, server: &mut FakeCouch) {
        for _ in 0..10_000 {
            while self.push_once(server, Fault::None) {}
            if self.pull_once(server, Fault::None) && self.replica.pending_batch(1).is_empty() {
                return;
            }
        }
        panic!("{} did not settle", self.user);
    }
}

/// Settles every client until a whole round changes nothing.
pub fn settle_all(clients: &mut [Client], server: &mut FakeCouch) {
    for _ in 0..50 {
        let before: Vec<Replica> = clients.iter().map(|c| c.replica.clone()).collect();
        for c in clients.iter_mut() {
            c.settle(server);
        }
        if clients.iter().zip(&before).all(|(c, b)| &c.replica == b) {
            return;
        }
    }
    panic!("the clients did not converge");
}
