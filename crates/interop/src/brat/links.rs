//! brat's relations (`R`), events (`E`) and equivalences (`*`) read as
//! Marginalia relations between the file's text-bound annotations.
//!
//! - `R1\tTYPE Arg1:Tx Arg2:Ty` is a relation from `Tx` to `Ty`; its type
//!   has `_` read as a space (Marginalia's export writes `attributed to` as
//!   `attributed_to`).
//! - An event with a `Content` role (PolNeAR's `Attribution` events, PARC's
//!   Source + Cue + Content) links each content to each other argument:
//!   to its `Source` as *attributed to*, to its `Cue` as *cued by*, to any
//!   other role by the role's name. Role names lose a trailing number
//!   (`Content2` is a second content). The trigger, which in PolNeAR
//!   repeats the cue's span, is left out when it does and nothing else
//!   refers to it; otherwise it stays, linked from each content by the
//!   event's type.
//! - An event without a content (BioNLP's `Gene_expression:T5 Theme:T3`)
//!   links its trigger to each argument by the role's name; an argument
//!   that is itself an event stands for that event's trigger.
//! - `*\tEquiv T1 T2 T3` links each member to the next.
//!
//! An end that is not a text span of the file skips that relation, with a
//! warning naming it.

use super::Spans;
use marginalia_core::import::ForeignRelation;
use marginalia_core::relation::ATTRIBUTED_TO;
use std::collections::{HashMap, HashSet};

/// An `R`, `E` or `*` line as read, before its ids are resolved.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Link {
    /// `R1\tTYPE Arg1:T1 Arg2:T2`.
    Relation {
        id: String,
        kind: String,
        from: String,
        to: String,
    },
    /// `E1\tTYPE:TRIGGER ROLE:ID…`.
    Event {
        id: String,
        kind: String,
        trigger: String,
        args: Vec<(String, String)>,
    },
    /// `*\tTYPE ID ID…`.
    Equiv { kind: String, members: Vec<String> },
}

/// Parses the part after the id (and its TAB) of an `R`, `E` or `*` line;
/// the reason when it is not one.
pub(super) fn parse(id: &str, rest: &str) -> Result<Link, String> {
    let data = rest.split('\t').next().unwrap_or("");
    let mut fields = data.split_whitespace();
    let head = fields.next().ok_or("the type is missing")?;
    let rest: Vec<&str> = fields.collect();
    if id.starts_with('*') {
        if rest.len() < 2 {
            return Err("an equivalence needs two ids or more".into());
        }
        return Ok(Link::Equiv {
            kind: head.to_string(),
            members: rest.iter().map(|s| s.to_string()).collect(),
        });
    }
    let args = rest
        .iter()
        .map(|a| match a.split_once(':') {
            Some((role, target)) if !role.is_empty() && !target.is_empty() => {
                Ok((role.to_string(), target.to_string()))
            }
            _ => Err(format!("\"{a}\" is not ROLE:ID")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if id.starts_with('R') {
        let arg = |name: &str| {
            let mut found = args.iter().filter(|(r, _)| r == name);
            match (found.next(), found.next()) {
                (Some((_, t)), None) => Ok(t.clone()),
                _ => Err(format!("a relation needs one {name}")),
            }
        };
        if args.len() != 2 {
            return Err("a relation needs Arg1 and Arg2 only".into());
        }
        return Ok(Link::Relation {
            id: id.to_string(),
            kind: head.to_string(),
            from: arg("Arg1")?,
            to: arg("Arg2")?,
        });
    }
    let (kind, trigger) = head
        .split_once(':')
        .filter(|(k, t)| !k.is_empty() && !t.is_empty())
        .ok_or("an event starts with TYPE:TRIGGER")?;
    Ok(Link::Event {
        id: id.to_string(),
        kind: kind.to_string(),
        trigger: trigger.to_string(),
        args,
    })
}

/// The file's text-bound annotations as the links see them.
pub(super) struct Bounds<'a> {
    /// Index of each `T` id.
    pub index: HashMap<&'a str, usize>,
    /// The spans of each, by index.
    pub spans: Vec<&'a Spans>,
    /// Those that carry a note (kept even when they repeat a cue).
    pub noted: HashSet<usize>,
}

/// What the links come to: relations between the bounds (by index), the
/// bounds left out, and what was said about it.
#[derive(Default)]
pub(super) struct Resolved {
    pub relations: Vec<ForeignRelation>,
    pub dropped: HashSet<usize>,
    pub warnings: Vec<String>,
    /// Notes (by target id) not on a relation or event of the file.
    pub unused_notes: usize,
}

/// A relation as it comes out of a link, before notes.
struct Out {
    /// The id of the line it comes from (`R1`, `E2`; `*` for equivalences).
    line: String,
    kind: String,
    from: usize,
    to: usize,
}

/// Resolves `links` against `bounds`, attaching `notes` (target id, text)
/// that are on an `R` line (to its relation) or an `E` line (to the first
/// relation it gives).
pub(super) fn resolve(bounds: &Bounds<'_>, links: &[Link], notes: &[(String, String)]) -> Resolved {
    let mut out = Resolved::default();
    let triggers: HashMap<&str, &str> = links
        .iter()
        .filter_map(|l| match l {
            Link::Event { id, trigger, .. } => Some((id.as_str(), trigger.as_str())),
            _ => None,
        })
        .collect();
    let end = |id: &str| -> Option<usize> {
        let t = triggers.get(id).copied().unwrap_or(id);
        bounds.index.get(t).copied()
    };
    out.dropped = repeated_cues(bounds, links, &end);
    let mut made: Vec<Out> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut events = 0;
    for link in links {
        match link {
            Link::Relation { id, kind, from, to } => match (end(from), end(to)) {
                (Some(f), Some(t)) => made.push(Out {
                    line: id.clone(),
                    kind: kind.replace('_', " "),
                    from: f,
                    to: t,
                }),
                _ => missing.push(id.clone()),
            },
            Link::Event { .. } => {
                events += 1;
                event(link, &end, &out.dropped, &mut made, &mut missing);
            }
            Link::Equiv { kind, members } => {
                for pair in members.windows(2) {
                    match (end(&pair[0]), end(&pair[1])) {
                        (Some(f), Some(t)) => made.push(Out {
                            line: "*".into(),
                            kind: kind.replace('_', " "),
                            from: f,
                            to: t,
                        }),
                        _ => missing.push(format!("{} {}", pair[0], pair[1])),
                    }
                }
            }
        }
    }
    attach(&mut out, made, notes);
    if events > 0 {
        out.warnings.push(format!(
            "{events} event{} read as relations (a content attributed to its source, cued by its cue){}",
            if events == 1 { "" } else { "s" },
            match out.dropped.len() {
                0 => String::new(),
                n => format!("; {n} trigger span{} that repeat{} the cue left out", plural(n), if n == 1 { "s" } else { "" }),
            }
        ));
    }
    if !missing.is_empty() {
        out.warnings.push(format!(
            "skipped {} link{} to a span that is not in the file: {}",
            missing.len(),
            plural(missing.len()),
            missing.join(", ")
        ));
    }
    out
}

/// `"s"` unless `n` is one.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A role's name without a trailing number (`Content2` → `Content`).
fn role(name: &str) -> &str {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() {
        name
    } else {
        base
    }
}

/// The triggers of content events whose spans equal one of the event's
/// cues, used as a trigger by that one event and nowhere else, without a
/// note: the ones to leave out.
fn repeated_cues(
    bounds: &Bounds<'_>,
    links: &[Link],
    end: &dyn Fn(&str) -> Option<usize>,
) -> HashSet<usize> {
    let mut uses: HashMap<usize, usize> = HashMap::new();
    let mut count = |i: Option<usize>| {
        if let Some(i) = i {
            *uses.entry(i).or_default() += 1;
        }
    };
    let mut candidates = Vec::new();
    for link in links {
        match link {
            Link::Relation { from, to, .. } => {
                count(end(from));
                count(end(to));
            }
            Link::Equiv { members, .. } => members.iter().for_each(|m| count(end(m))),
            Link::Event { trigger, args, .. } => {
                let t = bounds.index.get(trigger.as_str()).copied();
                count(t);
                args.iter().for_each(|(_, a)| count(end(a)));
                let has_content = args.iter().any(|(r, _)| role(r) == "Content");
                let repeats = |t: usize| {
                    args.iter().any(|(r, a)| {
                        role(r) == "Cue"
                            && end(a).is_some_and(|c| bounds.spans[c] == bounds.spans[t])
                    })
                };
                if let Some(t) = t.filter(|&t| has_content && repeats(t)) {
                    candidates.push(t);
                }
            }
        }
    }
    candidates
        .into_iter()
        .filter(|t| uses.get(t) == Some(&1) && !bounds.noted.contains(t))
        .collect()
}

/// The relations of one event (see the module's documentation).
fn event(
    link: &Link,
    end: &dyn Fn(&str) -> Option<usize>,
    dropped: &HashSet<usize>,
    made: &mut Vec<Out>,
    missing: &mut Vec<String>,
) {
    let Link::Event {
        id,
        kind,
        trigger,
        args,
    } = link
    else {
        return;
    };
    let mut push = |from: usize, to: usize, kind: String| {
        made.push(Out {
            line: id.clone(),
            kind,
            from,
            to,
        })
    };
    let mut resolved: Vec<(&str, Option<usize>)> =
        args.iter().map(|(r, a)| (role(r), end(a))).collect();
    // The source first, then the cue, then the rest in file order.
    resolved.sort_by_key(|(r, _)| match *r {
        "Source" => 0,
        "Cue" => 1,
        _ => 2,
    });
    if resolved.iter().any(|(_, e)| e.is_none()) || end(trigger).is_none() {
        missing.push(id.clone());
    }
    let trigger = end(trigger).filter(|t| !dropped.contains(t));
    let contents: Vec<usize> = resolved
        .iter()
        .filter(|(r, _)| *r == "Content")
        .filter_map(|(_, e)| *e)
        .collect();
    if contents.is_empty() {
        if let Some(t) = trigger {
            for (r, a) in &resolved {
                if let Some(a) = a {
                    push(t, *a, r.replace('_', " "));
                }
            }
        }
        return;
    }
    for &c in &contents {
        for (r, a) in &resolved {
            let Some(a) = *a else { continue };
            let kind = match *r {
                "Content" => continue,
                "Source" => ATTRIBUTED_TO.to_string(),
                "Cue" => "cued by".to_string(),
                other => other.replace('_', " "),
            };
            push(c, a, kind);
        }
        if let Some(t) = trigger {
            push(c, t, kind.replace('_', " "));
        }
    }
}

/// Turns `made` into the file's relations, with the notes on their lines:
/// an `R` line's notes on its relation, an `E` line's on its first one.
/// A relation from a line keeps the line's id when it is the only one
/// that line gives.
fn attach(out: &mut Resolved, made: Vec<Out>, notes: &[(String, String)]) {
    let mut per_line: HashMap<&str, usize> = HashMap::new();
    for m in &made {
        *per_line.entry(m.line.as_str()).or_default() += 1;
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, m) in made.iter().enumerate() {
        first.entry(m.line.as_str()).or_insert(i);
    }
    let mut texts: Vec<String> = vec![String::new(); made.len()];
    for (target, text) in notes {
        match first.get(target.as_str()) {
            Some(&i) if target != "*" => {
                if !text.is_empty() {
                    if !texts[i].is_empty() {
                        texts[i].push('\n');
                    }
                    texts[i].push_str(text);
                }
            }
            _ => out.unused_notes += 1,
        }
    }
    out.relations = made
        .iter()
        .zip(texts)
        .map(|(m, note)| ForeignRelation {
            id: (m.line != "*" && per_line[m.line.as_str()] == 1).then(|| m.line.clone()),
            kind: m.kind.clone(),
            from: m.from,
            to: m.to,
            note,
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::super::import;
    use super::*;
    use crate::ForeignFile;
    use std::path::PathBuf;

    fn realworld(path: &str) -> PathBuf {
        crate::testdata::shared().join("realworld/brat").join(path)
    }

    /// The `.ann` at `ann` read with the `.txt` at `txt`.
    fn read(ann: &str, txt: Option<&str>) -> ForeignFile {
        let ann = std::fs::read_to_string(realworld(ann)).unwrap();
        let txt = txt.map(|t| std::fs::read_to_string(realworld(t)).unwrap());
        import(&ann, txt.as_deref()).unwrap()
    }

    /// Each relation as (from id, kind, to id).
    fn triples(f: &ForeignFile) -> Vec<(String, String, String)> {
        let id = |i: usize| f.annotations[i].id.clone().unwrap();
        f.relations
            .iter()
            .map(|r| (id(r.from), r.kind.clone(), id(r.to)))
            .collect()
    }

    fn t(from: &str, kind: &str, to: &str) -> (String, String, String) {
        (from.into(), kind.into(), to.into())
    }

    #[test]
    fn polnear_events_become_attributions_and_their_repeated_triggers_go() {
        let f = read(
            "polnear/breitbart_2016-09-21_only-percent-of-hillary-clinton-_5fec.ann",
            Some("polnear/breitbart_2016-09-21_only-percent-of-hillary-clinton-.txt"),
        );
        let ids: Vec<&str> = f
            .annotations
            .iter()
            .map(|a| a.id.as_deref().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["T1", "T2", "T3", "T5", "T6", "T7"],
            "T4 and T8 repeat the cues"
        );
        assert_eq!(
            triples(&f),
            [
                t("T3", "attributed to", "T1"),
                t("T3", "cued by", "T2"),
                t("T7", "attributed to", "T5"),
                t("T7", "cued by", "T6"),
            ]
        );
        assert!(f
            .relations
            .iter()
            .all(|r| r.id.is_none() && r.note.is_empty()));
        assert!(
            f.warnings.iter().any(|w| w
                == "2 events read as relations (a content attributed to its source, cued by its cue); 2 trigger spans that repeat the cue left out"),
            "{:?}",
            f.warnings
        );
    }

    /// Every PolNeAR file: each event gives one relation per content and
    /// other argument, from a `Content` span to a span of the role's label,
    /// and no link is missing.
    #[test]
    fn every_polnear_file_reads_its_events() {
        let dir = realworld("polnear");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ann"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 6);
        let mut shared_source = false;
        for path in files {
            let ann = std::fs::read_to_string(&path).unwrap();
            let f = import(&ann, None).unwrap();
            let mut want = 0;
            let mut events = 0;
            for line in ann.lines().filter(|l| l.starts_with('E')) {
                events += 1;
                let roles: Vec<&str> = line
                    .split('\t')
                    .nth(1)
                    .unwrap()
                    .split(' ')
                    .skip(1)
                    .collect();
                let contents = roles.iter().filter(|r| r.starts_with("Content")).count();
                want += contents * (roles.len() - contents);
            }
            assert_eq!(f.relations.len(), want, "{path:?}");
            let annotations = ann.lines().filter(|l| l.starts_with('T')).count();
            assert_eq!(
                f.annotations.len(),
                annotations - events,
                "{path:?}: one trigger per event goes"
            );
            assert!(
                !f.warnings.iter().any(|w| w.contains("not in the file")),
                "{:?}",
                f.warnings
            );
            let mut sources: HashMap<usize, usize> = HashMap::new();
            for r in &f.relations {
                let (from, to) = (&f.annotations[r.from].label, &f.annotations[r.to].label);
                assert_eq!(from, "Content", "{path:?}");
                match r.kind.as_str() {
                    ATTRIBUTED_TO => {
                        assert_eq!(to, "Source");
                        *sources.entry(r.to).or_default() += 1;
                    }
                    "cued by" => assert_eq!(to, "Cue"),
                    other => panic!("{path:?}: {other}"),
                }
            }
            shared_source |= sources.values().any(|&n| n > 1);
        }
        assert!(shared_source, "one source is shared by several quotes");
    }

    #[test]
    fn a_second_content_is_attributed_too() {
        let f = read(
            "polnear/breitbart_2016-03-11_activists-brick-up-entrance-to-m_4e07.ann",
            None,
        );
        let got = triples(&f);
        // E3 Attribution:T13 Cue:T10 Source:T9 Content:T11 Content2:T12
        for c in ["T11", "T12"] {
            assert!(got.contains(&t(c, "attributed to", "T9")), "{c}");
            assert!(got.contains(&t(c, "cued by", "T10")), "{c}");
        }
    }

    #[test]
    fn bionlp_events_link_their_trigger_and_nest_through_it() {
        let f = read(
            "nlplab-brat-example-data/BioNLP-ST_2011_GE/PMID-8641346.ann",
            None,
        );
        let got = triples(&f);
        // E3 Positive_regulation:T34 Theme:E4; E4 Transcription:T35 Theme:T9
        assert!(got.contains(&t("T34", "Theme", "T35")));
        assert!(got.contains(&t("T35", "Theme", "T9")));
        assert!(got.contains(&t("T2", "Equiv", "T3")));
        assert_eq!(f.annotations.len(), 54, "triggers without content stay");
        let events = f
            .warnings
            .iter()
            .any(|w| w.starts_with("35 events read as relations"));
        assert!(events, "{:?}", f.warnings);
    }

    #[test]
    fn r_lines_keep_their_ids_and_types() {
        let f = read("nlplab-brat-example-data/TDT/wn071.ann", None);
        assert_eq!(f.relations.len(), 72);
        assert_eq!(f.relations[0].id.as_deref(), Some("R1"));
        let f = read(
            "nlplab-brat-example-data/BioNLP-ST_2011_REL/PMID-10438731.ann",
            Some("nlplab-brat-example-data/BioNLP-ST_2011_REL/PMID-10438731.txt"),
        );
        assert_eq!(
            f.relations.len(),
            12 + 1,
            "12 R lines and a pair of equivalents"
        );
        assert!(triples(&f).contains(&t("T3", "Protein-Component", "T35")));
        let f = read("litbank/coref/2084_the_way_of_all_flesh_brat.ann", None);
        assert_eq!(f.relations.len(), 21);
    }

    #[test]
    fn notes_on_relations_and_events_and_a_trigger_kept_when_used() {
        let ann = "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 11\thi\n\
                   T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   R1\tattributed_to Arg1:T3 Arg2:T1\nR2\tabout Arg1:T1 Arg2:T4\n\
                   #1\tAnnotatorNotes R1\ton the relation\n#2\tAnnotatorNotes E1\ton the event\n";
        let f = import(ann, Some("Ann said hi")).unwrap();
        assert_eq!(f.annotations.len(), 4, "T4 is an end of R2, so it stays");
        assert_eq!(
            triples(&f),
            [
                t("T3", "attributed to", "T1"),
                t("T3", "cued by", "T2"),
                t("T3", "Attribution", "T4"),
                t("T3", "attributed to", "T1"),
                t("T1", "about", "T4"),
            ]
        );
        let notes: Vec<&str> = f.relations.iter().map(|r| r.note.as_str()).collect();
        assert_eq!(notes, ["on the event", "", "", "on the relation", ""]);
        let ids: Vec<Option<&str>> = f.relations.iter().map(|r| r.id.as_deref()).collect();
        assert_eq!(ids, [None, None, None, Some("R1"), Some("R2")]);
    }

    #[test]
    fn malformed_links_are_skipped_with_their_line() {
        let ann = "T1\tX 0 1\ta\nR1\tOrigin Arg1:T1\nE1\tNoTrigger Theme:T1\n*\tEquiv T1\nR2\tX Arg1:T1 Arg2 T1\n";
        let f = import(ann, None).unwrap();
        assert!(f.relations.is_empty());
        let lines: Vec<&String> = f
            .warnings
            .iter()
            .filter(|w| w.ends_with("it was skipped"))
            .collect();
        assert_eq!(
            lines,
            [
                "line 2: a relation needs Arg1 and Arg2 only; it was skipped",
                "line 3: an event starts with TYPE:TRIGGER; it was skipped",
                "line 4: an equivalence needs two ids or more; it was skipped",
                "line 5: \"Arg2\" is not ROLE:ID; it was skipped",
            ]
        );
    }

    #[test]
    fn parse_reads_each_kind() {
        assert_eq!(
            parse("R3", "Origin Arg2:T2 Arg1:T1").unwrap(),
            Link::Relation {
                id: "R3".into(),
                kind: "Origin".into(),
                from: "T1".into(),
                to: "T2".into()
            }
        );
        assert_eq!(
            parse("E1", "Attribution:T4 Content:T3 Content2:T5").unwrap(),
            Link::Event {
                id: "E1".into(),
                kind: "Attribution".into(),
                trigger: "T4".into(),
                args: vec![
                    ("Content".into(), "T3".into()),
                    ("Content2".into(), "T5".into())
                ],
            }
        );
        assert_eq!(role("Content2"), "Content");
        assert_eq!(role("Theme"), "Theme");
        assert_eq!(role("12"), "12");
    }
}
