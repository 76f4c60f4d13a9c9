//! Files in and out: every export format as the file(s) to download, and
//! the files a user picked read as another tool's annotations (format
//! detected from the content; brat's `.ann` paired with its `.txt`).

use crate::{
    brat, conll, csv, doccano, labelstudio, recogito, w3c, ForeignFile, FormatKind, InteropError,
};
pub use marginalia_core::export::{ExportFile, ExportFormat};
use marginalia_core::format::to_json;
use marginalia_core::naming::stem;
use marginalia_core::Document;

/// The file(s) of `doc` in `format`, named from `stem`.
pub fn export(doc: &Document, format: ExportFormat, stem: &str) -> Vec<ExportFile> {
    let file = |suffix: &str, mime: &'static str, content: String| ExportFile {
        name: format!("{stem}{suffix}"),
        mime: mime.into(),
        content,
    };
    let conf = |name: &str, content: String| ExportFile {
        name: name.into(),
        mime: "text/plain".into(),
        content,
    };
    match format {
        ExportFormat::Marginalia => {
            vec![file(".marginalia.json", "application/json", to_json(doc))]
        }
        ExportFormat::W3c => vec![file(
            ".w3c.jsonld",
            "application/ld+json",
            w3c::export(doc, &w3c::W3cOptions::default()),
        )],
        ExportFormat::Brat => {
            let (txt, ann) = brat::export(doc);
            let layers = brat::layers::split(doc);
            let anns: Vec<ExportFile> = if layers.is_empty() {
                vec![file(".ann", "text/plain", ann)]
            } else {
                // One .ann per annotator, PolNeAR's way.
                layers
                    .iter()
                    .map(|(suffix, d)| {
                        file(&format!("{suffix}.ann"), "text/plain", brat::export(d).1)
                    })
                    .collect()
            };
            let mut files = vec![file(".txt", "text/plain", txt)];
            files.extend(anns);
            files.extend([
                // brat reads them under these names, in the collection's
                // folder.
                conf("annotation.conf", brat::annotation_conf(doc)),
                conf("visual.conf", brat::visual_conf(doc)),
                conf("kb_shortcuts.conf", brat::kb_shortcuts_conf(doc)),
            ]);
            files
        }
        ExportFormat::BratAnnotationsOnly => {
            vec![file(".ann", "text/plain", brat::export_ann(doc))]
        }
        ExportFormat::Doccano => vec![file(
            ".doccano.jsonl",
            "application/jsonl",
            doccano::export(doc),
        )],
        ExportFormat::LabelStudio => vec![
            file(
                ".label-studio.json",
                "application/json",
                labelstudio::export(doc),
            ),
            // The project's labelling configuration, matching the tasks.
            file(
                ".label-studio-config.xml",
                "application/xml",
                labelstudio::label_config(doc),
            ),
        ],
        ExportFormat::Csv => {
            let mut files = vec![file(".csv", "text/csv", csv::export(doc))];
            if let Some(relations) = csv::export_relations(doc) {
                files.push(file(".relations.csv", "text/csv", relations));
            }
            files
        }
        ExportFormat::Conll => vec![file(".conll", "text/plain", conll::export(doc).text)],
    }
}

/// A file the user gave, decoded.
#[derive(Clone, Copy, Debug)]
pub struct InputFile<'a> {
    /// Its name (used only to pair brat's `.ann` with its `.txt`).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// A brat configuration (`annotation.conf`, `visual.conf`…): never the
/// article text.
/// The brat configuration file named `name` (`visual.conf`) among `files`.
fn conf_named<'f, 'a>(files: &'f [InputFile<'a>], name: &str) -> Option<&'f InputFile<'a>> {
    files
        .iter()
        .find(|f| is_conf(f) && f.name.to_ascii_lowercase().ends_with(name))
}

fn is_conf(f: &InputFile) -> bool {
    f.name.to_ascii_lowercase().ends_with(".conf")
}

fn is_ann(f: &InputFile) -> bool {
    f.name.to_ascii_lowercase().ends_with(".ann") || brat::looks_like(f.text)
}

/// Detects the format of a file from its content.
pub fn detect(text: &str) -> Option<FormatKind> {
    recognise(text).map(|r| match r {
        Recognised::Format(kind) => kind,
        Recognised::W3c(_) => FormatKind::W3c,
    })
}

/// A file's format, as [`detect`] finds it; a W3C file is kept as read
/// then, so that importing it does not read it again.
enum Recognised<'a> {
    Format(FormatKind),
    W3c(w3c::Parsed<'a>),
}

fn recognise(text: &str) -> Option<Recognised<'_>> {
    let t = text.trim_start();
    if marginalia_core::format::looks_like(t) {
        return Some(Recognised::Format(FormatKind::Marginalia));
    }
    if let Some(parsed) = w3c::parse(t) {
        return Some(Recognised::W3c(parsed));
    }
    let kind = if recogito::looks_like(t) {
        FormatKind::Recogito
    } else if labelstudio::looks_like(t) {
        FormatKind::LabelStudio
    } else if doccano::looks_like(t) {
        FormatKind::Doccano
    } else if brat::looks_like(t) {
        FormatKind::Brat
    } else {
        return None;
    };
    Some(Recognised::Format(kind))
}

/// True when `files` hold another tool's annotations (rather than an
/// article or a Marginalia file). [`read`] answers the same question (with
/// [`InteropError::Unknown`]) while it reads them, so use it when the
/// annotations are wanted.
pub fn is_foreign(files: &[InputFile]) -> bool {
    files
        .iter()
        .any(|f| is_ann(f) || matches!(detect(f.text), Some(k) if k != FormatKind::Marginalia))
}

/// Reads brat's `.ann` files (`anns`, `ann` the first) with their
/// `.txt` and the collection's configuration among `files`.
fn read_brat(
    files: &[InputFile],
    ann: &InputFile,
    anns: &[&InputFile],
) -> Result<ForeignFile, InteropError> {
    // The article text: a `.txt` (or a file of no known format) of the
    // same name (or whose name PolNeAR's `X_<annotator>.ann` starts
    // with), else the only such file.
    let texts: Vec<&InputFile> = files
        .iter()
        .filter(|f| !is_ann(f) && !is_conf(f))
        .filter(|f| f.name.to_ascii_lowercase().ends_with(".txt") || detect(f.text).is_none())
        .collect();
    let txt_of = |ann: &InputFile| {
        texts
            .iter()
            .filter(|f| pairs(ann.name, f.name))
            .max_by_key(|f| stem(f.name).len())
            .or_else(|| (texts.len() == 1).then(|| &texts[0]))
            .copied()
    };
    let txt = txt_of(ann);
    // Every .ann of that text is read, each as its annotator's layer:
    // those named after it, when some are.
    let by_name = |a: &InputFile| txt.is_some_and(|t| pairs(a.name, t.name));
    let named = anns.iter().any(|a| by_name(a));
    let (same, other): (Vec<&InputFile>, Vec<&InputFile>) = anns
        .iter()
        .partition(|a| txt_of(a).map(|t| t.name) == txt.map(|t| t.name) && (!named || by_name(a)));
    let layers: Vec<brat::layers::AnnFile> = same
        .iter()
        .map(|f| brat::layers::AnnFile {
            name: f.name,
            text: f.text,
        })
        .collect();
    let mut file = brat::layers::read_layers(&layers, txt.map(|t| (t.name, t.text)))?;
    if !other.is_empty() {
        let names: Vec<&str> = other.iter().map(|f| f.name).collect();
        file.warnings.push(format!(
            "{} left aside: another article's; import with its .txt",
            names.join(", ")
        ));
    }
    let txt = txt.map(|t| t.text);
    // The collection's annotation.conf, when given, is its codebook.
    let conf = conf_named(files, "annotation.conf");
    if let Some(conf) = conf {
        match marginalia_core::codebook::brat::read_annotation_conf(conf.text) {
            Ok((codebook, warnings)) => {
                file.codebook = Some(codebook);
                file.warnings
                    .extend(warnings.into_iter().map(|w| format!("{}: {w}", conf.name)));
            }
            Err(e) => file
                .warnings
                .push(format!("{} was not read as the codebook: {e}", conf.name)),
        }
    }
    // Its visual.conf, when given, holds the full names.
    let visual = conf_named(files, "visual.conf");
    if let Some(visual) = visual {
        brat::apply_visual_names(&mut file, visual.text);
    }
    if txt.is_none() {
        file.warnings.push(
            "no .txt was given with the .ann, so the spans are placed by their own text".into(),
        );
    }
    Ok(file)
}

/// True when the `.ann` named `ann` goes with the `.txt` named `txt`: the
/// same stem, or PolNeAR's `X_<annotator>.ann` beside `X.txt`.
fn pairs(ann: &str, txt: &str) -> bool {
    let (a, t) = (stem(ann), stem(txt));
    a == t || (a.starts_with(t) && a[t.len()..].starts_with('_'))
}

/// Reads another tool's annotations from `files`: brat's `.ann` with the
/// `.txt` of the same name (or the only other file), or one W3C, doccano or
/// Label Studio file.
pub fn read(files: &[InputFile]) -> Result<ForeignFile, InteropError> {
    let anns: Vec<&InputFile> = files.iter().filter(|f| is_ann(f)).collect();
    if let Some(ann) = anns.first() {
        return read_brat(files, ann, &anns);
    }
    // The first file in a format we read (others are ignored).
    let found = files.iter().find_map(|f| match recognise(f.text)? {
        Recognised::Format(FormatKind::Marginalia) => None,
        recognised => Some((recognised, f)),
    });
    let Some((recognised, file)) = found else {
        return Err(crate::describe::refusal(files.iter().map(|f| f.text)));
    };
    let mut read = match recognised {
        Recognised::W3c(parsed) => parsed.import(),
        Recognised::Format(FormatKind::Doccano) => doccano::import(file.text),
        Recognised::Format(FormatKind::LabelStudio) => labelstudio::import(file.text),
        Recognised::Format(FormatKind::Recogito) => recogito::import(file.text),
        Recognised::Format(_) => Err(InteropError::Unknown),
    }?;
    if files.len() > 1 {
        read.warnings.push(format!(
            "only {} was read; the other files were left aside",
            file.name
        ));
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::annotation::{Annotation, AnnotationId, DocumentId, Tag, Timestamp};
    use marginalia_core::document::{Command, Metadata};
    use marginalia_core::text::Text;

    fn doc() -> Document {
        let t = Timestamp::new("2026-11-24T10:00:00Z").unwrap();
        let mut d = Document::new(
            DocumentId::new("d").unwrap(),
            Metadata {
                title: "T".into(),
                ..Metadata::default()
            },
            Text::new("東京 said 🍵 things.\nCNN reported."),
            t.clone(),
        );
        d.apply(Command::Add(Annotation {
            id: AnnotationId::new("a").unwrap(),
            tag: Tag::Source,
            start: 18,
            end: 21,
            note: "n".into(),
            created: t.clone(),
            modified: t,
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
        d
    }

    /// The attribution template travels to brat and back with the .ann:
    /// a fresh document takes the conf's labels, relation types and
    /// attributes; one whose codebook was shaped keeps its own.
    #[test]
    fn a_brat_export_with_its_conf_gives_a_fresh_document_the_codebook() {
        use marginalia_core::import::Mode;
        use marginalia_core::{Codebook, Label};
        let mut d = doc();
        let verb = Label::new("Speech verb").unwrap();
        d.apply(Command::Batch(vec![
            Command::AddLabel(Label::new("Cue").unwrap()),
            Command::SetCodebook(Box::new(Codebook::attribution())),
            Command::RenameLabel(Label::new("Cue").unwrap(), verb.clone()),
            Command::Add(marginalia_core::testing::ann("v", Tag::Other(verb), 0, 2)),
        ]))
        .unwrap();
        let files = export(&d, ExportFormat::Brat, "x");
        let inputs: Vec<InputFile> = files
            .iter()
            .map(|f| InputFile {
                name: &f.name,
                text: &f.content,
            })
            .collect();
        let file = read(&inputs).unwrap();
        let fresh = Document::new(
            DocumentId::new("f").unwrap(),
            Metadata::default(),
            d.text().clone(),
            d.created().clone(),
        );
        let p = crate::plan::plan(fresh.text(), &file);
        let (command, effect) = p.command(&fresh, Mode::Merge, d.created(), &mut || unreachable!());
        assert!(effect.codebook);
        let mut back = fresh.clone();
        back.apply(command).unwrap();
        assert_eq!(back.codebook().rules(), d.codebook().rules());
        assert_eq!(back.labels(), d.labels());
        for (a, b) in back.codebook().labels.iter().zip(&d.codebook().labels) {
            assert_eq!((&a.name, &a.attributes), (&b.name, &b.attributes));
        }
        // A shaped codebook is never replaced by an import's.
        let (_, effect) = p.command(&d, Mode::Merge, d.created(), &mut || unreachable!());
        assert!(!effect.codebook);
    }

    /// Names brat cannot spell (spaces, `:`, `_`) are written as brat
    /// names, so the conf stays readable, and come back exactly from the
    /// visual.conf's full names.
    #[test]
    fn names_brat_cannot_spell_come_back_from_the_visual_conf() {
        use marginalia_core::codebook::{AttributeDef, AttributeKind};
        use marginalia_core::Label;
        let mut d = doc();
        let named = Tag::Other(Label::new("Source: named").unwrap());
        let mut c = d.codebook().clone();
        let mut def = c.def_or_default(&named, 3);
        def.attributes.push(AttributeDef {
            name: "check_worthy".into(),
            kind: AttributeKind::Choice {
                values: vec!["very much".into(), "no".into()],
            },
        });
        c.labels.push(def);
        let mut a = marginalia_core::testing::ann("n", named.clone(), 0, 2);
        a.attributes
            .insert("check_worthy".into(), "very much".into());
        d.apply(Command::Batch(vec![
            Command::AddLabel(Label::new("Source: named").unwrap()),
            Command::SetCodebook(Box::new(c)),
            Command::Add(a),
        ]))
        .unwrap();
        let files = export(&d, ExportFormat::Brat, "x");
        let file_named = |end: &str| files.iter().find(|f| f.name.ends_with(end)).unwrap();
        let conf = &file_named("annotation.conf").content;
        assert!(conf.contains("\nSource__named\n"), "{conf}");
        assert!(
            conf.contains("\ncheck_worthy\tArg:Source__named, Value:very_much|no\n"),
            "{conf}"
        );
        let read_with = |names: &[&str]| {
            let inputs: Vec<InputFile> = files
                .iter()
                .filter(|f| names.iter().any(|n| f.name.ends_with(n)))
                .map(|f| InputFile {
                    name: &f.name,
                    text: &f.content,
                })
                .collect();
            read(&inputs).unwrap()
        };
        let exact = read_with(&[".txt", ".ann", "annotation.conf", "visual.conf"]);
        let n = exact
            .annotations
            .iter()
            .find(|a| a.label != "source")
            .unwrap();
        assert_eq!(n.label, "Source: named");
        assert_eq!(
            n.attributes.get("check_worthy").map(String::as_str),
            Some("very much")
        );
        let codebook = exact.codebook.unwrap();
        let back = codebook.def(&named).expect("the label by its full name");
        assert_eq!(back.attributes[0].name, "check_worthy");
        // Without it, brat's spelling, `_` read as a space.
        let plain = read_with(&[".txt", ".ann", "annotation.conf"]);
        let n = plain
            .annotations
            .iter()
            .find(|a| a.label != "source")
            .unwrap();
        assert_eq!(n.label, "Source__named");
        assert!(n.attributes.contains_key("check worthy"));
    }

    #[test]
    fn every_format_exports_and_the_readable_ones_are_detected() {
        let d = doc();
        for format in ExportFormat::ALL {
            let files = export(&d, format, "x");
            let named = |f: &ExportFile| f.name.starts_with("x.") || f.name.ends_with(".conf");
            assert!(!files.is_empty() && files.iter().all(named));
            // The annotations: brat's .ann, else the first file (CSV's
            // relations and Label Studio's configuration come after it).
            let data = files
                .iter()
                .find(|f| f.name.ends_with(".ann"))
                .unwrap_or(&files[0]);
            let kind = detect(&data.content);
            let expected = match format {
                ExportFormat::Marginalia => Some(FormatKind::Marginalia),
                ExportFormat::W3c => Some(FormatKind::W3c),
                ExportFormat::Brat | ExportFormat::BratAnnotationsOnly => Some(FormatKind::Brat),
                ExportFormat::Doccano => Some(FormatKind::Doccano),
                ExportFormat::LabelStudio => Some(FormatKind::LabelStudio),
                ExportFormat::Csv | ExportFormat::Conll => None,
            };
            assert_eq!(kind, expected, "{format:?}");
        }
    }

    #[test]
    fn brat_pairs_with_its_txt_and_other_files_are_read_when_foreign() {
        let d = doc();
        let brat = export(&d, ExportFormat::Brat, "x");
        let w3c = export(&d, ExportFormat::W3c, "y");
        fn input(f: &ExportFile) -> InputFile<'_> {
            InputFile {
                name: &f.name,
                text: &f.content,
            }
        }
        // .ann with a W3C file and the .txt: the .txt is the article text.
        let files = [input(&brat[1]), input(&w3c[0]), input(&brat[0])];
        assert!(is_foreign(&files));
        let read_back = read(&files).unwrap();
        assert_eq!(read_back.format, FormatKind::Brat);
        assert_eq!(read_back.text.as_deref(), Some(d.text().as_str()));
        // The three files of the export: the configuration is never the text.
        assert_eq!(brat[2].name, "annotation.conf");
        let all: Vec<InputFile> = brat.iter().map(input).collect();
        let with_conf = read(&all).unwrap();
        assert_eq!(with_conf.text.as_deref(), Some(d.text().as_str()));
        // annotation.conf comes with it as the file's codebook.
        let codebook = with_conf.codebook.expect("the annotation.conf read");
        assert_eq!(codebook.rules(), d.codebook().rules());
        let without_txt = read(&[input(&brat[1]), input(&brat[2])]).unwrap();
        assert_eq!(without_txt.text, None);
        // A Marginalia file first, then a W3C one: the W3C one is read.
        let ours = export(&d, ExportFormat::Marginalia, "z");
        let files = [input(&ours[0]), input(&w3c[0])];
        let read_back = read(&files).unwrap();
        assert_eq!(read_back.format, FormatKind::W3c);
        assert_eq!(read_back.annotations.len(), 1);
        assert!(
            !is_foreign(&[input(&ours[0])]),
            "our own file is not foreign"
        );
        let article = InputFile {
            name: "a.txt",
            text: "Just an article.",
        };
        assert!(!is_foreign(&[article]));
        assert_eq!(read(&[article]), Err(InteropError::Unknown));
    }

    #[test]
    fn exports_say_which_unplaced_ones_and_relations_they_leave_out() {
        let mut d = doc();
        let t = Timestamp::new("2026-11-24T10:00:00Z").unwrap();
        for (id, exact) in [("u1", "a quote"), ("u2", "")] {
            d.apply(Command::AddUnplaced(
                marginalia_core::annotation::Unplaced {
                    id: AnnotationId::new(id).unwrap(),
                    tag: Tag::Claim,
                    exact: exact.into(),
                    prefix: String::new(),
                    suffix: String::new(),
                    note: String::new(),
                    created: t.clone(),
                    modified: t.clone(),
                    why: marginalia_core::annotation::Unplacement::Orphaned,
                    attributes: Default::default(),
                },
            ))
            .unwrap();
        }
        let left: Vec<usize> = ExportFormat::ALL
            .iter()
            .map(|f| f.unplaced_left_out(&d))
            .collect();
        assert_eq!(left, [0, 1, 2, 2, 2, 2, 2, 2]);
        // Relations: one between placed ones (only CoNLL has no place for
        // it), one to u1 (a quote: W3C keeps it), one to u2 (no quote).
        d.apply(Command::Add(Annotation {
            id: AnnotationId::new("b").unwrap(),
            tag: Tag::Quote,
            start: 0,
            end: 2,
            note: String::new(),
            created: t.clone(),
            modified: t,
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
        crate::fixtures::link(&mut d, "r1", "b", "a", "");
        crate::fixtures::link(&mut d, "r2", "u1", "a", "");
        crate::fixtures::link(&mut d, "r3", "u2", "a", "");
        let left: Vec<usize> = ExportFormat::ALL
            .iter()
            .map(|f| f.relations_left_out(&d))
            .collect();
        assert_eq!(left, [0, 1, 2, 2, 2, 2, 2, 3]);
        // CSV gives the one it can hold a file of its own.
        let csv = export(&d, ExportFormat::Csv, "x");
        let names: Vec<&str> = csv.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["x.csv", "x.relations.csv"]);
        assert_eq!(csv[1].content.lines().count(), 2);
    }
}
