//! Names the format engine's build: a hash of every source it is built
//! from (and of its loader), which the page adds to the worker's URLs so
//! that a browser never runs a cached engine from another build beside a
//! new page (the worker's files have fixed names; the page's are hashed by
//! trunk). FNV-1a over the files in path order: deterministic, no
//! dependency.

use std::fs;
use std::path::{Path, PathBuf};

/// What the engine is built from.
const SOURCES: &[&str] = &[
    "crates/core",
    "crates/interop",
    "crates/extract",
    "crates/agreement",
    "crates/worker",
    "static/engine.js",
    "Cargo.lock",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.file_name().is_some_and(|n| n != "target") {
                files(&p, out);
            }
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut all = Vec::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        files(Path::new(source), &mut all);
    }
    all.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &all {
        eat(file.to_string_lossy().as_bytes());
        eat(&fs::read(file).unwrap_or_default());
    }
    println!("cargo:rustc-env=MARGINALIA_ENGINE_BUILD={hash:016x}");
}
