//! The suite's figures in `docs/reanchoring.md`: checked against what the
//! suite measures, or rewritten with `MARGINALIA_UPDATE_DOCS=1`.

use crate::edits::Kind;
use crate::judge::{Mode, Row};
use std::collections::BTreeMap;
use std::fmt::Write;

const BEGIN: &str =
    "<!-- edited-articles:begin (written by crates/interop/tests/edited_articles.rs) -->";
const END: &str = "<!-- edited-articles:end -->";

fn doc_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reanchoring.md")
}

/// The figures of every mode as Markdown tables.
pub(crate) fn section(results: &[(Mode, BTreeMap<Kind, Row>)]) -> String {
    let mut out = String::new();
    for (mode, rows) in results {
        let name = match mode {
            Mode::Batch => "With neighbours (`reanchor_all`)",
            Mode::Single => "Alone (`reanchor`)",
            Mode::QuoteOnly => "Quote and context only (no position)",
        };
        let _ = writeln!(out, "\n**{name}**\n");
        out.push_str("| edit | annotations | correct | near | unplaced | twin | copy | wrong |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        let mut all = Row::default();
        let mut line = |name: &str, r: &Row| {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} | {} | {} |",
                r.total, r.correct, r.near, r.unplaced, r.twin, r.copy, r.wrong
            );
        };
        for (kind, r) in rows {
            line(&format!("{kind:?}").to_lowercase(), r);
            all.add(r);
        }
        line("all", &all);
    }
    out
}

/// Fails unless `docs/reanchoring.md` states `section` between its markers;
/// with `MARGINALIA_UPDATE_DOCS=1`, writes it there instead.
pub(crate) fn check(section: &str) {
    let path = doc_path();
    let doc = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("{} lacks the markers {BEGIN} and {END}", path.display());
    };
    let stated = &doc[b + BEGIN.len()..e];
    let wanted = format!("\n{}\n", section.trim());
    if stated == wanted {
        return;
    }
    if std::env::var("MARGINALIA_UPDATE_DOCS").is_ok_and(|v| v == "1") {
        let updated = format!("{}{BEGIN}{wanted}{}", &doc[..b], &doc[e..]);
        std::fs::write(&path, updated)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        println!("updated {}", path.display());
        return;
    }
    panic!(
        "the figures in {} are not the ones the suite measures; run \
         `MARGINALIA_UPDATE_DOCS=1 cargo test --release -p marginalia-interop --test \
         edited_articles` and commit the file.\nstated:{stated}\nmeasured:{wanted}",
        path.display()
    );
}
