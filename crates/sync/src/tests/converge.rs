//! After any interleaving of edits, faults and restarts, every browser
//! and the server hold the same trees, agree on every winner, and no
//! revision made anywhere is lost.

use super::{settle_all, Client};
use crate::fake::{FakeCouch, Fault};
use crate::rev::Rev;
use crate::{Puller, Pusher};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeSet;

#[derive(Clone, Debug)]
enum Op {
    Edit(usize, usize, u8),
    Delete(usize, usize),
    Push(usize, Fault),
    Pull(usize, Fault),
    Reload(usize),
    ServerRestart,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        4 => Just(Fault::None),
        1 => Just(Fault::LostRequest),
        1 => Just(Fault::LostAnswer),
        1 => Just(Fault::Duplicate),
        1 => Just(Fault::Fail),
        1 => Just(Fault::PartialBulk),
    ]
}

fn op(clients: usize) -> impl Strategy<Value = Op> {
    let c = 0..clients;
    prop_oneof![
        4 => (c.clone(), 0..4usize, any::<u8>()).prop_map(|(c, d, v)| Op::Edit(c, d, v)),
        1 => (c.clone(), 0..4usize).prop_map(|(c, d)| Op::Delete(c, d)),
        4 => (c.clone(), fault()).prop_map(|(c, f)| Op::Push(c, f)),
        4 => (c.clone(), fault()).prop_map(|(c, f)| Op::Pull(c, f)),
        1 => c.prop_map(Op::Reload),
        1 => Just(Op::ServerRestart),
    ]
}

fn doc_id(d: usize) -> String {
    format!("m:d:a:{d}")
}

fn run(ops: &[Op], clients: usize) {
    let mut server = FakeCouch::default();
    let mut cs: Vec<Client> = (0..clients)
        .map(|k| Client::new(&format!("c{k}"), &format!("u{}", k % 2)))
        .collect();
    let mut made: BTreeSet<(String, Rev)> = BTreeSet::new();
    for op in ops {
        match *op {
            Op::Edit(c, d, v) => {
                let body = json!({"type": "annotation", "document": "d", "v": v});
                write(&mut cs[c], d, Some(body), &mut made);
            }
            Op::Delete(c, d) => write(&mut cs[c], d, None, &mut made),
            Op::Push(c, f) => {
                cs[c].push_once(&mut server, f);
            }
            Op::Pull(c, f) => {
                cs[c].pull_once(&mut server, f);
            }
            Op::Reload(c) => {
                let name = cs[c].client.clone();
                cs[c].puller = Puller::new(&name);
                cs[c].puller.wait_ms = None;
                cs[c].pusher = Pusher::new();
            }
            Op::ServerRestart => {
                server.wipe();
                for c in cs.iter_mut() {
                    c.puller.restart();
                    c.pusher.restart();
                }
            }
        }
    }
    settle_all(&mut cs, &mut server);
    for (id, rev) in &made {
        let t = server.tree(id).unwrap_or_else(|| panic!("{id} lost"));
        assert!(t.knows(rev), "{id} {rev} lost");
    }
    for c in &cs {
        check_same(c, &server);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn browsers_converge_and_nothing_is_lost(ops in prop::collection::vec(op(3), 1..80)) {
        run(&ops, 3);
    }
}

#[test]
fn an_edit_made_while_the_answer_was_lost_is_sent_again() {
    use Op::*;
    run(
        &[
            Edit(0, 0, 1),
            Push(0, Fault::None),
            Push(0, Fault::LostAnswer),
            Edit(0, 0, 2),
            Push(0, Fault::None),
        ],
        2,
    );
}

#[test]
fn a_server_that_forgot_everything_gets_it_all_again() {
    use Op::*;
    run(
        &[
            Edit(0, 0, 1),
            Edit(1, 1, 2),
            Push(0, Fault::None),
            Push(0, Fault::None),
            ServerRestart,
        ],
        2,
    );
}

#[test]
fn a_refused_write_stays_local_and_is_reported() {
    let mut server = FakeCouch::default();
    server.forbidden = vec!["mallory".into()];
    let mut c = Client::new("m", "mallory");
    c.replica.set_local(
        "m:d:a:1",
        Some(json!({"type": "annotation", "v": 1})),
        "mallory",
    );
    c.settle(&mut server);
    assert!(server.winners().is_empty());
    assert_eq!(c.replica.pending_count(), 1, "kept, still to be sent");
    assert_eq!(c.replica.refused().len(), 1);
    assert!(c.replica.body("m:d:a:1").is_some());
    c.replica.set_local(
        "m:d:a:1",
        Some(json!({"type": "annotation", "v": 2})),
        "mallory",
    );
    assert!(c.replica.refused().is_empty(), "tried again once changed");
}

#[test]
fn a_server_that_says_it_stored_but_did_not_is_caught() {
    let mut server = FakeCouch::default();
    server.drops_updates = true;
    let mut c = Client::new("m", "ana");
    let body = |v: u8| Some(json!({"type": "annotation", "v": v}));
    c.replica.set_local("m:d:a:1", body(1), "ana");
    c.settle(&mut server);
    assert_eq!(c.replica.pending_count(), 0, "a new document is stored");
    c.replica.set_local("m:d:a:1", body(2), "ana");
    c.settle(&mut server);
    assert_eq!(c.replica.pending_count(), 1, "the update is kept here");
    assert_eq!(
        c.replica.refused().get("m:d:a:1").map(String::as_str),
        Some(crate::push::NOT_STORED)
    );
    assert_eq!(c.replica.body("m:d:a:1").unwrap()["v"], 2);
}

#[test]
fn concurrent_edits_of_one_annotation_keep_both_and_the_same_winner() {
    let mut server = FakeCouch::default();
    let mut cs = [Client::new("laptop", "ana"), Client::new("desktop", "ana")];
    let body = |v: u8| json!({"type": "annotation", "document": "d", "v": v});
    cs[0].replica.set_local("m:d:a:1", Some(body(0)), "ana");
    settle_all(&mut cs, &mut server);
    cs[0].replica.set_local("m:d:a:1", Some(body(1)), "ana");
    cs[1].replica.set_local("m:d:a:1", Some(body(2)), "ana");
    settle_all(&mut cs, &mut server);
    for c in &cs {
        assert_eq!(c.replica.in_conflict().len(), 1);
        assert_eq!(c.replica.tree("m:d:a:1").unwrap().leaves.len(), 2);
    }
    assert_eq!(cs[0].replica.body("m:d:a:1"), cs[1].replica.body("m:d:a:1"));
    let other = cs[1].replica.tree("m:d:a:1").unwrap().conflicts()[0].rev();
    let kept = cs[1].replica.tree("m:d:a:1").unwrap().conflicts()[0]
        .body
        .clone();
    assert!(cs[1].replica.keep_other("m:d:a:1", &other));
    settle_all(&mut cs, &mut server);
    for c in &cs {
        assert!(c.replica.in_conflict().is_empty());
        assert_eq!(c.replica.body("m:d:a:1"), Some(&kept));
    }
}

/// One local write; the revision it made is remembered for the loss check.
fn write(
    c: &mut Client,
    d: usize,
    body: Option<serde_json::Value>,
    made: &mut BTreeSet<(String, Rev)>,
) {
    let user = c.user.clone();
    if c.replica.set_local(&doc_id(d), body, &user) {
        let w = c.replica.tree(&doc_id(d)).unwrap().winner().unwrap().rev();
        made.insert((doc_id(d), w));
    }
}

/// A settled client holds no pending change and the server's leaves and winners.
fn check_same(c: &Client, server: &FakeCouch) {
    assert_eq!(
        c.replica.pending_count(),
        0,
        "{} has changes not on the server",
        c.user
    );
    for d in 0..4 {
        let id = doc_id(d);
        let revs = |t: Option<&crate::tree::Tree>| -> BTreeSet<Rev> {
            t.map(|t| t.leaves.iter().map(|l| l.rev()).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            revs(c.replica.tree(&id)),
            revs(server.tree(&id)),
            "{} {id}",
            c.user
        );
        assert_eq!(
            c.replica
                .tree(&id)
                .and_then(|t| t.winner())
                .map(|w| w.rev()),
            server.tree(&id).and_then(|t| t.winner()).map(|w| w.rev()),
        );
    }
}
