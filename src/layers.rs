//! Layers: each annotator's annotations, shown or hidden together. This
//! profile's annotator's layer holds their annotations and those that name
//! no one (made before annotators were recorded); every other annotator's
//! layer is drawn with an outline style of its own (dashed, dotted, double,
//! thick), so that layers are told apart without colour, and their rows
//! carry the annotator's initials.

use marginalia_core::compare::Kind;
use marginalia_core::{Annotation, Annotator, AnnotatorId, Document};

/// Outline styles of the other layers, by the annotator's place among the
/// document's other annotators (they repeat after four).
const OUTLINES: [&str; 4] = ["layer-a", "layer-b", "layer-c", "layer-d"];

/// Which layers are shown, for this profile's annotator, and — while the
/// Compare view is open — the annotations in an unresolved disagreement,
/// marked in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layers {
    /// This profile's annotator.
    pub me: AnnotatorId,
    /// The annotators whose layers are hidden.
    pub hidden: Vec<AnnotatorId>,
    /// The annotations in an unresolved disagreement, with its kind.
    pub disputed:
        Option<std::rc::Rc<std::collections::HashMap<marginalia_core::AnnotationId, Kind>>>,
}

impl Layers {
    /// Every layer shown, for `me`.
    pub fn new(me: AnnotatorId) -> Self {
        Layers {
            me,
            hidden: Vec::new(),
            disputed: None,
        }
    }

    /// The layer `a` is in: its annotator's, or this annotator's when it
    /// names no one.
    pub fn layer_of<'a>(&'a self, a: &'a Annotation) -> &'a AnnotatorId {
        a.annotator.as_ref().unwrap_or(&self.me)
    }

    /// True when `a`'s layer is shown.
    pub fn shows(&self, a: &Annotation) -> bool {
        self.hidden.is_empty() || !self.hidden.contains(self.layer_of(a))
    }

    /// True when every layer is shown.
    pub fn all_shown(&self) -> bool {
        self.hidden.is_empty()
    }

    /// These layers with `who`'s shown when it was hidden, hidden when shown.
    pub fn toggled(&self, who: &AnnotatorId) -> Self {
        let mut next = self.clone();
        if let Some(at) = next.hidden.iter().position(|h| h == who) {
            next.hidden.remove(at);
        } else {
            next.hidden.push(who.clone());
        }
        next
    }

    /// The outline style (a CSS class) of `a`'s layer, `None` for this
    /// annotator's own.
    pub fn outline(&self, doc: &Document, a: &Annotation) -> Option<&'static str> {
        let who = self.layer_of(a);
        if *who == self.me {
            return None;
        }
        let place = doc
            .annotators()
            .iter()
            .filter(|x| x.id != self.me)
            .position(|x| &x.id == who)
            .unwrap_or(0);
        Some(OUTLINES[place % OUTLINES.len()])
    }

    /// The kind of the unresolved disagreement `a` is in, while comparing.
    pub fn dispute(&self, a: &Annotation) -> Option<Kind> {
        self.disputed.as_ref()?.get(&a.id).copied()
    }

    /// The annotator of another layer's annotation `a`, `None` for this
    /// annotator's own.
    pub fn other_annotator(&self, doc: &Document, a: &Annotation) -> Option<Annotator> {
        let who = self.layer_of(a);
        (*who != self.me).then(|| {
            doc.annotator(who)
                .cloned()
                .unwrap_or_else(|| Annotator::new(who.clone(), ""))
        })
    }
}

/// One layer, for its toggle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerCount {
    /// Its annotator.
    pub annotator: Annotator,
    /// True for this profile's annotator's own.
    pub mine: bool,
    /// Its placed annotations.
    pub count: usize,
    /// True when shown.
    pub shown: bool,
}

/// The layers of `doc` with their counts — this annotator's first, then
/// the others in the document's order — when there are at least two
/// (else there is nothing to choose and the toggles are not shown).
pub fn layer_counts(doc: &Document, layers: &Layers, me: &Annotator) -> Vec<LayerCount> {
    let others: Vec<&Annotator> = doc
        .annotators()
        .iter()
        .filter(|a| a.id != layers.me)
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    let mut counts = vec![0usize; others.len() + 1];
    for a in doc.annotations() {
        let who = layers.layer_of(a);
        let slot = others
            .iter()
            .position(|o| &o.id == who)
            .map_or(0, |i| i + 1);
        counts[slot] += 1;
    }
    let entry = |annotator: &Annotator, count: usize, mine: bool| LayerCount {
        shown: !layers.hidden.contains(&annotator.id),
        annotator: annotator.clone(),
        mine,
        count,
    };
    let mut out = vec![entry(me, counts[0], true)];
    out.extend(
        others
            .iter()
            .zip(&counts[1..])
            .map(|(o, &n)| entry(o, n, false)),
    );
    out
}

/// The annotators whose layers the agreement compares: those shown that
/// made annotations here or are recorded in the document (an annotator who
/// marked nothing is an empty layer), in the toggles' order.
pub fn agreeing(doc: &Document, layers: &Layers, me: &Annotator) -> Vec<Annotator> {
    let counts = layer_counts(doc, layers, me);
    counts
        .into_iter()
        .filter(|l| l.shown && (l.count > 0 || doc.annotator(&l.annotator.id).is_some()))
        .map(|l| l.annotator)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::testing::ann;
    use marginalia_core::{Command, Tag};

    fn who(id: &str, name: &str) -> Annotator {
        Annotator::new(AnnotatorId::new(id).unwrap(), name)
    }

    #[test]
    fn layers_count_hide_and_outline_each_annotator() {
        let me = who("a-me", "Me");
        let (bo, cy) = (who("a-bo", "Bo"), who("a-cy", "Cy"));
        let mut doc = Document::new(
            marginalia_core::DocumentId::new("d").unwrap(),
            marginalia_core::Metadata::default(),
            marginalia_core::Text::new("Some text here, and more."),
            marginalia_core::Timestamp::new("2026-12-04T10:00:00Z").unwrap(),
        );
        let add = |id: &str, by: Option<&Annotator>, at: usize| {
            let mut a = ann(id, Tag::Quote, at, at + 4);
            a.annotator = by.map(|b| b.id.clone());
            Command::Add(a)
        };
        let batch = vec![
            Command::SetAnnotators(vec![me.clone(), bo.clone(), cy.clone()]),
            add("m1", Some(&me), 0),
            add("old", None, 5),
            add("b1", Some(&bo), 10),
            add("c1", Some(&cy), 15),
            add("c2", Some(&cy), 20),
        ];
        doc.apply(Command::Batch(batch)).unwrap();
        let layers = Layers::new(me.id.clone());
        let counts = layer_counts(&doc, &layers, &me);
        let seen: Vec<(&str, usize, bool)> = counts
            .iter()
            .map(|c| (c.annotator.name.as_str(), c.count, c.mine))
            .collect();
        assert_eq!(seen, [("Me", 2, true), ("Bo", 1, false), ("Cy", 2, false)]);
        let of = |id: &str| {
            doc.annotation(&marginalia_core::AnnotationId::new(id).unwrap())
                .unwrap()
        };
        assert_eq!(layers.outline(&doc, of("old")), None);
        assert_eq!(layers.outline(&doc, of("b1")), Some("layer-a"));
        assert_eq!(layers.outline(&doc, of("c2")), Some("layer-b"));
        let hidden = layers.toggled(&cy.id);
        assert!(!hidden.shows(of("c1")) && hidden.shows(of("b1")) && hidden.shows(of("old")));
        assert!(!layer_counts(&doc, &hidden, &me)[2].shown);
        assert_eq!(hidden.toggled(&cy.id), layers);
        let names = |l: &Layers| -> Vec<String> {
            agreeing(&doc, l, &me).into_iter().map(|a| a.name).collect()
        };
        assert_eq!(names(&layers), ["Me", "Bo", "Cy"]);
        assert_eq!(names(&hidden), ["Me", "Bo"]);
        let mine_only = Layers::new(me.id.clone()).toggled(&me.id);
        assert!(!mine_only.shows(of("old")), "what names no one is mine");
    }
}
