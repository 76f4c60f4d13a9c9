//! A document's layers as the agreement measures see them
//! (`marginalia-agreement`): for each annotator chosen, their placed
//! annotations as marks (label and parts, in code points, in text order)
//! and their relations between those marks. Annotations that name no one
//! are in the layer of the annotator `me` (they were made here before
//! annotators were recorded).

use crate::{AnnotationId, Annotator, AnnotatorId, Document};
use marginalia_agreement::relations::Link;
pub use marginalia_agreement::report::{Figure, Measure};
use marginalia_agreement::{Layer, Mark};
use std::collections::HashMap;

/// The layers of `who` (in that order) in `doc`, named by their
/// annotators' shown names — made distinct, when two are alike, by adding
/// the id.
pub fn layers_of(doc: &Document, who: &[Annotator], me: &AnnotatorId) -> Vec<Layer> {
    let mut layers: Vec<Layer> = who
        .iter()
        .map(|a| Layer {
            annotator: layer_name(a, who),
            ..Layer::default()
        })
        .collect();
    let slot: HashMap<&AnnotatorId, usize> =
        who.iter().enumerate().map(|(i, a)| (&a.id, i)).collect();
    // Where each annotation went: its layer and its index there.
    let mut placed: HashMap<&AnnotationId, (usize, usize)> = HashMap::new();
    for a in doc.annotations() {
        let Some(&layer) = slot.get(a.annotator.as_ref().unwrap_or(me)) else {
            continue;
        };
        let marks = &mut layers[layer].marks;
        placed.insert(&a.id, (layer, marks.len()));
        marks.push(Mark {
            label: a.tag.as_str().to_string(),
            parts: a.parts().collect(),
        });
    }
    for r in doc.relations() {
        let (Some(&(layer, from)), Some(&(other, to))) = (placed.get(&r.from), placed.get(&r.to))
        else {
            continue;
        };
        // A relation between two annotators' annotations is in neither's.
        if layer == other {
            layers[layer].links.push(Link {
                from,
                to,
                kind: r.kind.as_str().to_string(),
            });
        }
    }
    layers
}

/// `a`'s shown name, with their id when another of `all` shows the same.
fn layer_name(a: &Annotator, all: &[Annotator]) -> String {
    let name = a.shown_name();
    let alike = all.iter().filter(|b| b.shown_name() == name).count();
    if alike > 1 {
        format!("{name} ({})", a.id)
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ann;
    use crate::{Command, Relation, RelationId, RelationKind, Tag, Timestamp};

    fn who(id: &str, name: &str) -> Annotator {
        Annotator::new(AnnotatorId::new(id).unwrap(), name)
    }

    #[test]
    fn each_annotator_gets_their_marks_and_links() {
        let (me, bo, bo2) = (who("a-me", ""), who("a-bo", "Bo"), who("a-bo2", "Bo"));
        let mut doc = crate::testing::doc("The minister said “we will not” 😀 today.");
        let mut add = |id: &str, tag: Tag, s: usize, e: usize, by: Option<&Annotator>| {
            let mut a = ann(id, tag, s, e);
            a.annotator = by.map(|b| b.id.clone());
            doc.apply(Command::Add(a)).unwrap();
        };
        add("s1", Tag::Source, 0, 12, None);
        add("q1", Tag::Quote, 18, 31, Some(&me));
        add("b1", Tag::Quote, 19, 30, Some(&bo));
        add("c1", Tag::Claim, 32, 33, Some(&bo2));
        let link = |id: &str, from: &str, to: &str| {
            Command::AddRelation(Relation {
                id: RelationId::new(id).unwrap(),
                kind: RelationKind::attributed_to(),
                from: AnnotationId::new(from).unwrap(),
                to: AnnotationId::new(to).unwrap(),
                note: String::new(),
                created: Timestamp::new("2026-12-04T10:00:00Z").unwrap(),
            })
        };
        doc.apply(link("r1", "q1", "s1")).unwrap();
        doc.apply(link("r2", "b1", "s1")).unwrap();
        let layers = layers_of(&doc, &[me.clone(), bo.clone(), bo2.clone()], &me.id);
        let names: Vec<&str> = layers.iter().map(|l| l.annotator.as_str()).collect();
        assert_eq!(names, ["Unnamed annotator", "Bo (a-bo)", "Bo (a-bo2)"]);
        let mine: Vec<(&str, Vec<(usize, usize)>)> = layers[0]
            .marks
            .iter()
            .map(|m| {
                (
                    m.label.as_str(),
                    m.parts.iter().map(|p| (p.start, p.end)).collect(),
                )
            })
            .collect();
        assert_eq!(mine, [("source", vec![(0, 12)]), ("quote", vec![(18, 31)])]);
        assert_eq!(layers[0].links.len(), 1);
        assert_eq!((layers[0].links[0].from, layers[0].links[0].to), (1, 0));
        assert!(layers[1].links.is_empty(), "across layers: in neither");
        let emoji = &layers[2].marks[0].parts[0];
        assert_eq!(
            (emoji.start, emoji.end),
            (32, 33),
            "after the emoji, in code points"
        );
        let only_bo = layers_of(&doc, &[bo], &me.id);
        assert_eq!(only_bo.len(), 1);
        assert_eq!(only_bo[0].annotator, "Bo");
    }
}
