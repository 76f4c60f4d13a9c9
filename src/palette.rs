//! The colours a document's codebook gives its labels, as style rules: the
//! style sheet's own colours stay for every tag the codebook leaves at the
//! default of its place; a colour the user chose becomes the tag's ink (its
//! line and letter) and, laid at [`FILL_ALPHA`] over the paper, its fill.

use crate::view::tag_style;
use marginalia_core::codebook::colour::{Colour, FILL_ALPHA, PAPER};
use marginalia_core::codebook::default_colour;
use marginalia_core::Document;
use std::fmt::Write;

/// The style rules for `doc`'s chosen colours (empty when it has none).
pub fn rules(doc: &Document) -> String {
    let mut css = String::new();
    let codebook = doc.codebook();
    for (i, tag) in &doc.shown_tags() {
        let Some(def) = codebook.def(tag) else {
            continue;
        };
        if def.colour == default_colour(*i) {
            continue; // the style sheet's own colours
        }
        let style = tag_style(doc, tag);
        let fill = fill(def.colour);
        let _ = match style {
            "claim" | "source" | "quote" => writeln!(
                css,
                ":root {{ --{style}-ink: {}; --{style}-fill: {fill}; }}",
                def.colour
            ),
            _ => writeln!(
                css,
                ".t-{style}, .tag-{style} {{ --x-ink: {}; --x-fill: {fill}; }}",
                def.colour
            ),
        };
    }
    css
}

/// The fill of a highlight of `colour`, opaque (so that it reads the same
/// as the contrast check computed it).
fn fill(colour: Colour) -> Colour {
    colour.over(PAPER, FILL_ALPHA)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::codebook::Codebook;
    use marginalia_core::{Command, DocumentId, Label, Metadata, Text, Timestamp};

    #[test]
    fn only_chosen_colours_become_rules() {
        let mut d = Document::new(
            DocumentId::new("d").unwrap(),
            Metadata::default(),
            Text::new("x"),
            Timestamp::new("2026-01-01T00:00:00Z").unwrap(),
        );
        d.apply(Command::Batch(vec![
            Command::AddLabel(Label::new("Cue").unwrap()),
            Command::SetCodebook(Box::new(Codebook::attribution())),
        ]))
        .unwrap();
        assert_eq!(
            rules(&d),
            "",
            "the template keeps the style sheet's colours"
        );
        let mut c = Codebook::attribution();
        c.labels[1].colour = Colour(0, 0, 0);
        c.labels[3].colour = Colour::parse("#ff0000").unwrap();
        d.apply(Command::SetCodebook(Box::new(c))).unwrap();
        assert_eq!(
            rules(&d),
            ":root { --source-ink: #000000; --source-fill: #bfbeba; }\n\
             .t-x0, .tag-x0 { --x-ink: #ff0000; --x-fill: #ffbeba; }\n"
        );
    }
}
