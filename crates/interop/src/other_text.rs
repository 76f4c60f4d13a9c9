//! A file that brings no text of its own and whose quotes are mostly absent
//! from the open article seems to belong to another text: approximate
//! placements there would be guesses ("whose" on "hose"), so none is made.

use marginalia_core::import::Planned;
use marginalia_core::selector::Anchoring;

/// From how many annotations a file can be said to belong elsewhere.
const AT_LEAST: usize = 3;

/// When fewer than half of `items` found their exact quote (once or several
/// times), withdraws the
/// approximate placements (they become unplaced, with the rest); returns
/// the warning for the user, or `None` when the file fits the text.
pub fn withdraw_guesses(items: &mut [Planned]) -> Option<String> {
    let total = items.len();
    let solid = items
        .iter()
        .filter(|i| {
            matches!(
                i.anchoring,
                Anchoring::Exact { .. } | Anchoring::Moved { .. } | Anchoring::Ambiguous
            )
        })
        .count();
    if total < AT_LEAST || solid * 2 >= total {
        return None;
    }
    let mut withdrawn = 0;
    for item in items.iter_mut() {
        if matches!(item.anchoring, Anchoring::Fuzzy { .. }) {
            item.anchoring = Anchoring::Orphaned;
            withdrawn += 1;
        }
    }
    let guesses = match withdrawn {
        0 => String::new(),
        1 => " The 1 approximate match was not placed.".into(),
        n => format!(" Its {n} approximate matches were not placed."),
    };
    Some(format!(
        "this file seems to belong to another text: only {solid} of its {total} quotes are in this article.{guesses} Open the file's own article to place them."
    ))
}
