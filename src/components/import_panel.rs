//! The summary of an import from another tool, shown before anything
//! changes: how many annotations were found and how each was placed; the
//! user then merges, replaces, opens the file's own article, or cancels.

use crate::actions::{self, AppContext};
use crate::state::Action;
use crate::state::PendingImport;
use crate::texts;
use crate::web::dom;
use crate::words::plural;
use marginalia_core::import::{ImportPlan, Mode, Planned, Summary};
use marginalia_core::Anchoring;
use yew::prelude::*;

/// How many placed-but-not-exact annotations are listed by name.
const LISTED: usize = 50;
/// How many of the reader's warnings are shown.
const WARNINGS: usize = 20;

/// The import summary dialog.
#[component(ImportPanel)]
pub fn import_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    // Focus goes to the main choice, so keyboard users land in the dialog.
    let primary = use_node_ref();
    {
        let primary = primary.clone();
        let shown = state
            .pending_import
            .as_ref()
            .map(|pending| pending.name.clone());
        use_effect_with(shown, move |_| dom::focus(&primary));
    }
    // When the dialog goes, the focus goes to the article (not back to the
    // file input, where keyboard shortcuts such as Ctrl+Z do not apply).
    use_effect_with((), |_| {
        || dom::focus_id(crate::components::article::ARTICLE_ID)
    });
    let Some(pending) = state.pending_import.clone() else {
        return html! {};
    };
    let summary = &pending.summary;
    let merge = &pending.merge;
    html! {
        <section class="import-panel" role="dialog" aria-labelledby="import-heading" data-testid="import-panel">
            <h2 id="import-heading">{ format!("Import from {}", pending.name) }</h2>
            <p>{ texts::import_found(summary.total, format_name(pending.plan.format)) }</p>
            { outcomes(summary) }
            if !summary.layers.is_empty() {
                <p data-testid="import-layers">{ texts::import_layers(&summary.layers) }</p>
            }
            if !merge.labels.is_empty() {
                <p data-testid="import-labels">{ texts::import_new_labels(
                    &merge.labels.iter().map(|label| label.as_str()).collect::<Vec<_>>()
                ) }</p>
            }
            if merge.duplicates > 0 {
                <p>{ texts::import_duplicates(merge.duplicates) }</p>
            }
            if summary.relations > 0 {
                <p data-testid="import-relations">{ texts::import_relations(summary.relations, merge.relations_skipped) }</p>
            }
            { warnings(&pending.plan.warnings) }
            if summary.total > summary.exact {
                { doubtful_list(&pending.plan) }
            }
            { action_buttons(&state, &pending, primary) }
        </section>
    }
}

/// How many annotations were placed in each way.
fn outcomes(summary: &Summary) -> Html {
    let counts = [
        ("anchored exactly", summary.exact, "exact"),
        ("moved (same text, elsewhere)", summary.moved, "moved"),
        ("placed by approximate match", summary.fuzzy, "fuzzy"),
        (
            "ambiguous (kept unplaced, to attach by hand)",
            summary.ambiguous,
            "ambiguous",
        ),
        (
            "orphaned (not found; kept unplaced, to attach by hand)",
            summary.orphaned,
            "orphaned",
        ),
    ]
    .into_iter()
    .map(|(what, n, key)| {
        html! { <li data-outcome={key}><span class="n">{ n }</span>{ " " }{ what }</li> }
    });
    html! { <ul class="outcomes" data-testid="import-summary">{ for counts }</ul> }
}

/// The reader's first warnings, and how many more there are.
fn warnings(warnings: &[String]) -> Html {
    html! {
        <>
            { for warnings.iter().take(WARNINGS).map(|warning| html! { <p class="warning">{ warning.clone() }</p> }) }
            if warnings.len() > WARNINGS {
                <p class="warning">{ texts::more_warnings(warnings.len() - WARNINGS) }</p>
            }
        </>
    }
}

/// The first annotations not placed exactly, by name.
fn doubtful_list(plan: &ImportPlan) -> Html {
    let doubtful = plan
        .items
        .iter()
        .filter(|item| !matches!(item.anchoring, Anchoring::Exact { .. }))
        .take(LISTED)
        .map(doubtful_item);
    html! {
        <details class="doubtful">
            <summary>{ "Not placed exactly" }</summary>
            <ul>{ for doubtful }</ul>
        </details>
    }
}

/// One annotation not placed exactly: its label, its quote and how it was
/// placed.
fn doubtful_item(item: &Planned) -> Html {
    let (key, what) = match item.anchoring {
        Anchoring::Moved { .. } => ("moved", "moved".to_string()),
        Anchoring::Fuzzy { similarity, .. } => (
            "fuzzy",
            format!("approximate, {}% similar", similarity / 10),
        ),
        Anchoring::Ambiguous => ("ambiguous", "ambiguous".to_string()),
        Anchoring::Orphaned => ("orphaned", "orphaned".to_string()),
        Anchoring::Exact { .. } => ("exact", "exact".to_string()),
    };
    let quote = item
        .foreign
        .selector
        .quote
        .as_ref()
        .map(|text_quote| text_quote.exact.clone())
        .unwrap_or_default();
    html! {
        <li data-outcome={key}>
            <span class="label">{ item.foreign.label.clone() }</span>{ " " }
            <q>{ quote }</q>{ " — " }{ what }
        </li>
    }
}

/// The choices: merge, replace, open the file's article, cancel.
fn action_buttons(state: &AppContext, pending: &PendingImport, primary: NodeRef) -> Html {
    let on = |mode: Mode| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| actions::confirm_import(&state, mode))
    };
    let on_new = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| actions::import_as_new_document(&state))
    };
    let on_cancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CancelImport))
    };
    let on_guesses = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| actions::place_guesses(&state))
    };
    let guesses = pending.plan.guesses.len();
    let adds = pending.merge.placed + pending.merge.unplaced;
    let all = pending.summary.total;
    let has_text = pending.plan.text.is_some();
    // Another annotator's work comes in beside everyone's: replacing would
    // delete the layers already here (yours too), so it is not offered.
    let layers = &pending.summary.layers;
    let theirs = !layers.is_empty() && layers.iter().all(|(who, _)| who.id != state.me.id);
    html! {
        <div class="actions">
            <button class="primary" ref={primary} onclick={on(Mode::Merge)} disabled={adds == 0}>
                { format!("Add {} to this article", plural(adds, "annotation", "annotations")) }
            </button>
            if !theirs {
                <button onclick={on(Mode::Replace)} disabled={all == 0}>
                    { format!("Replace this article's {} with {all}", plural(pending.existing, "annotation", "annotations")) }
                </button>
            }
            if guesses > 0 {
                <button onclick={on_guesses}>{ format!("Place the {} anyway", plural(guesses, "approximate match", "approximate matches")) }</button>
            }
            if has_text { <button onclick={on_new}>{ "Open the file's article as a new document" }</button> }
            <button onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}

/// A format's name for people.
pub fn format_name(format: marginalia_core::import::FormatKind) -> &'static str {
    use marginalia_core::import::FormatKind::*;
    match format {
        Marginalia => "Marginalia JSON",
        W3c => "W3C Web Annotation",
        Brat => "brat standoff",
        Doccano => "doccano JSONL",
        LabelStudio => "Label Studio JSON",
        Recogito => "Recogito text annotator JSON",
        Csv => "CSV",
        Conll => "CoNLL",
    }
}
