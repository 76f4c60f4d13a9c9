//! The messages the app shows people, in one place: errors and notices of
//! the state and of loading files, and the explanations and hints the
//! components show. Fixed texts are constants; texts with values in them
//! are functions. (Button names, labels and titles stay with their
//! components: tests find the elements by them. The storage messages of
//! `crate::persist` and those of `crate::actions` are not here yet.)

use crate::words::plural;
use std::fmt::Display;

// Editing (`crate::state`).

/// Tagging a selection of only spaces.
pub const SELECT_SOME_TEXT: &str = "Select some text (not only spaces) to tag it.";

/// Tagging text already tagged `tag`.
pub fn already_tagged(tag: &str) -> String {
    format!("That text is already tagged {tag}.")
}

/// Choosing a tag with nothing selected.
pub fn select_before_tagging(tag: &str) -> String {
    format!("Select text or an annotation first, then choose {tag}.")
}

/// An annotation was deleted.
pub const ANNOTATION_DELETED: &str = "Annotation deleted (Ctrl+Z brings it back).";

/// Pressing L (Link) with no annotation selected.
pub const SELECT_BEFORE_LINKING: &str =
    "Select a quote or claim first, then press L (Link) to attribute it to a source.";

/// Nothing can be linked from the selected annotation.
pub fn nothing_to_link(tag: &str) -> String {
    format!("Nothing to link this {tag} to: a relation goes from a quote or claim to a source, and every source it could go to is linked already (or there is none yet).")
}

/// A click, while linking, on text that is not a candidate.
pub const NOT_A_CANDIDATE: &str =
    "That annotation cannot be the other end: choose one of the listed candidates (Escape cancels).";

/// A relation was made.
pub fn linked(kind: &str) -> String {
    format!("Linked ({kind}). Ctrl+Z undoes it.")
}

/// Pressing Shift+A (Add part) with no annotation selected.
pub const SELECT_BEFORE_ADDING_A_PART: &str =
    "Select an annotation first, then select more of its text and press Shift+A (Add part).";

/// Pressing Shift+A with an annotation selected but no text selected.
pub const SELECT_THE_PART: &str =
    "Select the text to add to this annotation as another part, then press Shift+A (Add part).";

/// The selection adds nothing: it is inside the annotation already.
pub const PART_ALREADY_COVERED: &str = "That text is already part of this annotation.";

/// A part was added.
pub fn part_added(parts: usize) -> String {
    format!("Part added: the annotation now has {parts} parts (Ctrl+Z undoes it).")
}

/// A part was removed.
pub const PART_REMOVED: &str = "Part removed (Ctrl+Z brings it back).";

/// A relation was deleted.
pub const RELATION_DELETED: &str = "Relation deleted (Ctrl+Z brings it back).";

/// A label was removed from the document's label set.
pub fn label_removed(label: &str) -> String {
    format!("Label {label} removed (Ctrl+Z brings it back).")
}

/// Undo or redo (`what`) with nothing to undo or redo.
pub fn nothing_to(what: &str) -> String {
    format!("Nothing to {what}.")
}

/// The core refused a change.
pub fn change_failed(error: &dyn Display) -> String {
    format!("That change could not be made: {error}.")
}

/// An edit while another tab owns the document.
pub const FROZEN_NO_EDITS: &str =
    "This document was changed in another tab; reload the page to edit it here.";

/// Another tab changed the open document `title`.
pub fn changed_in_another_tab(title: &str) -> String {
    format!(
        "“{title}” was changed in another tab. So that neither tab overwrites the other, this tab no \
         longer edits or saves it: reload the page to continue with the latest version, or export \
         to keep what this tab shows."
    )
}

// Unplaced annotations (`crate::state`, `crate::components`).

/// Attaching to a selection of only spaces.
pub const SELECT_WHERE_IT_BELONGS: &str =
    "Select the text it belongs to in the article (not only spaces), then choose Attach.";

/// An unplaced annotation was attached.
pub const ATTACHED: &str = "Attached to the selected text (Ctrl+Z undoes it).";

/// An unplaced annotation was deleted.
pub const UNPLACED_DELETED: &str = "Unplaced annotation deleted (Ctrl+Z brings it back).";

/// The hint above the `count` unplaced annotations.
pub fn unplaced_hint(count: usize) -> String {
    format!(
        "{} from imports could not be placed on this text. Select where one belongs in the article, then press its Attach button.",
        plural(count, "annotation", "annotations")
    )
}

/// "Find its quote" found nothing.
pub const QUOTE_NOT_IN_TEXT: &str = "Its quote is not in this text: select where it belongs.";

// Imports (`crate::state`, the import panel).

/// The open document changed between reading an import and confirming it.
pub const IMPORT_NOT_MADE: &str =
    "The import was not made: the open document changed since it was read. Import the file again.";

/// What an import file holds, before anything changes.
pub fn import_found(total: usize, format: &str) -> String {
    format!(
        "{} in this file ({format}). Nothing has changed yet.",
        plural(total, "annotation", "annotations")
    )
}

/// The labels an import adds to the document's label set.
pub fn import_new_labels(labels: &[&str]) -> String {
    format!(
        "{} this document's label set, beside Claim, Source and Quote: {}.",
        if labels.len() == 1 {
            "A new label joins"
        } else {
            "New labels join"
        },
        labels.join(", ")
    )
}

/// How many of an import's annotations are here already.
pub fn import_duplicates(count: usize) -> String {
    format!(
        "{} already here (same text and tag) will not be added twice.",
        plural(count, "annotation is", "annotations are")
    )
}

/// The relations of an import: how many the file has, and how many
/// adding them would skip (already here, or an end that is not added).
pub fn import_relations(total: usize, skipped: usize) -> String {
    let found = format!("{} between them", plural(total, "relation", "relations"));
    match skipped {
        0 => format!("{found}."),
        n => format!(
            "{found}; {n} of them would not be added (already here, or an end that is not imported)."
        ),
    }
}

/// How many more warnings there are than are shown.
pub fn more_warnings(count: usize) -> String {
    format!("… and {count} more.")
}

// The annotation list and editor, the article (`crate::components`).

/// The editor with no annotation selected.
pub const EDITOR_EMPTY: &str = "Click a highlight or a list entry to edit its tag and note.";

/// An imported annotation placed by moving.
pub const PLACED_BY_MOVING: &str =
    "Imported: its quote was found at another place than the file said.";

/// An imported annotation placed by approximate match, `percent` similar.
pub fn placed_by_approximate_match(percent: u16) -> String {
    format!(
        "Imported: placed by approximate match ({percent}% similar); the text differs from what the file quoted."
    )
}

/// The list with no annotations at all.
pub const NO_ANNOTATIONS_YET: &str =
    "No annotations yet: select text in the article and press 1, 2 or 3.";

/// The list with no annotation passing the filter.
pub const NO_MATCH: &str = "No annotation matches the filter.";

/// How to tag, for assistive technology.
pub const ARTICLE_HELP: &str = "Select text with the mouse, or with Shift and the arrow keys, then press 1, 2 or 3 to tag it as a claim, source or quote.";

// Loading articles and Marginalia files (`crate::loading`).

/// A Marginalia file that could not be imported.
pub fn nothing_imported(error: &dyn Display) -> String {
    format!("Nothing was imported: {error}.")
}

/// A Marginalia file was imported as `title` with `count` annotations.
pub fn imported(title: &str, count: usize) -> String {
    format!(
        "Imported “{title}” with {count} annotation{}.",
        if count == 1 { "" } else { "s" }
    )
}

/// An import took the place of an unannotated copy.
pub const REPLACES_UNANNOTATED_COPY: &str = "It replaces the unannotated copy of the same article.";

/// An import whose id the library already used.
pub const IMPORTED_AS_COPY: &str =
    "Your library already had a document with this id, so the import was added as a copy.";

/// An imported annotation moved from `from` to `to` (code points).
pub fn annotation_moved(id: &dyn Display, from: (usize, usize), to: (usize, usize)) -> String {
    format!(
        "Annotation {id} did not match its quote at {}–{} and was placed where the quote is ({}–{}).",
        from.0, from.1, to.0, to.1
    )
}

/// `count` imported annotations had no id.
pub fn ids_assigned(count: usize) -> String {
    format!("{count} annotation(s) without an id were given one.")
}

/// A file could not be opened.
pub fn could_not_open(name: &str, error: &dyn Display) -> String {
    format!("Could not open “{name}”: {error}. Nothing was changed.")
}

/// A Marginalia file's message, after its name.
pub fn in_file(name: &str, message: &str) -> String {
    format!("“{name}”: {message}")
}

/// An article file became the document `title`.
pub fn opened_as_new_document(title: &str) -> String {
    format!("Opened “{title}” as a new document.")
}

/// Added to [`opened_as_new_document`] for a file that was not UTF-8.
pub const READ_AS_WINDOWS_1252: &str = " The file was not UTF-8, so it was read as Windows-1252.";

/// The codebook was replaced or changed.
pub fn codebook_changed(name: &str) -> String {
    match name {
        "" => "Codebook updated (Ctrl+Z undoes it).".into(),
        name => format!("Codebook updated: {name} (Ctrl+Z undoes it)."),
    }
}

/// A label could not be renamed.
pub fn cannot_rename(label: &str, why: &dyn Display) -> String {
    format!("\u{201c}{label}\u{201d} was not renamed: {why}.")
}

/// A label was renamed.
pub fn label_renamed(from: &str, to: &str) -> String {
    format!("Renamed \u{201c}{from}\u{201d} to \u{201c}{to}\u{201d} on every annotation (Ctrl+Z undoes it).")
}

/// The annotator's name was set.
pub fn annotator_named(name: &str) -> String {
    if name.is_empty() {
        "Your annotations now carry no name (only this browser's annotator id).".into()
    } else {
        format!("Your annotations now say they are by \u{201c}{name}\u{201d}.")
    }
}

/// The annotator's name could not be stored.
pub fn annotator_not_saved(why: &dyn Display) -> String {
    format!("Your annotator name was not saved: {why}. It is used until you leave the page.")
}

/// Refusing to change another annotator's annotation.
pub fn not_yours(owner: &str) -> String {
    format!("This annotation is {owner}\u{2019}s: it cannot be changed here. Copy to mine makes it yours to edit.")
}

/// A copy of another annotator's annotation was made.
pub const COPIED_TO_MINE: &str = "Copied as your annotation (Ctrl+Z takes the copy back).";

/// Asked on an export while the annotator has no name.
pub const NAME_YOURSELF: &str = " Your annotations carry no name yet: type one under Annotator name (in the Library) and exports will say who made them.";

/// A label was deleted with its annotations.
pub fn label_deleted(label: &str, uses: usize) -> String {
    match uses {
        0 => format!("Label \u{201c}{label}\u{201d} deleted (Ctrl+Z brings it back)."),
        n => format!(
            "Label \u{201c}{label}\u{201d} deleted with its {} (Ctrl+Z brings them back).",
            crate::words::plural(n, "annotation", "annotations")
        ),
    }
}

/// The Agreement panel with fewer than two layers shown.
pub const AGREEMENT_NEEDS_TWO: &str = "Agreement compares the layers of at least two annotators: import another annotator's file of this article (W3C, brat, Label Studio, Marginalia), or show the layers you hid.";

/// The Compare view with fewer than two layers shown (the gold layer apart).
pub const COMPARE_NEEDS_TWO: &str = "Compare needs the layers of at least two annotators (the gold layer apart): import another annotator's file of this article, or show the layers you hid.";

/// The import summary's line about the annotators a file names.
pub fn import_layers(layers: &[(marginalia_core::Annotator, usize)]) -> String {
    let each: Vec<String> = layers
        .iter()
        .map(|(who, n)| format!("{} ({n})", who.shown_name()))
        .collect();
    format!(
        "By {}: {} as {} layer{}, read-only here (Copy to mine takes one over).",
        each.join(", "),
        if layers.len() == 1 {
            "it comes in"
        } else {
            "they come in"
        },
        if layers.len() == 1 {
            "their"
        } else {
            "their own"
        },
        if layers.len() == 1 { "" } else { "s" }
    )
}

/// After taking another annotator's layer over.
pub fn taken_over(n: usize) -> String {
    format!(
        "{} now yours (Ctrl+Z undoes it).",
        crate::words::plural(n, "annotation is", "annotations are")
    )
}

/// The longest label name shown in full in buttons, badges and lists.
pub const SHORT_LABEL: usize = 32;

/// A label's name as buttons, badges and lists show it: cut to
/// [`SHORT_LABEL`] code points with "…" (the whole name goes in a title,
/// shown on hover).
pub fn shortened(name: &str) -> String {
    if name.chars().count() <= SHORT_LABEL {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(SHORT_LABEL - 1).collect();
    cut.push('…');
    cut
}

/// "1 paragraph", "12 paragraphs".
pub fn paragraphs(n: usize) -> String {
    if n == 1 {
        "1 paragraph".into()
    } else {
        format!("{n} paragraphs")
    }
}

/// What the page bar says of the reading shown (`whole`: the page's whole
/// text; else its extracted article), before its switch button.
pub fn page_shown(whole: bool, n: usize) -> String {
    let what = if whole {
        "Whole page text"
    } else {
        "Article extracted"
    };
    format!("{what} ({}); ", paragraphs(n))
}

/// The page bar's button: switch to the other reading.
pub fn page_switch(whole: bool) -> &'static str {
    if whole {
        "show the extracted article instead"
    } else {
        "show the whole page text instead"
    }
}

fn reading(to_whole: bool) -> &'static str {
    if to_whole {
        "the whole page text"
    } else {
        "the extracted article"
    }
}

/// The document now holds the other reading (`from_whole`: it held the
/// whole text) of `n` paragraphs.
pub fn page_switched(from_whole: bool, n: usize) -> String {
    format!("Showing {} ({}).", reading(!from_whole), paragraphs(n))
}

/// The other reading opened as a new document, the annotated one kept.
pub fn page_switched_to_new(from_whole: bool, n: usize) -> String {
    format!(
        "Opened {} ({}) as a new document, so that the annotations already made keep their places.",
        reading(!from_whole),
        paragraphs(n)
    )
}

// The CouchDB sync (`crate::sync`).

/// The server cannot be reached.
pub const SYNC_OFFLINE: &str =
    "The server cannot be reached. Your work is kept here and sent when it is back.";

/// Connecting without a user name.
pub const SYNC_NO_USER: &str = "Enter your user name on the server.";

/// While the sign-in is tried.
pub const SYNC_SIGNING_IN: &str = "Signing in…";

/// An admin action before connecting.
pub const SYNC_CONNECT_FIRST: &str = "Connect first, as an admin of the database.";

/// How a refusal's message begins (the status keeps it until it changes).
pub const SYNC_REFUSED_START: &str = "The server refused";

/// The sign-in did not work.
pub fn sync_sign_in_failed(e: &marginalia_sync::SyncError) -> String {
    use marginalia_sync::SyncError::*;
    match e {
        Unauthorized(_) => "The server did not accept this user name and password.".into(),
        Forbidden(why) => format!("The server let you sign in but not into this database: {why}. An admin must add you to its members."),
        NoDatabase(_) => "There is no database at this address: check its last part, or ask an admin to create it.".into(),
        Offline => "The server cannot be reached: check the address, and that the server allows this page (CORS, see docs/sync.md).".into(),
        other => format!("Could not connect: {other}."),
    }
}

/// A sync step failed (the reason, as the server gave it).
pub fn sync_failed(e: &marginalia_sync::SyncError) -> String {
    format!("Sync stopped: {e}. Your work is kept here; it is tried again.")
}

/// The server refused `n` changes.
pub fn sync_refused(n: usize, reason: &str) -> String {
    format!(
        "{SYNC_REFUSED_START} {}: {reason}. They are kept here, not sent again until changed.",
        plural(n, "change", "changes")
    )
}

/// The sync's data could not be stored here.
pub fn sync_not_stored(e: &impl Display) -> String {
    format!("The sync could not store its copy here ({e}); it is rebuilt from the server on the next connect. Nothing of your work is lost.")
}

/// The browser's storage has no room for the sync's copy of the server.
pub const SYNC_NO_ROOM: &str = "This browser's storage has no room left for the sync's copy of the server (your library comes first), so the next connect fetches it again. Nothing of your work is lost.";

/// A document that came from the server could not be stored here.
pub fn sync_document_not_stored(title: &str, e: &impl Display) -> String {
    format!("\u{201c}{title}\u{201d} came from the server but could not be stored in this browser ({e}); it stays on the server and comes again on the next connect.")
}

/// The database was prepared.
pub fn sync_prepared(members: &[String]) -> String {
    format!(
        "Database prepared: each annotator may change only their own annotations; members: {}.",
        members.join(", ")
    )
}

/// Preparing the database failed.
pub fn sync_prepare_failed(e: &marginalia_sync::SyncError) -> String {
    format!("Could not prepare the database (an admin of it must do this): {e}.")
}

/// This profile became the annotator the same user is elsewhere.
pub fn sync_same_annotator(name: &str) -> String {
    format!("Signed in: what you annotate here is {name}'s, as in your other browsers.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_shortened_by_code_points() {
        assert_eq!(shortened("PER"), "PER");
        let exact = "é".repeat(SHORT_LABEL);
        assert_eq!(shortened(&exact), exact);
        let long = format!("{}😀東{}", "a".repeat(SHORT_LABEL - 3), "b".repeat(60));
        let short = shortened(&long);
        assert_eq!(short.chars().count(), SHORT_LABEL);
        assert!(short.ends_with("😀東…"), "{short}");
    }

    #[test]
    fn counts_and_values_are_spelled_out() {
        assert_eq!(imported("T", 1), "Imported “T” with 1 annotation.");
        assert_eq!(imported("T", 2), "Imported “T” with 2 annotations.");
        assert_eq!(
            import_new_labels(&["PER"]),
            "A new label joins this document's label set, beside Claim, Source and Quote: PER."
        );
        assert!(import_new_labels(&["PER", "ORG"]).starts_with("New labels join"));
        assert_eq!(
            import_duplicates(1),
            "1 annotation is already here (same text and tag) will not be added twice."
        );
        assert_eq!(
            annotation_moved(&"a1", (1, 5), (10, 14)),
            "Annotation a1 did not match its quote at 1–5 and was placed where the quote is (10–14)."
        );
        assert_eq!(
            could_not_open("a.txt", &"the file is empty"),
            "Could not open “a.txt”: the file is empty. Nothing was changed."
        );
        assert!(unplaced_hint(1).starts_with("1 annotation from imports"));
    }
}
