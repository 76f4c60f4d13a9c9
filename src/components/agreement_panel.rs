//! The **Agreement** panel: every agreement figure of the layers shown,
//! per label and overall (computed in the format engine, see
//! [`crate::engine::agree`]), the definitions that let a reader recompute
//! them, and the table as CSV. Each figure is a row with `data-measure`,
//! `data-label`, `data-annotators` (names, `|`-separated, in the order
//! used) and `data-value` (full precision, or `undefined`).

use crate::actions::AppContext;
use marginalia_core::agreement::{Figure, Measure};
use marginalia_core::engine::Agreement;
use yew::prelude::*;

/// The panel.
#[component(AgreementPanel)]
pub fn agreement_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    // Opened from the toolbar wherever the article is scrolled: the panel
    // takes the focus, which brings it into view.
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| crate::web::dom::focus(&heading));
    }
    let who = state.with_doc(|doc| crate::layers::agreeing(doc, &state.layers, &state.me));
    let enough = who.len() >= 2;
    // Asked again whenever the document or the layers shown change…
    {
        let state = state.clone();
        // …and when the engine is free again (another job may have held it,
        // or replaced this one).
        let idle = state.job.is_none();
        use_effect_with((state.agreement_key(), idle), move |_| {
            if enough && state.current_agreement().is_none() {
                crate::engine::agree(&state);
            }
        });
    }
    let names: Vec<&str> = who.iter().map(|a| a.shown_name()).collect();
    let body = match state.current_agreement() {
        _ if !enough => html! {
            <p class="empty" data-testid="agreement-none">{ crate::texts::AGREEMENT_NEEDS_TWO }</p>
        },
        None => html! { <p role="status">{ "Computing the agreement…" }</p> },
        Some(agreement) => table(agreement),
    };
    let csv = state.current_agreement().filter(|_| enough).map(|a| {
        let (content, stem) = (a.csv.clone(), state.with_doc(|d| marginalia_core::naming::export_stem(&d.meta().title)));
        let onclick = Callback::from(move |_: MouseEvent| {
            let _ = crate::web::files::download(&format!("{stem}-agreement.csv"), "text/csv", &content);
        });
        html! { <button {onclick} title="Download every figure as CSV: measure, label, annotators, value">{ "Export as CSV" }</button> }
    });
    html! {
        <section class="codebook-panel agreement-panel" role="dialog" aria-labelledby="agreement-heading">
            <div class="codebook-row">
                <h2 id="agreement-heading" tabindex="-1" ref={heading}>{ "Agreement" }</h2>
                { for csv }
                { crate::components::close_panel(&state, "Close the agreement") }
            </div>
            if enough {
                <p>{ format!("Between the layers shown: {}. Hide a layer (in the annotations list) to leave it out.", names.join(", ")) }</p>
            }
            { body }
            { help() }
        </section>
    }
}

/// The figures' table, grouped by label (overall last).
fn table(agreement: &Agreement) -> Html {
    let rows = agreement
        .figures
        .iter()
        .map(|f| row(f, &agreement.annotators));
    html! {
        <table class="agreement-table" data-testid="agreement">
            <caption>{ "Every figure, per label and overall (the first annotator of a pair is the reference)" }</caption>
            <thead><tr><th scope="col">{ "Label" }</th><th scope="col">{ "Measure" }</th>
                <th scope="col">{ "Annotators" }</th><th scope="col">{ "Value" }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// One figure's row.
fn row(f: &Figure, names: &[String]) -> Html {
    let label = f.label.clone().unwrap_or_else(|| "overall".into());
    let who: Vec<&str> = f
        .annotators
        .iter()
        .filter_map(|&i| names.get(i).map(String::as_str))
        .collect();
    let (value, shown) = match f.value {
        Some(v) => (crate::web::number_text(v), crate::web::fixed(v, 3)),
        None => ("undefined".to_string(), "undefined".to_string()),
    };
    html! {
        <tr data-measure={f.measure.name()} data-label={label.clone()}
            data-annotators={who.join("|")} data-value={value.clone()}>
            <td>{ label }</td>
            <td>{ measure_name(f.measure) }</td>
            <td>{ who.join(" · ") }</td>
            <td class={classes!("value", f.value.is_none().then_some("undefined"))} title={value}>{ shown }</td>
        </tr>
    }
}

/// How the panel names a measure.
fn measure_name(m: Measure) -> &'static str {
    match m {
        Measure::CohenKappa => "Cohen's κ",
        Measure::FleissKappa => "Fleiss' κ",
        Measure::KrippendorffAlpha => "Krippendorff's α (nominal)",
        Measure::KrippendorffAlphaU => "Krippendorff's unitizing α (α_u)",
        Measure::SpanExactPrecision => "Spans, exact: precision",
        Measure::SpanExactRecall => "Spans, exact: recall",
        Measure::SpanExactF1 => "Spans, exact: F1",
        Measure::SpanOverlapPrecision => "Spans, overlap: precision",
        Measure::SpanOverlapRecall => "Spans, overlap: recall",
        Measure::SpanOverlapF1 => "Spans, overlap: F1",
        Measure::RelationExactF1 => "Relations, exact ends: F1",
        Measure::RelationOverlapF1 => "Relations, overlapping ends: F1",
    }
}

/// The definitions (docs/agreement.md in short).
fn help() -> Html {
    html! {
        <details class="agreement-help">
            <summary>{ "How these figures are computed" }</summary>
            <ul>
                <li>{ "Coding units: every code point of the text that is not white space (Unicode White_Space). Per label L, an annotator's value for a unit is 1 if one of their annotations labelled L covers it, else 0. Overall, the value is the set of labels covering it, sorted and joined (quote+source), or none." }</li>
                <li>{ "Cohen's κ (each pair) and Fleiss' κ (all annotators shown) over those values; Krippendorff's α, nominal, for each pair and all. They equal scikit-learn's cohen_kappa_score and krippendorff.alpha(level_of_measurement=\"nominal\")." }</li>
                <li>{ "Spans (each pair, the first as the reference): exact when label and every part's start and end are the same; overlap when the label is the same and they share a code point. Precision over the second annotator's spans, recall over the first's, F1 = 2PR/(P+R)." }</li>
                <li>{ "Krippendorff's unitizing α (α_u), per label, over the whole text as a continuum, as in Krippendorff (2004) and DKPro Statistics." }</li>
                <li>{ "Relations (each pair): a relation matches when it has the same type and its ends match as spans do (exact, or overlap)." }</li>
                <li>{ "Undefined (never NaN): no units, no disagreement expected (one category only, e.g. nobody used the label), fewer than two annotators, or F1 when neither has a span." }</li>
            </ul>
            <p>{ "Every definition, with the formulas: docs/agreement.md in the source." }</p>
        </details>
    }
}
