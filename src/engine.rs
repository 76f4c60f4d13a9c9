//! Work handed to the format engine (a Web Worker, see [`crate::web::engine`]):
//! importing another tool's files, opening such a file's own article, and
//! exporting to other tools' formats. One job runs at a time; a new one
//! replaces it. While it runs, its progress is shown (after
//! [`SHOW_AFTER_MS`]) with **Cancel**; nothing changes until its answer is
//! in, so cancelling, a refusal or a crash of the worker leave the document
//! as it was.

use crate::actions::AppContext;
use crate::loading::Intent;
use crate::progress::{JobAction, SHOW_AFTER_MS};
use crate::state::Action;
use crate::web::engine::{self as worker, Event};
use crate::web::{self, files::File};
use marginalia_core::engine::{Answer, GivenFile, Phase, Request, Response, Task};
use marginalia_core::export::{ExportFile, ExportFormat, LeftOut};
use marginalia_core::import::{ImportPlan, Planned};
use marginalia_core::naming::{export_stem, quoted_list, stem};
use marginalia_core::DocumentId;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What a running job will do with its answer.
enum Purpose {
    /// Import files onto the open document (`document`).
    Import {
        name: String,
        stem: String,
        document: DocumentId,
        files: Vec<File>,
        intent: Intent,
    },
    /// Open the plan's own article as a new document.
    OpenAsNew { name: String, stem: String },
    /// Download an export.
    Export { left_out: LeftOut },
    /// Show agreement figures (computed for this).
    Agree { key: crate::state::AgreementKey },
    /// Open a web page's article.
    ReadPage(crate::pages::Arrival),
}

struct Running {
    id: u32,
    purpose: Purpose,
    /// The items of a plan that came in parts so far.
    parts: Vec<Planned>,
    /// The progress last shown (each change re-renders the page, so it is
    /// shown in steps of 10%).
    shown: Option<(Phase, u8)>,
    /// The latest progress heard, and whether the bar is up (before it is,
    /// progress is only noted).
    latest: (Phase, u8),
    visible: bool,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Reads `files` as another tool's annotations in the engine; when they are
/// not, they are opened in the page as before (article or Marginalia file).
pub fn import(state: &AppContext, files: Vec<File>, intent: Intent) {
    let names: Vec<String> = files.iter().map(|f| f.name()).collect();
    let name = quoted_list(names.iter().map(String::as_str));
    let stem = names.first().map_or("", |n| stem(n)).to_string();
    let text = state.with_doc(|d| d.text().as_str().to_string());
    let task = Task::Import {
        files: files
            .iter()
            .map(|f| GivenFile {
                name: f.name(),
                bytes: Vec::new(),
            })
            .collect(),
        text,
    };
    let purpose = Purpose::Import {
        name: name.clone(),
        stem,
        document: state.with_doc(|d| d.id().clone()),
        files: files.clone(),
        intent,
    };
    run(state, format!("Importing {name}"), task, &files, purpose);
}

/// Places the pending import's annotations on the file's own article, to
/// open it as a new document.
pub fn open_as_new(state: &AppContext, name: &str, stem: &str, plan: &ImportPlan, text: String) {
    let task = Task::Place {
        file: plan.to_file(),
        text,
    };
    let purpose = Purpose::OpenAsNew {
        name: name.into(),
        stem: stem.into(),
    };
    run(
        state,
        format!("Opening the article of {name}"),
        task,
        &[],
        purpose,
    );
}

/// Writes the open document in `format` (another tool's) and downloads it.
pub fn export(state: &AppContext, format: ExportFormat) {
    let (document, stem, left_out) = state.with_doc(|d| {
        (
            marginalia_core::format::to_json(d),
            export_stem(&d.meta().title),
            format.left_out(d),
        )
    });
    let task = Task::Export {
        document,
        format,
        stem,
    };
    let title = format!("Exporting as {}", format.label());
    run(state, title, task, &[], Purpose::Export { left_out });
}

/// Reads an HTML page in the engine (its article and whole text), to open
/// it (see [`crate::pages`]).
pub fn read_page(
    state: &AppContext,
    html: String,
    fallback_title: &str,
    arrival: crate::pages::Arrival,
) {
    let task = Task::ReadPage {
        name: arrival.name.clone(),
        html,
        fallback_title: fallback_title.into(),
    };
    let title = format!("Reading the page “{}”", arrival.name);
    run(state, title, task, &[], Purpose::ReadPage(arrival));
}

/// Computes the agreement figures of the layers shown (when at least two
/// are) in the engine, for the Agreement panel — unless the engine is busy
/// with another job.
pub fn agree(state: &AppContext) {
    // Never in place of another job (an import, an export): the panel asks
    // again once it is over.
    if RUNNING.with(|r| r.borrow().is_some()) {
        return;
    }
    let key = state.agreement_key();
    let task = state.with_doc(|doc| {
        let who = crate::layers::agreeing(doc, &state.layers, &state.me);
        (who.len() >= 2).then(|| Task::Agree {
            text: doc.text().as_str().to_string(),
            layers: marginalia_core::agreement::layers_of(doc, &who, &state.me.id),
        })
    });
    if let Some(task) = task {
        let title = "Computing the agreement".to_string();
        run(state, title, task, &[], Purpose::Agree { key });
    }
}

/// Starts the format engine ahead of its first use, while the user picks a
/// file, opens the export menu or drags files over the page (the page load
/// itself never fetches it).
pub fn prepare() {
    worker::warm();
}

/// Stops the running job: the worker is stopped, nothing changes.
pub fn cancel(state: &AppContext) {
    let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) else {
        return;
    };
    worker::stop();
    state.dispatch(Action::Job(JobAction::Ended(running.id)));
    state.dispatch(Action::Notice("Cancelled. Nothing was changed.".into()));
}

fn run(state: &AppContext, title: String, task: Task, files: &[File], purpose: Purpose) {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let first = match &task {
        Task::Export { .. } => Phase::Writing,
        Task::Place { .. } => Phase::Placing,
        Task::Import { .. } | Task::ReadPage { .. } => Phase::Reading,
        Task::Agree { .. } => Phase::Agreeing,
    };
    let running = Running {
        id,
        purpose,
        parts: Vec::new(),
        shown: None,
        latest: (first, 0),
        visible: false,
    };
    // A job still running is replaced: the worker works on one at a time.
    if RUNNING.with(|r| r.borrow_mut().replace(running)).is_some() {
        worker::stop();
    }
    state.dispatch(Action::Job(JobAction::Started {
        id,
        title,
        phase: first,
    }));
    let later = state.clone();
    web::later(SHOW_AFTER_MS, move || show(&later, id));
    let listener = {
        let state = state.clone();
        Rc::new(move |event: Event| heard(&state, event))
    };
    if let Err(e) = worker::post(&Request { job: id, task }, files, listener) {
        heard(state, Event::Failed(e));
    }
}

/// An event from the engine.
fn heard(state: &AppContext, event: Event) {
    let response = match event {
        Event::Answer(r) => r,
        Event::Failed(message) => {
            if let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) {
                failed(state, running, &message);
            }
            return;
        }
    };
    let Response { job, answer } = response;
    if let Answer::Progress { phase, percent } = answer {
        if worth_showing(job, phase, percent) {
            state.dispatch(Action::Job(JobAction::Progress {
                id: job,
                phase,
                percent,
            }));
        }
        return;
    }
    if let Answer::Part(items) = answer {
        RUNNING.with(|r| {
            if let Some(running) = r.borrow_mut().as_mut().filter(|r| r.id == job) {
                running.parts.extend(items);
            }
        });
        return;
    }
    if !answer.is_final() {
        return;
    }
    let running = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        match r.as_ref() {
            Some(running) if running.id == job => r.take(),
            _ => None,
        }
    });
    let Some(mut running) = running else {
        return;
    };
    state.dispatch(Action::Job(JobAction::Ended(job)));
    let answer = match answer {
        Answer::Placed(mut plan) if !running.parts.is_empty() => {
            let mut items = std::mem::take(&mut running.parts);
            items.append(&mut plan.items);
            plan.items = items;
            Answer::Placed(plan)
        }
        answer => answer,
    };
    match answer {
        Answer::Crashed(message) => {
            worker::stop();
            failed(state, running, &message);
        }
        Answer::Refused(message) => state.dispatch(Action::Alert(message)),
        answer => done(state, running.purpose, answer),
    }
}

/// Job `id` has run long enough: its bar goes up, with the latest progress.
fn show(state: &AppContext, id: u32) {
    let latest = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let running = r.as_mut().filter(|r| r.id == id)?;
        running.visible = true;
        running.shown = Some(running.latest);
        Some(running.latest)
    });
    let Some((phase, percent)) = latest else {
        return;
    };
    state.dispatch(Action::Job(JobAction::Progress { id, phase, percent }));
    state.dispatch(Action::Job(JobAction::Show(id)));
}

/// True when job `job`'s bar is up and its progress moved enough since it
/// was last shown (a new phase, 10 more percent, or the end); notes it.
fn worth_showing(job: u32, phase: Phase, percent: u8) -> bool {
    RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let Some(running) = r.as_mut().filter(|r| r.id == job) else {
            return false;
        };
        running.latest = (phase, percent);
        let worth = running.visible
            && match running.shown {
                Some((shown, at)) if shown == phase => {
                    percent >= at.saturating_add(10) || (percent == 100 && at < 100)
                }
                _ => true,
            };
        if worth {
            running.shown = Some((phase, percent));
        }
        worth
    })
}

/// The job's answer is in: what it was for happens now.
fn done(state: &AppContext, purpose: Purpose, answer: Answer) {
    match (purpose, answer) {
        (
            Purpose::Import {
                name,
                stem,
                document,
                ..
            },
            Answer::Placed(plan),
        ) => {
            if state.with_doc(|d| d.id() != &document) {
                state.dispatch(Action::Notice(format!(
                    "{name} was read for another document; import it again here."
                )));
            } else {
                crate::actions::propose_import(state, name, stem, *plan);
            }
        }
        (Purpose::Import { files, intent, .. }, Answer::NotForeign) => {
            crate::actions::open_in_page(state, files, intent)
        }
        (Purpose::OpenAsNew { name, stem }, Answer::Placed(plan)) => {
            crate::actions::open_placed_as_new(state, &name, &stem, *plan)
        }
        (Purpose::Export { left_out }, Answer::Exported(files)) => {
            downloaded(state, &files, left_out)
        }
        (Purpose::Agree { key }, Answer::Agreed(figures)) => {
            state.dispatch(Action::Agreed(Box::new(crate::state::Agreed {
                key,
                figures: *figures,
            })))
        }
        (Purpose::ReadPage(arrival), Answer::Page(page)) => {
            crate::pages::opened(state, *page, arrival)
        }
        (_, answer) => state.dispatch(Action::Alert(format!(
            "The format engine gave an unexpected answer ({}). Nothing was changed.",
            what(&answer)
        ))),
    }
}

fn what(answer: &Answer) -> &'static str {
    match answer {
        Answer::Ready => "ready",
        Answer::Progress { .. } => "progress",
        Answer::Part(_) | Answer::Placed(_) => "an import",
        Answer::NotForeign => "not another tool's file",
        Answer::Refused(_) => "a refusal",
        Answer::Exported(_) => "an export",
        Answer::Agreed(_) => "agreement figures",
        Answer::Page(_) => "a page",
        Answer::Crashed(_) => "a crash",
    }
}

/// The worker died or could not start.
fn failed(state: &AppContext, running: Running, message: &str) {
    state.dispatch(Action::Job(JobAction::Ended(running.id)));
    let doing = match &running.purpose {
        Purpose::Import { name, .. } => format!("reading {name}"),
        Purpose::OpenAsNew { name, .. } => format!("opening the article of {name}"),
        Purpose::Export { .. } => "writing the export".into(),
        Purpose::Agree { .. } => "computing the agreement".into(),
        Purpose::ReadPage(arrival) => format!("reading the page “{}”", arrival.name),
    };
    state.dispatch(Action::Alert(format!(
        "The format engine failed while {doing} ({message}). Nothing was changed; the next import or export starts it afresh."
    )));
}

/// Offers the export's files as downloads and says so.
fn downloaded(state: &AppContext, files: &[ExportFile], left_out: LeftOut) {
    for f in files {
        if let Err(e) = web::files::download(&f.name, &f.mime, &f.content) {
            state.dispatch(Action::Alert(format!("The export failed: {e}.")));
            return;
        }
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let notice = crate::actions::exported_notice(&names, left_out);
    state.dispatch(Action::Notice(crate::actions::signed(state, notice)));
}
