//! The connectors between the selected annotation and those it is related
//! to: arcs in the article's left margin, from the first line of one to the
//! first line of the other, with an arrow at the end the relation points
//! to. Decoration only (`aria-hidden`): the editor lists the same relations
//! as text, with their types. Drawn in the frame after the highlights are
//! (measuring them earlier would lay the article out twice: +8 ms on the
//! bench's link of 1 MB / 10k, against +1 ms this way), again after every
//! edit and when the window is resized.

use crate::web::dom;
use marginalia_core::AnnotationId;
use std::rc::Rc;
use yew::prelude::*;

/// The relations of the selected annotation: the other end of each, and
/// whether the relation starts at the selected one.
pub type Links = Rc<Vec<(AnnotationId, bool)>>;

/// Props of [`Connectors`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConnectorsProps {
    /// The element the connectors are drawn over (their origin).
    pub frame: NodeRef,
    /// The article's text column (the arcs are left of it).
    pub column: NodeRef,
    /// The selected annotation.
    pub selected: AnnotationId,
    /// Its relations: the other end, and whether the relation starts at
    /// the selected annotation.
    pub links: Links,
    /// The document's revision: an edit may move the highlights.
    pub revision: u64,
}

/// One connector: its path and the annotation at its other end.
#[derive(Clone, PartialEq)]
struct Drawn {
    d: String,
    other: AnnotationId,
    outgoing: bool,
}

/// The connectors of the selected annotation.
#[component(Connectors)]
pub fn connectors(props: &ConnectorsProps) -> Html {
    let drawn = use_state(Vec::<Drawn>::new);
    {
        let drawn = drawn.clone();
        let props = props.clone();
        let deps = (props.selected.clone(), props.links.clone(), props.revision);
        use_effect_with(deps, move |_| {
            // Measured in the frame that draws the highlights, not before
            // it (that would lay the whole article out twice).
            let (first, props2) = (drawn.clone(), props.clone());
            dom::next_frame(move || first.set(layout(&props2)));
            let again = dom::on_resize(move || drawn.set(layout(&props)));
            move || drop(again)
        });
    }
    let paths = drawn.iter().map(|c| {
        html! {
            <path class={classes!("connector", c.outgoing.then_some("outgoing"))} d={c.d.clone()}
                  data-other={c.other.to_string()} marker-end="url(#connector-arrow)" />
        }
    });
    html! {
        <svg class="connectors" aria-hidden="true" data-testid="connectors">
            <defs>
                <marker id="connector-arrow" viewBox="0 0 6 6" refX="5" refY="3"
                        markerWidth="6" markerHeight="6" orient="auto">
                    <path d="M0,0 L6,3 L0,6 z" />
                </marker>
            </defs>
            { for paths }
        </svg>
    }
}

/// The connectors as the page lays the highlights out now.
fn layout(props: &ConnectorsProps) -> Vec<Drawn> {
    let ids: Vec<&AnnotationId> = std::iter::once(&props.selected)
        .chain(props.links.iter().map(|(id, _)| id))
        .collect();
    let Some((left, rows)) = dom::highlight_rows(&props.frame, &props.column, &ids) else {
        return Vec::new();
    };
    let Some(at) = rows[0] else {
        return Vec::new();
    };
    props
        .links
        .iter()
        .zip(&rows[1..])
        .filter_map(|((other, outgoing), row)| {
            let row = (*row)?;
            let (from, to) = if *outgoing { (at, row) } else { (row, at) };
            Some(Drawn {
                d: arc(left, from, to),
                other: other.clone(),
                outgoing: *outgoing,
            })
        })
        .collect()
}

/// An arc in the margin left of `x`, from the row at `from` to the row at
/// `to` (whole pixels): the farther apart, the wider (up to 28 px); two
/// ends on one line make a small loop.
fn arc(x: i64, from: i64, to: i64) -> String {
    let reach = 10 + ((to - from).abs() / 24).min(18);
    let (x0, xm) = (x - 4, x - 4 - reach);
    let bend = if (to - from).abs() < 8 { 12 } else { 0 };
    let (c1, c2) = if to >= from {
        (from - bend, to + bend)
    } else {
        (from + bend, to - bend)
    };
    format!("M{x0} {from}C{xm} {c1} {xm} {c2} {x0} {to}")
}

#[cfg(test)]
mod tests {
    use super::arc;

    #[test]
    fn arcs_bulge_into_the_margin_by_distance() {
        assert_eq!(arc(40, 10, 250), "M36 10C16 10 16 250 36 250");
        assert_eq!(arc(40, 250, 10), "M36 250C16 250 16 10 36 10");
        // Far apart: at most 28 px out.
        assert_eq!(arc(40, 0, 5000), "M36 0C8 0 8 5000 36 5000");
        // On one line: a loop, not a flat line.
        assert_eq!(arc(40, 100, 100), "M36 100C26 88 26 112 36 100");
    }
}
