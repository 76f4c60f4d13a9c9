//! The colours a document's codebook gives its labels, as style rules: the
//! style sheet's own colours stay for every tag the codebook leaves at the
//! default of its place; a colour the user chose becomes the tag's ink (its
//! line and letter) and, laid at [`FILL_ALPHA`] over the paper, its fill.

use crate::view::tag_style;
use marginalia_core::codebook::colour::{Colour, FILL_ALPHA, PAPER};
use marginalia_core::codebook::default_colour;
use marginalia_core::{Document, Tag};
use std::fmt::Write;

/// The style rules for `doc`'s chosen colours (empty when it has none).
pub fn rules(doc: &Document) -> String {
    let mut css = String::new();
    let codebook = doc.codebook();
    for (i, tag) in &doc.shown_tags() {
        let style = tag_style(doc, tag);
        let def = codebook.def_or_default(tag, *i);
        // The style sheet colours the three tags and the first twelve
        // labels at the defaults of their places.
        let in_sheet = *i < Tag::ALL.len() + SHEET_STYLES;
        if in_sheet && def.colour == default_colour(*i) {
            continue;
        }
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

/// How many label styles (`x0`…) the style sheet colours itself.
const SHEET_STYLES: usize = 12;

/// The fill of a highlight of `colour`, opaque (so that it reads the same
/// as the contrast check computed it).
fn fill(colour: Colour) -> Colour {
    colour.over(PAPER, FILL_ALPHA)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::codebook::Codebook;
    use marginalia_core::{Command, Label};

    #[test]
    fn only_chosen_colours_become_rules() {
        let mut d = marginalia_core::testing::doc("x");
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

    #[test]
    fn labels_past_the_style_sheet_get_rules_of_their_own() {
        let mut d = marginalia_core::testing::doc("x");
        let labels: Vec<Command> = (0..14)
            .map(|i| Command::AddLabel(Label::new(format!("L{i}")).unwrap()))
            .collect();
        d.apply(Command::Batch(labels)).unwrap();
        let css = rules(&d);
        assert!(!css.contains(".t-x11,"), "{css}");
        assert!(
            css.contains(".t-x12, .tag-x12 { --x-ink: #6d28d9;"),
            "{css}"
        );
        assert!(css.contains(".t-x13, .tag-x13 {"), "{css}");
        let l13 = Tag::Other(Label::new("L12").unwrap());
        assert_eq!(crate::view::tag_style(&d, &l13), "x12", "not x0's");
    }
}
