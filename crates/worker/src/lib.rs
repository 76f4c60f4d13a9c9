//! The format engine's work, without the browser: a [`Request`] in,
//! progress reports and one final [`Answer`] out. `main.rs` wires it to the
//! worker's messages; everything here runs natively in tests.
#![deny(missing_docs)]

use marginalia_core::article::decode;
use marginalia_core::engine::{Answer, GivenFile, Phase, Request, Response, Task};
use marginalia_core::export::ExportFormat;
use marginalia_core::format::from_json;
use marginalia_core::import::ForeignFile;
use marginalia_core::naming::quoted_list;
use marginalia_core::{DocumentId, ImportDefaults, Text, Timestamp};
use marginalia_interop::files::{self, InputFile};
use marginalia_interop::plan::plan_with_progress;
use marginalia_interop::InteropError;

/// Does `request`, calling `progress` with each [`Answer::Progress`] as it
/// goes, and returns the final answer.
pub fn handle(request: Request, progress: &mut dyn FnMut(Response)) -> Response {
    let job = request.job;
    let mut report = |phase: Phase, percent: u8| {
        progress(Response {
            job,
            answer: Answer::Progress { phase, percent },
        })
    };
    let answer = match request.task {
        Task::Import { files, text } => import(&files, &text, &mut report),
        Task::Place { file, text } => Answer::Placed(Box::new(place(&file, &text, &mut report))),
        Task::Export {
            document,
            format,
            stem,
        } => export(&document, format, &stem, &mut report),
        Task::Agree { text, layers } => agree(&text, layers, &mut report),
        Task::ReadPage {
            name,
            html,
            fallback_title,
        } => read_page(&name, &html, &fallback_title, &mut report),
    };
    Response { job, answer }
}

/// Reads an HTML page's article and whole text.
fn read_page(
    name: &str,
    html: &str,
    fallback_title: &str,
    report: &mut dyn FnMut(Phase, u8),
) -> Answer {
    report(Phase::Reading, 0);
    match marginalia_extract::read_page(html, fallback_title) {
        Ok(page) => Answer::Page(Box::new(page)),
        Err(e) => Answer::Refused(format!(
            "Could not open “{name}”: {e}. Nothing was changed."
        )),
    }
}

/// Reads `given` as another tool's annotations and places them on `text`.
fn import(given: &[GivenFile], text: &str, report: &mut dyn FnMut(Phase, u8)) -> Answer {
    report(Phase::Reading, 0);
    let mut texts = Vec::with_capacity(given.len());
    for f in given {
        match decode(&f.bytes) {
            Ok((text, _)) => texts.push(text),
            // One unreadable file is reported by the app's article path.
            Err(_) if given.len() == 1 => return Answer::NotForeign,
            Err(e) => {
                return Answer::Refused(format!(
                    "Could not read “{}”: {e}. Nothing was changed.",
                    f.name
                ))
            }
        }
    }
    let inputs: Vec<InputFile> = given
        .iter()
        .zip(&texts)
        .map(|(f, text)| InputFile {
            name: &f.name,
            text,
        })
        .collect();
    let file = match files::read(&inputs) {
        Ok(file) => file,
        // Text in no format (maybe an article): the app reads it. Valid
        // JSON in no format we read is refused below, saying what it is.
        Err(InteropError::Unknown) => return Answer::NotForeign,
        Err(e) => {
            let name = quoted_list(given.iter().map(|f| f.name.as_str()));
            return Answer::Refused(format!("{name}: nothing was imported: {e}."));
        }
    };
    drop(texts);
    Answer::Placed(Box::new(place(&file, text, report)))
}

/// Places `file`'s annotations on `text`.
fn place(
    file: &ForeignFile,
    text: &str,
    report: &mut dyn FnMut(Phase, u8),
) -> marginalia_core::import::ImportPlan {
    report(Phase::Placing, 0);
    let text = Text::new(text);
    let plan = plan_with_progress(&text, file, &mut |done, total| {
        report(Phase::Placing, percent(done, total))
    });
    report(Phase::Summarising, 100);
    let mut plan = plan;
    plan.slim();
    plan
}

/// `done` of `total` in whole percent.
fn percent(done: usize, total: usize) -> u8 {
    (done.min(total) * 100)
        .checked_div(total)
        .map_or(100, |p| p as u8)
}

/// Every agreement figure of `layers` over `text`, and their CSV.
fn agree(
    text: &str,
    layers: Vec<marginalia_agreement::Layer>,
    report: &mut dyn FnMut(Phase, u8),
) -> Answer {
    report(Phase::Agreeing, 0);
    let figures = marginalia_agreement::report::report(text, &layers);
    let csv = marginalia_agreement::report::csv(&figures, &layers);
    report(Phase::Agreeing, 100);
    Answer::Agreed(Box::new(marginalia_core::engine::Agreement {
        annotators: layers.into_iter().map(|l| l.annotator).collect(),
        figures,
        csv,
    }))
}

/// Writes the Marginalia file `document` in `format`.
fn export(
    document: &str,
    format: ExportFormat,
    stem: &str,
    report: &mut dyn FnMut(Phase, u8),
) -> Answer {
    report(Phase::Writing, 0);
    // The app sends what it holds, so ids and times are always there; these
    // defaults are never used for a file it wrote.
    let defaults = ImportDefaults {
        now: Timestamp::new("1970-01-01T00:00:00Z").expect("a valid timestamp"),
        document_id: DocumentId::new("export").expect("a valid id"),
    };
    match from_json(document, &defaults) {
        Ok(imported) => Answer::Exported(files::export(&imported.document, format, stem)),
        Err(e) => Answer::Refused(format!("The export failed: {e}.")),
    }
}

#[cfg(test)]
mod tests;
