//! A file that brings no text of its own and whose quotes are mostly absent
//! from the open article seems to belong to another text: approximate
//! placements there would be guesses ("whose" on "hose"), so none is made.

use marginalia_core::import::Planned;
use marginalia_core::selector::Anchoring;

/// From how many annotations a file can be said to belong elsewhere.
const AT_LEAST: usize = 3;

/// When fewer than half of `items` found their quote at all (exactly, once
/// or several times, or nearly: an edited copy of the file's text keeps
/// most quotes), withdraws the approximate placements (they become
/// unplaced, with the rest); returns
/// the warning for the user and the placements withheld (item index,
/// placement, for [`ImportPlan::guesses`](marginalia_core::import::ImportPlan::guesses)),
/// or `None` when the file fits the text.
pub fn withdraw_guesses(items: &mut [Planned]) -> Option<(String, Vec<(usize, Anchoring)>)> {
    let total = items.len();
    let found = items
        .iter()
        .filter(|i| i.anchoring != Anchoring::Orphaned)
        .count();
    if total < AT_LEAST || found * 2 >= total {
        return None;
    }
    let mut withheld = Vec::new();
    for (index, item) in items.iter_mut().enumerate() {
        if matches!(item.anchoring, Anchoring::Fuzzy { .. }) {
            withheld.push((
                index,
                std::mem::replace(&mut item.anchoring, Anchoring::Orphaned),
            ));
        }
    }
    let guesses = match withheld.len() {
        0 => String::new(),
        1 => " Its 1 approximate match was not placed.".into(),
        n => format!(" Its {n} approximate matches were not placed."),
    };
    let warning = format!(
        "this file seems to belong to another text: only {found} of its {total} quotes are in this article, exactly or nearly.{guesses} Open the file's own article to place them."
    );
    Some((warning, withheld))
}
