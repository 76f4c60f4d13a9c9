//! The **Statistics** panel: annotations per label (and per annotator,
//! when several made them), who is quoted how often
//! (sources grouped by their text, with the quotes and claims attributed
//! to them), the quotes and claims not yet attributed, and where each label
//! falls along the article — a small chart, with the same figures as a
//! table for the keyboard and screen readers.

use crate::actions::AppContext;
use crate::view::tag_style;
use marginalia_core::statistics::{statistics, Statistics};
use yew::prelude::*;

/// One lane of the chart (and row of its table).
struct Lane<'s> {
    /// Its name: the label, with the annotator's initials when several.
    name: String,
    /// The label (`data-label`).
    label: String,
    /// The annotator's name (`data-annotator`), when several annotated.
    who: Option<String>,
    /// Its counts per stretch.
    bins: &'s [usize],
    /// The label's style name.
    style: &'static str,
}

/// One lane per label, or — when several annotated — per label and
/// annotator (named by the label and the annotator's initials).
fn lanes_of<'s>(stats: &'s Statistics, styles: &[&'static str]) -> Vec<Lane<'s>> {
    let layered = stats.by_annotator.len() > 1;
    let mut out = Vec::new();
    for (t, l) in stats.labels.iter().enumerate() {
        let label = l.tag.as_str().to_string();
        if !layered {
            out.push(Lane {
                name: l.tag.label().to_string(),
                label,
                who: None,
                bins: &stats.spread[t],
                style: styles[t],
            });
            continue;
        }
        for c in &stats.by_annotator {
            let who = c.annotator.as_ref();
            let initials = who.map_or("–".to_string(), |a| a.initials());
            out.push(Lane {
                name: format!("{} · {initials}", l.tag.label()),
                label: label.clone(),
                who: Some(who.map_or("Not recorded".to_string(), |a| a.shown_name().to_string())),
                bins: &c.spread[t],
                style: styles[t],
            });
        }
    }
    out
}

/// How many stretches the article is cut into for the chart.
const BINS: usize = 20;
/// The chart's room for the lanes' names (of 10 per stretch).
const GUTTER: usize = 60;

/// The panel.
#[component(StatisticsPanel)]
pub fn statistics_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    // Opened from the toolbar wherever the article is scrolled: the panel
    // takes the focus, which brings it into view.
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| crate::web::dom::focus(&heading));
    }
    let (stats, styles, unlinked) = state.with_doc(|doc| {
        let stats = statistics(doc, BINS);
        let styles: Vec<&'static str> = stats
            .labels
            .iter()
            .map(|l| tag_style(doc, &l.tag))
            .collect();
        (stats, styles, crate::listing::unlinked_count(doc))
    });
    html! {
        <section class="codebook-panel statistics-panel" data-testid="statistics" role="dialog" aria-labelledby="statistics-heading">
            <div class="codebook-row">
                <h2 id="statistics-heading" tabindex="-1" ref={heading}>{ "Statistics" }</h2>
                { crate::components::close_panel(&state, "Close the statistics") }
            </div>
            { label_table(&stats) }
            <p data-testid="statistics-unlinked">
                { format!("Not yet attributed: {}.", crate::words::plural(unlinked, "quote or claim", "quotes and claims")) }
            </p>
            { sources_table(&stats) }
            { spread(&stats, &styles) }
        </section>
    }
}

/// Annotations per label, and per annotator when more than one made them.
fn label_table(stats: &Statistics) -> Html {
    let layered = stats.by_annotator.len() > 1;
    let who = |c: &marginalia_core::statistics::AnnotatorCount| {
        c.annotator
            .as_ref()
            .map_or("Not recorded".to_string(), |a| a.shown_name().to_string())
    };
    let rows = stats.labels.iter().enumerate().map(|(i, l)| {
        let per = stats.by_annotator.iter().filter(|_| layered).map(|c| {
            html! { <td data-annotator={who(c)}>{ c.counts[i] }</td> }
        });
        html! {
            <tr data-testid="statistics-label" data-label={l.tag.as_str().to_string()} data-count={l.placed.to_string()}>
                <th scope="row" title={l.tag.label().to_string()}>{ crate::texts::shortened(l.tag.label()) }</th>
                <td>{ l.placed }</td>
                { for per }
                <td>{ l.unplaced }</td>
            </tr>
        }
    });
    let heads = stats
        .by_annotator
        .iter()
        .filter(|_| layered)
        .map(|c| html! { <th scope="col">{ who(c) }</th> });
    html! {
        <table class="statistics-table">
            <caption>{ "Annotations per label" }</caption>
            <thead><tr><th scope="col">{ "Label" }</th><th scope="col">{ "In the text" }</th>{ for heads }<th scope="col">{ "Unplaced" }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Who is quoted how often.
fn sources_table(stats: &Statistics) -> Html {
    if stats.sources.is_empty() {
        return html! { <p>{ "No sources yet." }</p> };
    }
    let rows = stats.sources.iter().map(|s| {
        html! {
            <tr data-testid="statistics-source" data-name={s.name.clone()} data-attributed={s.attributed.to_string()}>
                <th scope="row">{ s.name.clone() }</th>
                <td>{ s.mentions }</td>
                <td>{ s.attributed }</td>
            </tr>
        }
    });
    html! {
        <table class="statistics-table">
            <caption>{ "Who is quoted" }</caption>
            <thead><tr><th scope="col">{ "Source" }</th><th scope="col">{ "Mentions" }</th><th scope="col">{ "Quotes and claims attributed" }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Where each label's annotations begin along the article: one lane per
/// label, one cell per twentieth of the text, darker for more; the same
/// counts as a table below.
fn spread(stats: &Statistics, styles: &[&'static str]) -> Html {
    let most = stats
        .spread
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let lane = 14;
    let lane_rows = lanes_of(stats, styles);
    let height = (lane * lane_rows.len()).max(1);
    let lanes = lane_rows.iter().enumerate().map(|(row, Lane { name, label, who, bins, style })| {
        let cells = bins.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| {
            // In hundredths, written without float formatting (which costs
            // the first load ~8 KB).
            let hundredths = 25 + 75 * *n / most;
            let opacity = if hundredths >= 100 { "1".to_string() } else { format!("0.{hundredths:02}") };
            html! { <rect x={(GUTTER + i * 10).to_string()} y={(row * lane + 2).to_string()} width="9" height={(lane - 4).to_string()} fill-opacity={opacity} /> }
        });
        // The lane's name: the chart does not rely on colour alone.
        let text = html! { <text x="0" y={(row * lane + lane - 4).to_string()}>{ name.clone() }</text> };
        html! { <g class={classes!("lane", format!("tag-{style}"))} data-label={label.clone()} data-annotator={who.clone()}>{ text }{ for cells }</g> }
    });
    let summary = stats
        .labels
        .iter()
        .map(|l| format!("{} {}", l.placed, l.tag.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let head = (0..BINS).map(|i| html! { <th scope="col">{ format!("{}–{}%", i * 100 / BINS, (i + 1) * 100 / BINS) }</th> });
    let rows = lane_rows.iter().map(|Lane { name, who, bins, .. }| {
        let name = match who {
            Some(who) => format!("{name} ({who})"),
            None => name.clone(),
        };
        html! { <tr><th scope="row">{ name }</th>{ for bins.iter().map(|n| html! { <td>{ n }</td> }) }</tr> }
    });
    html! {
        <figure class="statistics-spread">
            <figcaption>{ "Where each label falls along the article (start to end)" }</figcaption>
            <svg data-testid="statistics-chart" role="img" viewBox={format!("0 0 {} {height}", GUTTER + BINS * 10)}
                 aria-label={format!("Annotations along the article, by label: {summary}. The table below gives the counts per stretch.")}>
                { for lanes }
            </svg>
            <details>
                <summary>{ "As a table" }</summary>
                <table class="statistics-table" data-testid="statistics-spread-table">
                    <thead><tr><th scope="col">{ "Label" }</th>{ for head }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}
