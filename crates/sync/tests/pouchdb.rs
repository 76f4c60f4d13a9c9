//! The sync against a real CouchDB-protocol server: pouchdb-server, started
//! by `scripts/with-couch` (which sets `MARGINALIA_COUCH` to its address and
//! `MARGINALIA_COUCH_ADMIN` to `name:password`). Without the variable the
//! tests say so and pass; `scripts/test` always sets it.

use marginalia_sync::design::prepare;
use marginalia_sync::{Endpoint, Method, Puller, Pusher, Replica, Request, Response, SyncError};
use serde_json::{json, Value};

struct Server {
    url: String,
    admin: (String, String),
}

fn server() -> Option<Server> {
    let url = std::env::var("MARGINALIA_COUCH").ok()?;
    let admin = std::env::var("MARGINALIA_COUCH_ADMIN")
        .expect("MARGINALIA_COUCH_ADMIN with MARGINALIA_COUCH");
    let (n, p) = admin.split_once(':').expect("name:password");
    Some(Server {
        url: url.trim_end_matches('/').to_string(),
        admin: (n.into(), p.into()),
    })
}

/// Carries one request with HTTP Basic authorisation, as the app does.
fn carry(end: &Endpoint, who: &(String, String), req: &Request) -> Result<Response, SyncError> {
    let url = end.url(&req.path);
    let token = base64(&format!("{}:{}", who.0, who.1));
    let r = ureq::request(req.method.as_str(), &url)
        .set("authorization", &format!("Basic {token}"))
        .set("content-type", "application/json")
        .set("accept", "application/json");
    let answer = match &req.body {
        Some(b) => r.send_string(b),
        None => r.call(),
    };
    let resp = match answer {
        Ok(resp) => resp,
        Err(ureq::Error::Status(_, resp)) => resp,
        Err(_) => return Err(SyncError::Offline),
    };
    let status = resp.status();
    let body = resp.into_string().map_err(|_| SyncError::Offline)?;
    Ok(Response { status, body })
}

fn base64(s: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &c| n << 8 | c as u32) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

struct Browser {
    replica: Replica,
    puller: Puller,
    pusher: Pusher,
    end: Endpoint,
    who: (String, String),
}

impl Browser {
    fn new(name: &str, end: &Endpoint, who: (&str, &str)) -> Self {
        let mut puller = Puller::new(name);
        puller.wait_ms = None;
        Browser {
            replica: Replica::new(),
            puller,
            pusher: Pusher::new(),
            end: end.clone(),
            who: (who.0.into(), who.1.into()),
        }
    }

    fn edit(&mut self, id: &str, v: u32) {
        let user = self.who.0.clone();
        let body = json!({"type": "annotation", "document": "d", "v": v});
        assert!(self.replica.set_local(id, Some(body), &user));
    }

    /// Pushes and pulls until both are done; the refusals seen.
    fn settle(&mut self) -> Vec<(String, String)> {
        let mut refused = Vec::new();
        for _ in 0..100 {
            while let Some(req) = self.pusher.request(&self.replica) {
                let answer = carry(&self.end, &self.who, &req);
                refused.extend(
                    self.pusher
                        .handle(&mut self.replica, answer)
                        .expect("push")
                        .refused,
                );
            }
            let req = self.puller.request(&self.replica);
            let answer = carry(&self.end, &self.who, &req);
            let pulled = self.puller.handle(&mut self.replica, answer).expect("pull");
            if pulled.caught_up && self.replica.pending_batch(1).is_empty() {
                return refused;
            }
        }
        panic!("did not settle");
    }
}

fn admin_call(s: &Server, method: Method, path: &str, body: Option<Value>) -> Response {
    let end = Endpoint::parse(&format!("{}/x", s.url)).unwrap();
    let req = Request {
        method,
        path: format!("/{path}"),
        body: body.map(|b| b.to_string()),
    };
    carry(&end, &s.admin, &req).expect("server")
}

fn setup(s: &Server, db: &str, users: &[&str]) -> Endpoint {
    assert!(
        admin_call(s, Method::Put, db, None).status < 300,
        "{db} made"
    );
    for u in users {
        let body = json!({"name": u, "password": format!("{u}-pw"), "roles": [], "type": "user"});
        let r = admin_call(
            s,
            Method::Put,
            &format!("_users/org.couchdb.user:{u}"),
            Some(body),
        );
        assert!(r.status < 300 || r.status == 409, "user {u}: {}", r.status);
    }
    Endpoint::parse(&format!("{}/{db}", s.url)).unwrap()
}

#[test]
fn two_annotators_converge_and_a_conflict_keeps_both_with_the_servers_winner() {
    let Some(s) = server() else {
        eprintln!("MARGINALIA_COUCH not set: no real server to test against");
        return;
    };
    let end = setup(&s, "converge", &["alice", "bob"]);
    let mut a = Browser::new("laptop", &end, ("alice", "alice-pw"));
    let mut b = Browser::new("desktop", &end, ("bob", "bob-pw"));
    let mut a2 = Browser::new("tablet", &end, ("alice", "alice-pw"));
    a.edit("m:d:a:1", 1);
    b.edit("m:d:a:2", 1);
    for br in [&mut a, &mut b, &mut a2] {
        assert!(br.settle().is_empty());
    }
    a.settle();
    assert_eq!(a.replica.body("m:d:a:2"), b.replica.body("m:d:a:2"));
    assert_eq!(a2.replica.body("m:d:a:1"), a.replica.body("m:d:a:1"));
    a.edit("m:d:a:1", 2);
    a2.edit("m:d:a:1", 3);
    a.settle();
    a2.settle();
    a.settle();
    let t = a.replica.tree("m:d:a:1").unwrap();
    assert_eq!(t.leaves.len(), 2, "both versions kept");
    let got = admin_call(
        &s,
        Method::Get,
        "converge/m%3Ad%3Aa%3A1?conflicts=true",
        None,
    );
    let doc: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(
        doc["_rev"],
        t.winner().unwrap().rev().to_string(),
        "the server's winner is ours"
    );
    assert_eq!(doc["_conflicts"][0], t.conflicts()[0].rev().to_string());
    assert_eq!(a2.replica.body("m:d:a:1"), a.replica.body("m:d:a:1"));
}

#[test]
fn a_prepared_database_refuses_what_the_design_document_forbids() {
    let Some(s) = server() else {
        return;
    };
    let end = setup(&s, "prepared", &["carol", "dave", "erin"]);
    for req in prepare(None, &[], &["carol".into(), "dave".into()]) {
        let r = carry(&end, &s.admin, &req).unwrap();
        assert!(
            r.status < 300,
            "{} {}: {} {}",
            req.method.as_str(),
            req.path,
            r.status,
            r.body
        );
    }
    let mut c = Browser::new("c", &end, ("carol", "carol-pw"));
    let mut d = Browser::new("d", &end, ("dave", "dave-pw"));
    c.edit("m:d:a:1", 1);
    assert!(c.settle().is_empty(), "carol writes her own");
    d.settle();
    let user = "dave";
    let body = json!({"type": "annotation", "document": "d", "v": 9});
    d.replica.set_local("m:d:a:1", Some(body), user);
    let refused = d.settle();
    assert_eq!(refused.len(), 1, "dave may not change carol's annotation");
    assert!(refused[0].1.contains("carol"), "{}", refused[0].1);
    assert_eq!(d.replica.body("m:d:a:1").unwrap()["v"], 9, "kept here");
    // A codebook, once written, is an admin's to change.
    let book = |labels: &[&str]| json!({"type": "book", "document": "d", "labels": labels});
    assert!(c
        .replica
        .set_local("m:d:book", Some(book(&["claim"])), "carol"));
    assert!(c.settle().is_empty(), "carol writes the first codebook");
    assert!(c
        .replica
        .set_local("m:d:book", Some(book(&["claim", "x"])), "carol"));
    let refused = c.settle();
    assert_eq!(refused.len(), 1, "carol may not change the codebook");
    assert!(refused[0].1.contains("only an admin"), "{}", refused[0].1);
    // Erin has an account but is not a member: kept out, reading too
    // (CouchDB 3 answers 403; pouchdb-server 401).
    let erin = ("erin".to_string(), "erin-pw".to_string());
    let r = carry(&end, &erin, &Request::get("_all_docs")).unwrap();
    assert!(
        matches!(r.status, 401 | 403),
        "a non-member reads: {}",
        r.status
    );
    let wrong = ("dave".to_string(), "nope".to_string());
    let r = carry(&end, &wrong, &Request::get("")).unwrap();
    assert_eq!(r.status, 401);
}
