//! A document through the layout and back, and two browsers' documents
//! meeting on the fake server.

use super::{settle_all, Client};
use crate::fake::FakeCouch;
use crate::layout::{assemble, documents, documents_of, layout, record, text_id};
use marginalia_core::testing::{add_noted, ana_and_bo, ann, doc, two_layers};
use marginalia_core::{Command, Document, Relation, RelationId, RelationKind, Tag};

fn rich() -> Document {
    let mut d = two_layers(&[(0, 3), (9, 13)], &[(14, 15)]);
    add_noted(&mut d, "n1", Tag::Claim, 16, 21, "e\u{301}mile 😀 中文");
    let mut multi = ann("m1", Tag::Source, 0, 13)
        .with_parts([0..3, 9..13])
        .unwrap();
    multi.attributes.insert("kind".into(), "direct".into());
    d.apply(Command::Add(multi)).unwrap();
    d.apply(Command::AddRelation(Relation {
        id: RelationId::new("r1").unwrap(),
        kind: RelationKind::attributed_to(),
        from: "a2".parse_id(),
        to: "a1".parse_id(),
        note: "said".into(),
        created: marginalia_core::testing::ts("01"),
    }))
    .unwrap();
    d
}

trait ParseId {
    fn parse_id(self) -> marginalia_core::AnnotationId;
}
impl ParseId for &str {
    fn parse_id(self) -> marginalia_core::AnnotationId {
        marginalia_core::AnnotationId::new(self).unwrap()
    }
}

fn same(a: &Document, b: &Document) {
    assert_eq!(a.text(), b.text());
    assert_eq!(a.meta(), b.meta());
    let ours: Vec<_> = a.annotations().collect();
    let theirs: Vec<_> = b.annotations().collect();
    assert_eq!(ours, theirs);
    let mut r1 = a.relations().to_vec();
    let mut r2 = b.relations().to_vec();
    r1.sort_by(|x, y| x.id.cmp(&y.id));
    r2.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(r1, r2);
    assert_eq!(a.annotators(), b.annotators());
    assert_eq!(a.labels(), b.labels());
    assert_eq!(a.codebook(), b.codebook());
}

#[test]
fn a_document_comes_back_whole_from_its_parts() {
    let d = rich();
    let parts = layout(&d);
    // text, book, two annotators, five annotations, one relation
    assert_eq!(parts.len(), 1 + 1 + 2 + 5 + 1, "{:?}", parts.keys());
    let mut r = crate::Replica::new();
    assert_eq!(record(&mut r, &d, "ana", true), parts.len());
    assert_eq!(record(&mut r, &d, "ana", true), 0, "nothing changed");
    let back = assemble(&r, "d1").unwrap().unwrap();
    assert!(back.damaged.is_empty(), "{:?}", back.damaged);
    same(&d, &back.document);
    assert_eq!(documents(&r), vec!["d1".to_string()]);
}

#[test]
fn ids_with_colons_do_not_meet() {
    let mut a = doc("abc");
    a.set_id(marginalia_core::DocumentId::new("x").unwrap());
    a.apply(Command::Add(ann("a:1", Tag::Claim, 0, 1))).unwrap();
    let mut b = doc("abc");
    b.set_id(marginalia_core::DocumentId::new("x:a:1").unwrap());
    let ids_a: Vec<String> = layout(&a).into_keys().collect();
    let ids_b: Vec<String> = layout(&b).into_keys().collect();
    assert!(
        ids_a.iter().all(|i| !ids_b.contains(i)),
        "{ids_a:?} {ids_b:?}"
    );
    assert_eq!(text_id("x:a%"), "m:x%3Aa%25");
}

#[test]
fn a_removed_annotation_is_deleted_and_stays_deleted_elsewhere() {
    let mut d = rich();
    let mut r = crate::Replica::new();
    record(&mut r, &d, "ana", true);
    d.apply(Command::Remove("n1".parse_id())).unwrap();
    assert_eq!(record(&mut r, &d, "ana", true), 1);
    let back = assemble(&r, "d1").unwrap().unwrap().document;
    assert!(back.annotation(&"n1".parse_id()).is_none());
    same(&d, &back);
}

#[test]
fn two_annotators_see_each_others_layers() {
    let (ana, bo) = ana_and_bo();
    let mut server = FakeCouch::default();
    let mut clients = [Client::new("c1", "ana"), Client::new("c2", "bo")];
    let mut docs = [
        doc("Ana said “no” 😀 today."),
        doc("Ana said “no” 😀 today."),
    ];
    for (k, (who, prefix)) in [(&ana, "a"), (&bo, "b")].into_iter().enumerate() {
        docs[k]
            .apply(Command::SetAnnotators(vec![who.clone()]))
            .unwrap();
        let mut a = ann(&format!("{prefix}1"), Tag::Quote, k, k + 3);
        a.annotator = Some(who.id.clone());
        docs[k].apply(Command::Add(a)).unwrap();
        record(&mut clients[k].replica, &docs[k], &clients[k].user, true);
    }
    settle_all(&mut clients, &mut server);
    for c in &clients {
        let d = assemble(&c.replica, "d1").unwrap().unwrap().document;
        assert_eq!(d.len(), 2, "{}", c.user);
        assert_eq!(d.annotators().len(), 2);
    }
    let changed: Vec<String> = server.winners().into_keys().collect();
    assert_eq!(documents_of(&clients[0].replica, &changed).len(), 1);
}

#[test]
fn a_rebuilt_document_records_no_change() {
    let d = rich();
    let mut r = crate::Replica::new();
    record(&mut r, &d, "ana", true);
    let back = assemble(&r, "d1").unwrap().unwrap().document;
    let before = layout(&d);
    let after = layout(&back);
    for (k, v) in &before {
        assert_eq!(Some(v), after.get(k), "{k}");
    }
    assert_eq!(record(&mut r, &back, "ana", true), 0);
}
