//! The driver as the app uses it: a browser with work of its own joins a
//! database that has another's, and an edit made while a pull is under way
//! survives the pull.

use crate::driver::Driver;
use crate::fake::{FakeCouch, Fault};
use marginalia_core::testing::{ana_and_bo, ann, doc};
use marginalia_core::{Command, Document, Tag};

/// Pushes, then pulls until caught up; the open document follows what the
/// pulls rebuilt, as the app's does.
fn settle(d: &mut Driver, server: &mut FakeCouch, open: &mut Document) {
    for _ in 0..100 {
        d.record(open);
        while let Some(req) = d.push_request() {
            d.push_answer(server.carry(&req, Fault::None)).unwrap();
        }
        let req = d.pull_request();
        let library = open.clone();
        let arrived = d
            .pull_answer(server.carry(&req, Fault::None), Some(open), || {
                vec![library]
            })
            .unwrap();
        for (id, restored) in arrived.documents {
            if id == open.id().as_str() {
                *open = restored.expect("the text is there").document;
            }
        }
        if arrived.pulled.caught_up && d.pending() == 0 {
            return;
        }
    }
    panic!("did not settle");
}

fn annotated(who: &marginalia_core::Annotator, id: &str, at: usize) -> Document {
    let mut d = doc("Ana said “no” 😀 today, 中文 e\u{301}.");
    d.apply(Command::SetAnnotators(vec![who.clone()])).unwrap();
    let mut a = ann(id, Tag::Quote, at, at + 3);
    a.annotator = Some(who.id.clone());
    d.apply(Command::Add(a)).unwrap();
    d
}

/// Ana and Bo, each with an annotation of their own on one article, both
/// joined to one server and settled.
struct Joined {
    server: FakeCouch,
    a: Driver,
    da: Document,
    db: Document,
}

fn joined() -> Joined {
    let (ana, bo) = ana_and_bo();
    let mut server = FakeCouch::default();
    let mut a = Driver::new("c1", "ana", None);
    let mut b = Driver::new("c2", "bo", None);
    a.set_wait(None);
    b.set_wait(None);
    let mut da = annotated(&ana, "a1", 0);
    let mut db = annotated(&bo, "b1", 4);
    settle(&mut a, &mut server, &mut da);
    settle(&mut b, &mut server, &mut db);
    settle(&mut a, &mut server, &mut da);
    Joined { server, a, da, db }
}

#[test]
fn joining_a_database_adds_both_sides_and_deletes_nothing() {
    let Joined { da, db, .. } = joined();
    for d in [&da, &db] {
        let ids: Vec<&str> = d.annotations().map(|x| x.id.as_str()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert_eq!(d.annotators().len(), 2);
    }
    assert_eq!(
        da.annotations().collect::<Vec<_>>(),
        db.annotations().collect::<Vec<_>>()
    );
}

#[test]
fn an_edit_made_while_a_pull_is_under_way_survives_it() {
    let (ana, bo) = ana_and_bo();
    let mut server = FakeCouch::default();
    let mut a = Driver::new("c1", "ana", None);
    let mut b = Driver::new("c2", "bo", None);
    a.set_wait(None);
    b.set_wait(None);
    let mut da = annotated(&ana, "a1", 0);
    let mut db = da.clone();
    settle(&mut a, &mut server, &mut da);
    settle(&mut b, &mut server, &mut db);
    let mut theirs = ann("b1", Tag::Claim, 5, 9);
    theirs.annotator = Some(bo.id.clone());
    db.apply(Command::Add(theirs)).unwrap();
    settle(&mut b, &mut server, &mut db);
    // Ana's pull is under way when she adds a note.
    let req = a.pull_request();
    let answer = server.carry(&req, Fault::None);
    let mut mine = ann("a2", Tag::Source, 10, 12);
    mine.annotator = Some(ana.id.clone());
    da.apply(Command::Add(mine)).unwrap();
    let mut answer = Some(answer);
    let restored = loop {
        let library = da.clone();
        let ans = answer
            .take()
            .unwrap_or_else(|| server.carry(&a.pull_request(), Fault::None));
        let arrived = a.pull_answer(ans, Some(&da), || vec![library]).unwrap();
        if let Some((_, r)) = arrived.documents.into_iter().next() {
            break r;
        }
        assert!(!arrived.pulled.caught_up, "Bo's annotation arrived");
    };
    let now = restored.unwrap().document;
    let ids: Vec<&str> = now.annotations().map(|x| x.id.as_str()).collect();
    assert!(
        ids.contains(&"a2") && ids.contains(&"b1") && ids.contains(&"a1"),
        "{ids:?}"
    );
}

/// `id`'s note in `d`.
fn note_of(d: &Document, id: &str) -> String {
    d.annotations()
        .find(|a| a.id.as_str() == id)
        .map(|a| a.note.clone())
        .unwrap_or_default()
}

/// Gives `id` in `d` the note `note`, as edited at `at` (a time of day
/// on 25 November 2026, after the test documents were made).
fn with_note(d: &mut Document, id: &str, note: &str, at: &str) {
    let mut a = d
        .annotations()
        .find(|a| a.id.as_str() == id)
        .expect("there")
        .clone();
    a.note = note.into();
    a.modified = marginalia_core::Timestamp::new(format!("2026-11-25T{at}:00.000Z")).unwrap();
    d.apply(Command::Replace(a)).unwrap();
}

#[test]
fn a_browser_that_lost_its_replica_joins_again_and_overwrites_no_one() {
    let Joined {
        mut server,
        mut a,
        mut da,
        db,
    } = joined();
    // Bo's browser keeps its library but loses its replica. Meanwhile Ana
    // edits her annotation, and Bo, in another browser of his, his own.
    let mut stale = db.clone();
    with_note(&mut stale, "b1", "Bo's edit here, never sent", "12:00");
    with_note(&mut da, "a1", "Ana's later note", "09:00");
    settle(&mut a, &mut server, &mut da);
    let mut b2 = Driver::new("c3", "bo", None);
    b2.set_wait(None);
    let mut db2 = db.clone();
    settle(&mut b2, &mut server, &mut db2);
    with_note(&mut db2, "b1", "Bo's first edit elsewhere", "10:00");
    settle(&mut b2, &mut server, &mut db2);
    with_note(&mut db2, "b1", "Bo's edit elsewhere", "11:00");
    settle(&mut b2, &mut server, &mut db2);

    let mut again = Driver::new("c2", "bo", None);
    again.set_wait(None);
    let mut db = stale;
    settle(&mut again, &mut server, &mut db);
    assert_eq!(
        note_of(&db, "a1"),
        "Ana's later note",
        "Ana's edit is not undone by Bo's old copy"
    );
    settle(&mut a, &mut server, &mut da);
    assert_eq!(note_of(&da, "a1"), "Ana's later note");
    // Bo's two versions of his own both survive: one shown (CouchDB's
    // winner: the longer history), the other, edited here later, in
    // conflict for him to choose.
    let id = crate::layout::text_id(db.id().as_str()) + ":a:b1";
    let leaves = &again.replica.tree(&id).expect("b1 is there").leaves;
    let notes: Vec<&str> = leaves
        .iter()
        .filter(|l| !l.deleted)
        .filter_map(|l| l.body.pointer("/row/4").and_then(|v| v.as_str()))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes.contains(&"Bo's edit elsewhere") && notes.contains(&"Bo's edit here, never sent"),
        "{notes:?}"
    );
    assert_eq!(
        note_of(&db, "b1"),
        "Bo's edit elsewhere",
        "the server's winner is shown"
    );
}

#[test]
fn an_older_copy_of_ones_own_annotation_rejoining_changes_nothing() {
    let Joined {
        mut server, mut db, ..
    } = joined();
    // Bo's first browser edits b1 (its second revision), then loses its
    // replica while his other browser edits b1 twice more.
    let mut b = Driver::new("c2", "bo", None);
    b.set_wait(None);
    settle(&mut b, &mut server, &mut db);
    with_note(&mut db, "b1", "zero", "09:00");
    settle(&mut b, &mut server, &mut db);
    let stale = db.clone();
    let mut b2 = Driver::new("c3", "bo", None);
    b2.set_wait(None);
    let mut db2 = db.clone();
    settle(&mut b2, &mut server, &mut db2);
    for (n, at) in [("one", "10:00"), ("two", "11:00")] {
        with_note(&mut db2, "b1", n, at);
        settle(&mut b2, &mut server, &mut db2);
    }
    let mut again = Driver::new("c2", "bo", None);
    again.set_wait(None);
    let mut db = stale;
    settle(&mut again, &mut server, &mut db);
    assert_eq!(note_of(&db, "b1"), "two");
    let id = crate::layout::text_id(db.id().as_str()) + ":a:b1";
    assert_eq!(
        again.replica.tree(&id).unwrap().leaves.len(),
        1,
        "no conflict with an older state"
    );
    assert_eq!(again.pending(), 0);
}
