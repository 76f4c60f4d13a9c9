//! Several brat `.ann` files of one text read together, each as its
//! annotator's layer. PolNeAR names them `X_<annotator>.ann` beside `X.txt`;
//! an `.ann` named like its `.txt` is the importer's own (no annotator).

use crate::InteropError;
use marginalia_core::import::ForeignFile;
use marginalia_core::naming::stem;
use marginalia_core::{Annotator, AnnotatorId, Command, Document};

/// One `.ann` to read: its name, its text, and its article's stem.
pub struct AnnFile<'a> {
    /// Its file name.
    pub name: &'a str,
    /// Its content.
    pub text: &'a str,
}

/// The annotator an `.ann` named `ann` stands for beside the `.txt` whose
/// stem is `txt`: PolNeAR's suffix (`X_4b22.ann` beside `X.txt` → `4b22`),
/// or, when several `.ann` come at once, the file's own stem; `None` for an
/// `.ann` named like its `.txt` alone.
pub fn annotator_of(ann: &str, txt: Option<&str>, several: bool) -> Option<Annotator> {
    let s = stem(ann);
    let name = match txt {
        Some(t) if s != t && s.starts_with(t) && s[t.len()..].starts_with('_') => &s[t.len() + 1..],
        _ if several => s,
        _ => return None,
    };
    // The export's file for annotations that named no one: the importer's.
    if name == "not-recorded" {
        return None;
    }
    let id = AnnotatorId::of_foreign("brat", name)?;
    // A name written with `_` for its spaces (as the export writes them).
    Some(Annotator::new(id, &name.replace('_', " ")))
}

/// Reads each of `anns` (on the one `txt`, when given) and puts them
/// together: every annotation names its file's annotator, relations keep
/// their ends, warnings say which file they are about, and one says how
/// many each layer holds.
pub fn read_layers(
    anns: &[AnnFile],
    txt: Option<(&str, &str)>,
) -> Result<ForeignFile, InteropError> {
    let several = anns.len() > 1;
    let mut out: Option<ForeignFile> = None;
    let mut counts = Vec::new();
    for ann in anns {
        let mut file = super::import(ann.text, txt.map(|(_, t)| t))?;
        let who = annotator_of(ann.name, txt.map(|(name, _)| stem(name)), several);
        for a in &mut file.annotations {
            a.annotator = who.clone();
        }
        let name = who.as_ref().map_or(ann.name, |w| w.name.as_str());
        counts.push(format!("{name}: {}", file.annotations.len()));
        let Some(all) = out.as_mut() else {
            if several {
                file.warnings = prefixed(ann.name, file.warnings);
            }
            out = Some(file);
            continue;
        };
        let offset = all.annotations.len();
        all.annotations.append(&mut file.annotations);
        all.relations
            .extend(file.relations.into_iter().map(|mut r| {
                r.from += offset;
                r.to += offset;
                r
            }));
        all.warnings.extend(prefixed(ann.name, file.warnings));
    }
    let mut file = out.ok_or(InteropError::Unknown)?;
    if several {
        file.warnings.push(format!(
            "{} .ann files read, each as its annotator's layer ({})",
            anns.len(),
            counts.join(", ")
        ));
    }
    Ok(file)
}

/// A document holding several annotators' annotations as one document per
/// annotator, each with the file-name suffix brat's `.ann` takes for them
/// (`_Ana_Ruiz`, PolNeAR's way: read back as their layers); empty when
/// the annotations name one annotator or none. Relations between two
/// annotators' annotations are in neither.
pub fn split(doc: &Document) -> Vec<(String, Document)> {
    let mut who: Vec<Option<&AnnotatorId>> = Vec::new();
    for a in doc.annotations() {
        if !who.contains(&a.annotator.as_ref()) {
            who.push(a.annotator.as_ref());
        }
    }
    if who.len() < 2 {
        return Vec::new();
    }
    let mut used: Vec<String> = Vec::new();
    who.iter()
        .map(|layer| {
            let name = match layer {
                Some(id) => doc
                    .annotator(id)
                    .filter(|a| !a.name.is_empty())
                    .map_or(id.as_str(), |a| a.name.as_str()),
                None => "not-recorded",
            };
            let suffix = clean(name);
            // Two annotators whose names write alike: the id tells them apart.
            let suffix = match layer {
                Some(id) if used.contains(&suffix) => format!("{suffix}_{}", clean(id.as_str())),
                _ => suffix,
            };
            used.push(suffix.clone());
            let others: Vec<Command> = doc
                .annotations()
                .filter(|a| a.annotator.as_ref() != *layer)
                .map(|a| Command::Remove(a.id.clone()))
                .collect();
            let mut mine = doc.clone();
            // Removing annotations the document holds always applies.
            let _ = mine.apply(Command::Batch(others));
            (format!("_{suffix}"), mine)
        })
        .collect()
}

/// `name` as a file-name suffix: letters, digits, `-` and `.`, `_` for the
/// rest.
fn clean(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `warnings` each prefixed by the file they are about.
fn prefixed(name: &str, warnings: Vec<String>) -> Vec<String> {
    warnings
        .into_iter()
        .map(|w| format!("{name}: {w}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polnear_names_say_the_annotator() {
        let of =
            |ann, txt, several| annotator_of(ann, txt, several).map(|a| (a.id.to_string(), a.name));
        assert_eq!(
            of("X_4b22.ann", Some("X"), false),
            Some(("brat-4b22".into(), "4b22".into()))
        );
        assert_eq!(of("X.ann", Some("X"), false), None, "the importer's own");
        assert_eq!(
            of("X.ann", Some("X"), true),
            Some(("brat-X".into(), "X".into()))
        );
        assert_eq!(
            of("Y_ana ruiz.ann", Some("Y"), true),
            Some(("brat-ana_ruiz".into(), "ana ruiz".into()))
        );
        assert_eq!(
            of("Y_Ana_Ruiz.ann", Some("Y"), false),
            Some(("brat-Ana_Ruiz".into(), "Ana Ruiz".into()))
        );
        assert_eq!(of("XY.ann", Some("X"), false), None, "not a suffix");
    }

    #[test]
    fn several_anns_are_layers_with_their_relations() {
        let text = "Ana said “no”.";
        let a = "T1\tSource 0 3\tAna\nT2\tQuote 9 13\t“no”\nR1\tattributed_to Arg1:T2 Arg2:T1\n";
        let b = "T1\tQuote 9 13\t“no”\nT2\tSource 0 3\tAna\nR1\tattributed_to Arg1:T1 Arg2:T2\n";
        let file = read_layers(
            &[
                AnnFile {
                    name: "x_ana.ann",
                    text: a,
                },
                AnnFile {
                    name: "x_bo.ann",
                    text: b,
                },
            ],
            Some(("x.txt", text)),
        )
        .unwrap();
        let who: Vec<String> = file
            .annotations
            .iter()
            .map(|a| a.annotator.as_ref().unwrap().name.clone())
            .collect();
        assert_eq!(who, ["ana", "ana", "bo", "bo"]);
        // Each file's relations between its own spans (the second's moved
        // past the first's annotations).
        let ends: Vec<(usize, usize)> = file.relations.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(ends, [(1, 0), (2, 3)]);
        assert!(file
            .warnings
            .iter()
            .any(|w| w.contains("2 .ann files read") && w.contains("ana: 2, bo: 2")));
    }

    /// PolNeAR's two annotators of one Breitbart article, given at once
    /// with the `.txt` (and an `.ann` of another article): two layers,
    /// every span placed exactly on the text.
    #[test]
    fn polnear_pairs_come_in_as_two_layers() {
        let dir = crate::testdata::shared().join("realworld/brat/polnear");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        let stem = "breitbart_2016-03-11_activists-brick-up-entrance-to-m";
        let names = [
            format!("{stem}.txt"),
            format!("{stem}_4b22.ann"),
            format!("{stem}_4e07.ann"),
            "parc__wsj_1390_4b22.ann".to_string(),
        ];
        let texts: Vec<String> = names.iter().map(|n| read(n)).collect();
        let inputs: Vec<crate::files::InputFile> = names
            .iter()
            .zip(&texts)
            .map(|(name, text)| crate::files::InputFile { name, text })
            .collect();
        let file = crate::files::read(&inputs).unwrap();
        let mut layers: Vec<String> = file
            .annotations
            .iter()
            .map(|a| a.annotator.as_ref().unwrap().name.clone())
            .collect();
        layers.dedup();
        assert_eq!(layers, ["4b22", "4e07"]);
        assert!(
            file.warnings
                .iter()
                .any(|w| w.contains("parc__wsj_1390_4b22.ann left aside")),
            "{:?}",
            file.warnings
        );
        let text = marginalia_core::Text::new(texts[0].clone());
        let plan = crate::plan::plan(&text, &file);
        assert!(plan.items.iter().all(|i| matches!(
            i.anchoring,
            marginalia_core::selector::Anchoring::Exact { .. }
        )));
        assert!(!file.relations.is_empty());
        let layer = |i: usize| {
            file.annotations[i]
                .annotator
                .as_ref()
                .map(|a| a.name.clone())
        };
        assert!(
            file.relations.iter().all(|r| layer(r.from) == layer(r.to)),
            "each relation within its annotator's layer"
        );
        assert!(file
            .relations
            .iter()
            .any(|r| layer(r.from).as_deref() == Some("4e07")));
    }

    /// A document of two annotators exports one .ann each, which read back
    /// together as the same two layers.
    #[test]
    fn layers_export_one_ann_each_and_come_back() {
        use marginalia_core::export::ExportFormat;
        let d = marginalia_core::testing::two_layers(&[(0, 3), (9, 13)], &[(9, 15)]);
        let twin = Annotator::new(AnnotatorId::new("a-ana2").unwrap(), "Ana_Ruiz");
        let mut with_twin = d.clone();
        with_twin.apply(d.record_annotator(&twin).unwrap()).unwrap();
        let mut t = marginalia_core::testing::ann("t1", marginalia_core::Tag::Claim, 16, 21);
        t.annotator = Some(twin.id.clone());
        with_twin.apply(Command::Add(t)).unwrap();
        let names: Vec<String> = split(&with_twin).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            names,
            ["_Ana_Ruiz", "_Bo", "_Ana_Ruiz_a-ana2"],
            "no file overwrites another"
        );
        let files = crate::files::export(&d, ExportFormat::Brat, "x");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names[..3], ["x.txt", "x_Ana_Ruiz.ann", "x_Bo.ann"]);
        let inputs: Vec<crate::files::InputFile> = files[..3]
            .iter()
            .map(|f| crate::files::InputFile {
                name: &f.name,
                text: &f.content,
            })
            .collect();
        let back = crate::files::read(&inputs).unwrap();
        let who: Vec<&str> = back
            .annotations
            .iter()
            .map(|a| a.annotator.as_ref().unwrap().name.as_str())
            .collect();
        assert_eq!(who, ["Ana Ruiz", "Ana Ruiz", "Bo"]);
    }
}
