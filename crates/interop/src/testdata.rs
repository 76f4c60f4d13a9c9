//! Where tests find data outside the crate (test builds only).

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The team's shared material: `$MARGINALIA_SHARED`, else `shared/` beside
/// the repository, else `/work/shared`. Panics when none exists, so a test
/// that needs it fails rather than passing without checking anything.
pub fn shared() -> PathBuf {
    let candidates = std::env::var_os("MARGINALIA_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([repo().join("../shared"), PathBuf::from("/work/shared")]);
    for dir in candidates {
        if dir.join("conformance").is_dir() {
            return dir;
        }
    }
    panic!("the shared conformance material was not found: set MARGINALIA_SHARED");
}
