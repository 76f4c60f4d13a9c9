//! A codebook as brat's configuration files — `annotation.conf` (entity
//! and relation types, with the relations' allowed arguments, and
//! attributes), `visual.conf` (names and colours) and `kb_shortcuts.conf`
//! (keys) — and `annotation.conf` read back as a codebook
//! (<https://brat.nlplab.org/configuration.html>).
//!
//! brat names cannot hold spaces nor the characters its configuration
//! reads as syntax: a name is written as its brat [`name`] (`_` for each),
//! and read back with `_` as a space (a label `Cue_word` reads as `Cue
//! word`; brat users' own `Geographical_part` reads as `Geographical part`
//! too, which is how brat's visual.conf usually names it). The full names
//! are in `visual.conf`'s `[labels]`; given with the `.ann`, they are read
//! back exactly ([`read_visual_names`]).

use super::colour::{Colour, FILL_ALPHA, PAPER};
use super::{
    default_colour, default_key, AttributeDef, AttributeKind, Codebook, LabelDef, RelationType,
};
use crate::annotation::Tag;
use crate::relation::RelationKind;
use std::fmt::Write;

/// The `annotation.conf` of `codebook` for a document whose shown tags are
/// `tags` (toolbar order, each with its place: see
/// [`crate::Document::shown_tags`]): every tag as an entity; each relation type with
/// its allowed arguments (`<ENTITY>` where any is allowed), then `extra`
/// relation types the document uses that the codebook lacks (with the
/// arguments they link); and the attributes, one line per name (a name
/// shared by labels with the same values lists them all as `Arg`; free-text
/// attributes, which brat has no type for, are named in a comment).
pub fn annotation_conf(
    codebook: &Codebook,
    tags: &[(usize, Tag)],
    extra: &[(String, Vec<String>, Vec<String>)],
) -> String {
    let mut out = String::from("[entities]\n");
    for (_, t) in tags {
        let _ = writeln!(out, "{}", name(t.as_str()));
    }
    out.push_str("\n[relations]\n");
    let ends = |list: &[Tag]| match list {
        [] => "<ENTITY>".to_string(),
        l => l
            .iter()
            .map(|t| name(t.as_str()))
            .collect::<Vec<_>>()
            .join("|"),
    };
    for r in &codebook.relations {
        let _ = writeln!(
            out,
            "{}\tArg1:{}, Arg2:{}",
            name(r.kind.as_str()),
            ends(&r.from),
            ends(&r.to)
        );
    }
    for (kind, from, to) in extra {
        let _ = writeln!(
            out,
            "{kind}\tArg1:{}, Arg2:{}",
            from.join("|"),
            to.join("|")
        );
    }
    out.push_str("\n[events]\n\n[attributes]\n");
    out.push_str(&attributes_conf(codebook));
    out
}

/// An attribute of a label as brat knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BratAttribute {
    /// The label.
    pub label: Tag,
    /// The attribute's name in the codebook.
    pub name: String,
    /// Its name in brat: its [`name`], or `{label}_{name}` when
    /// another label has an attribute of that name with other values.
    pub brat: String,
    /// Its values as brat names; `None` for a yes/no (a binary attribute).
    pub values: Option<Vec<String>>,
}

/// The codebook's attributes that brat can hold (free-text ones it
/// cannot), named as `annotation.conf` declares them and `A` lines use
/// them.
pub fn brat_attributes(codebook: &Codebook) -> Vec<BratAttribute> {
    let mut out: Vec<BratAttribute> = Vec::new();
    for d in &codebook.labels {
        for a in &d.attributes {
            let values = match &a.kind {
                AttributeKind::Choice { values } => Some(values.iter().map(|v| name(v)).collect()),
                AttributeKind::Flag => None,
                AttributeKind::Text => continue,
            };
            let mut brat = name(&a.name);
            if out.iter().any(|x| x.brat == brat && x.values != values) {
                brat = format!("{}_{brat}", name(d.name.as_str()));
            }
            out.push(BratAttribute {
                label: d.name.clone(),
                name: a.name.clone(),
                brat,
                values,
            });
        }
    }
    out
}

/// The `[attributes]` lines (see [`annotation_conf`]): one per brat name,
/// with every label that has it as `Arg`.
fn attributes_conf(codebook: &Codebook) -> String {
    let mut out = String::new();
    for d in &codebook.labels {
        for a in d
            .attributes
            .iter()
            .filter(|a| a.kind == AttributeKind::Text)
        {
            let _ = writeln!(
                out,
                "# \"{}\" of {}: free text, which brat attributes cannot hold",
                one_line(&a.name),
                name(d.name.as_str())
            );
        }
    }
    let all = brat_attributes(codebook);
    let mut done: Vec<&str> = Vec::new();
    for a in &all {
        if done.contains(&a.brat.as_str()) {
            continue;
        }
        done.push(&a.brat);
        let labels: Vec<String> = all
            .iter()
            .filter(|x| x.brat == a.brat)
            .map(|x| name(x.label.as_str()))
            .collect();
        let _ = match &a.values {
            Some(v) => writeln!(
                out,
                "{}\tArg:{}, Value:{}",
                a.brat,
                labels.join("|"),
                v.join("|")
            ),
            None => writeln!(out, "{}\tArg:{}", a.brat, labels.join("|")),
        };
    }
    out
}

/// `s` on one line (for a comment).
fn one_line(s: &str) -> String {
    s.replace(|c: char| c.is_control(), " ")
}

/// The `visual.conf` of `codebook` for `tags`: each tag's and relation
/// type's full name under `[labels]` (with the tag's letter as its short
/// form), and under `[drawing]` each tag's fill as `bgColor` (its colour
/// laid over the page, as Marginalia draws it) and each relation type's
/// line colour.
pub fn visual_conf(codebook: &Codebook, tags: &[(usize, Tag)]) -> String {
    let mut out = String::from("[labels]\n");
    for (_, t) in tags {
        let _ = writeln!(
            out,
            "{} | {} | {}",
            name(t.as_str()),
            full(t.label()),
            codebook.letter_of(t).to_uppercase()
        );
    }
    for r in &codebook.relations {
        let _ = writeln!(out, "{} | {}", name(r.kind.as_str()), full(r.kind.as_str()));
    }
    let mut done: Vec<String> = Vec::new();
    for a in brat_attributes(codebook) {
        if !done.contains(&a.brat) {
            let _ = writeln!(out, "{} | {}", a.brat, full(&a.name));
            done.push(a.brat);
        }
    }
    out.push_str("\n[drawing]\n");
    for (i, t) in tags {
        let d = codebook.def_or_default(t, *i);
        let _ = writeln!(
            out,
            "{}\tbgColor:{}, fgColor:black, borderColor:darken",
            name(t.as_str()),
            d.colour.over(PAPER, FILL_ALPHA)
        );
    }
    for r in &codebook.relations {
        let colour = r
            .from
            .first()
            .and_then(|t| codebook.def(t))
            .map_or(Colour(0x1f, 0x23, 0x28), |d| d.colour);
        let _ = writeln!(
            out,
            "{}\tcolor:{colour}, arrowHead:triangle-5",
            name(r.kind.as_str())
        );
    }
    out
}

/// A full name for `visual.conf`'s `[labels]`, whose fields `|` separates
/// (written `/`) and `#` would end (written `＃`).
fn full(s: &str) -> String {
    one_line(s).replace('|', "/").replace('#', "\u{ff03}")
}

/// The full names `visual.conf`'s `[labels]` gives brat names: `(brat
/// name, full name)`, in order (brat's own files give them too, e.g.
/// `Geographical_part | Geographical part | GeoPart`).
pub fn read_visual_names(conf: &str) -> Vec<(String, String)> {
    let mut section = "";
    let mut out = Vec::new();
    for raw in conf.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') && line.ends_with(']') {
            section = if line == "[labels]" { "labels" } else { "" };
            continue;
        }
        let mut fields = line.split('|').map(str::trim);
        if let (Some(brat), Some(full)) = (fields.next(), fields.next()) {
            if section == "labels" && !brat.is_empty() && !full.is_empty() {
                out.push((brat.to_string(), full.to_string()));
            }
        }
    }
    out
}

/// The `kb_shortcuts.conf` of `codebook` for `tags`: `KEY type` for each
/// tag with a key (upper case, as brat's example writes them).
pub fn kb_shortcuts_conf(codebook: &Codebook, tags: &[(usize, Tag)]) -> String {
    let mut out = String::from(
        "# Keyboard shortcuts for quick type selection (from Marginalia's codebook).\n",
    );
    for (i, t) in tags {
        if let Some(k) = codebook.def_or_default(t, *i).key {
            let _ = writeln!(out, "{} {}", k.to_ascii_uppercase(), name(t.as_str()));
        }
    }
    out
}

/// Reads an `annotation.conf` as a codebook: its entity types as labels
/// (in order; abstract `!` types and macros left out, `_` read as a space),
/// its relation types with their `Arg1` / `Arg2` types (`<ENTITY>`: any),
/// and its attributes (`Value:a|b` a choice, none a yes/no) on the labels
/// their `Arg` names. Colours and keys are those of each label's place.
/// Events and what the codebook cannot hold are counted in the warnings.
pub fn read_annotation_conf(conf: &str) -> Result<(Codebook, Vec<String>), String> {
    let mut section = "";
    let mut c = Codebook {
        name: "brat annotation.conf".into(),
        labels: Vec::new(),
        relations: Vec::new(),
    };
    let mut warnings = Vec::new();
    let mut events = 0;
    for raw in conf.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = match &line[1..line.len() - 1] {
                s @ ("entities" | "relations" | "events" | "attributes") => s,
                // Early brat versions named the entities section so (the
                // TDT example of brat's own data still does).
                "spans" => {
                    warnings.push(
                        "[spans] read as [entities] (an early brat version's name for it)"
                            .to_string(),
                    );
                    "entities"
                }
                other => return Err(format!("unknown section [{other}]")),
            };
            continue;
        }
        if line.starts_with('!') || line.starts_with('<') {
            continue; // an abstract type or a macro
        }
        match section {
            "entities" => entity(&mut c, line),
            "relations" => relation(&mut c, line, &mut warnings),
            "events" => events += 1,
            "attributes" => attribute(&mut c, line, &mut warnings),
            _ => return Err("a line before any section".into()),
        }
    }
    if c.labels.is_empty() {
        return Err("it declares no entity types".into());
    }
    if events > 0 {
        warnings.push(format!(
            "{events} event type(s) left out (Marginalia has labels and relations)"
        ));
    }
    c.check().map_err(|e| e.to_string())?;
    Ok((c, warnings))
}

/// A name as brat writes it, read back.
fn tag_of(name: &str) -> Tag {
    Tag::from_foreign(&name.replace('_', " "))
}

fn entity(c: &mut Codebook, line: &str) {
    let name = line.split_whitespace().next().unwrap_or(line);
    let tag = tag_of(name);
    if c.def(&tag).is_some() {
        return;
    }
    let i = c.labels.len();
    c.labels.push(LabelDef {
        name: tag,
        colour: default_colour(i),
        key: default_key(i),
        letter: None,
        description: String::new(),
        attributes: Vec::new(),
    });
}

fn relation(c: &mut Codebook, line: &str, warnings: &mut Vec<String>) {
    let (name, args) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let Ok(kind) = RelationKind::new(name.replace('_', " ")) else {
        return warnings.push(format!("relation type \"{name}\" left out"));
    };
    let mut r = RelationType {
        kind,
        from: Vec::new(),
        to: Vec::new(),
        description: String::new(),
    };
    for arg in args.split(',').map(str::trim) {
        let Some((role, types)) = arg.split_once(':') else {
            continue;
        };
        let list: Vec<Tag> = types
            .split('|')
            .filter(|t| !t.starts_with('<'))
            .map(tag_of)
            .filter(|t| c.def(t).is_some())
            .collect();
        match role.trim_end_matches(['?', '*', '+']) {
            "Arg1" => r.from = list,
            "Arg2" => r.to = list,
            _ => {}
        }
    }
    if !c.relations.iter().any(|x| x.kind == r.kind) {
        c.relations.push(r);
    }
}

fn attribute(c: &mut Codebook, line: &str, warnings: &mut Vec<String>) {
    let (name, args) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let mut on: Vec<Tag> = Vec::new();
    let mut kind = AttributeKind::Flag;
    for arg in args.split(',').map(str::trim) {
        match arg.split_once(':') {
            Some(("Arg", types)) => {
                on = Vec::new();
                for t in types.split('|') {
                    match t {
                        "<ENTITY>" => on.extend(c.labels.iter().map(|d| d.name.clone())),
                        t if t.starts_with('<') => {} // <EVENT>, a macro
                        t => on.push(tag_of(t)),
                    }
                }
            }
            Some(("Value", values)) => {
                kind = AttributeKind::Choice {
                    values: values.split('|').map(|v| v.replace('_', " ")).collect(),
                }
            }
            _ => {}
        }
    }
    let def = AttributeDef {
        name: name.replace('_', " "),
        kind,
    };
    let mut placed = false;
    for d in c.labels.iter_mut().filter(|d| on.contains(&d.name)) {
        if !d.attributes.iter().any(|a| a.name == def.name) {
            d.attributes.push(def.clone());
            placed = true;
        }
    }
    if !placed {
        warnings.push(format!(
            "attribute \"{name}\" is on no entity type; left out"
        ));
    }
}

/// `s` as a brat name: white space, control characters and what brat's
/// configuration reads as syntax (`, | : # = < > ! ; " '`) written `_`.
/// Two names may become one (`a:b`, `a_b`); the full names are in
/// `visual.conf`.
pub fn name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || ",|:#=<>!;\"'".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(c: &Codebook) -> Vec<(usize, Tag)> {
        c.labels
            .iter()
            .cloned()
            .map(|d| d.name)
            .enumerate()
            .collect()
    }

    #[test]
    fn the_attribution_template_as_brat_configuration() {
        let c = Codebook::attribution();
        let conf = annotation_conf(&c, &tags(&c), &[]);
        assert!(
            conf.starts_with("[entities]\nclaim\nsource\nquote\nCue\n\n[relations]\n"),
            "{conf}"
        );
        assert!(conf.contains("\nattributed_to\tArg1:quote|claim, Arg2:source\n"));
        assert!(conf.contains("\ncue_of\tArg1:Cue, Arg2:quote|claim\n"));
        assert!(conf.contains("\n[attributes]\ncheck-worthy\tArg:claim\ntype\tArg:source, Value:named|anonymous|document|organisation\nkind\tArg:quote, Value:direct|indirect|mixed\n"), "{conf}");
        let visual = visual_conf(&c, &tags(&c));
        assert!(
            visual.contains("\nCue | Cue | V\n"),
            "the template's letter"
        );
        assert!(visual.contains("\nsource_of | source of\n"));
        assert!(
            visual.contains("\nquote\tbgColor:#c0dcd0, fgColor:black, borderColor:darken\n"),
            "{visual}"
        );
        let keys = kb_shortcuts_conf(&c, &tags(&c));
        assert!(
            keys.ends_with("1 claim\n2 source\n3 quote\n4 Cue\n"),
            "{keys}"
        );
    }

    #[test]
    fn our_annotation_conf_reads_back_as_the_same_labels_types_and_attributes() {
        let c = Codebook::attribution();
        let (back, warnings) = read_annotation_conf(&annotation_conf(&c, &tags(&c), &[])).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(tags(&back), tags(&c));
        assert_eq!(back.rules(), c.rules());
        for (a, b) in back.labels.iter().zip(&c.labels) {
            assert_eq!(a.attributes, b.attributes);
            assert_eq!(
                (a.colour, a.key),
                (b.colour, b.key),
                "the colours of their places"
            );
        }
    }

    #[test]
    fn brats_own_news_configuration_reads() {
        let conf = "[entities]\nPerson\nOrganization\nGPE\nMoney\n\n[relations]\n\
            Located            Arg1:Person, Arg2:GPE\n\
            Alias              Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive\n\
            <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\
            [events]\n<POG>=Person|Organization|GPE\n!Life\n\tBe-born   Person-Arg:Person, Place-Arg?:GPE\n\
            [attributes]\nIndividual   Arg:<ENTITY>\nMention      Arg:<ENTITY>, Value:Name|Nominal|Other\n\
            Negation     Arg:<EVENT>\n";
        let (c, warnings) = read_annotation_conf(conf).unwrap();
        assert_eq!(c.labels.len(), 4);
        let kinds: Vec<&str> = c.relations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["Located", "Alias"]);
        assert_eq!(c.relations[0].to, vec![Tag::from_foreign("GPE")]);
        assert_eq!(c.labels[0].attributes.len(), 2);
        assert!(warnings.iter().any(|w| w.contains("event")), "{warnings:?}");
        assert!(
            warnings.iter().any(|w| w.contains("Negation")),
            "{warnings:?}"
        );
        assert!(read_annotation_conf("[relations]\nx Arg1:a, Arg2:b\n").is_err());
        assert!(read_annotation_conf("[colours]\n").is_err());
    }

    #[test]
    fn an_early_brat_spans_section_is_read_as_entities() {
        let (c, warnings) = read_annotation_conf(
            "[spans]\nN\nV\n\n[relations]\namod Arg1:<ENTITY>, Arg2:<ENTITY>\n",
        )
        .unwrap();
        assert_eq!(c.labels.len(), 2);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("[spans] read as [entities]")),
            "{warnings:?}"
        );
    }
}
