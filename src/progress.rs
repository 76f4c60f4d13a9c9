//! The progress of work handed to the format engine, as the progress bar
//! shows it: what is being done, its phase and percent, and whether it has
//! run long enough (about 200 ms) to be shown at all.

use marginalia_core::engine::Phase;
use std::rc::Rc;

/// How long work runs before its progress bar appears, in milliseconds
/// (shorter work would only flash it).
pub const SHOW_AFTER_MS: u32 = 200;

/// A running job, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobView {
    /// The job's number.
    pub id: u32,
    /// What is being done, e.g. `Importing “notes.jsonld”`.
    pub title: String,
    /// The phase it is in.
    pub phase: Phase,
    /// How much of the phase is done, 0–100.
    pub percent: u8,
    /// True once it has run long enough to be shown.
    pub shown: bool,
}

/// What happens to a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobAction {
    /// It started (any job before it is over).
    Started {
        /// Its number.
        id: u32,
        /// What it does.
        title: String,
        /// Its first phase.
        phase: Phase,
    },
    /// It reports how far it is.
    Progress {
        /// Its number.
        id: u32,
        /// The phase.
        phase: Phase,
        /// How much of it is done.
        percent: u8,
    },
    /// It has run long enough to be shown.
    Show(u32),
    /// It is over (done, failed or cancelled).
    Ended(u32),
}

/// Applies `action` to the running job; false when nothing changed (an
/// action about a job that is no longer the running one changes nothing).
pub fn apply(job: &mut Option<Rc<JobView>>, action: JobAction) -> bool {
    let current = job.as_ref().map(|j| j.id);
    let mut update = |id: u32, f: &dyn Fn(&mut JobView)| -> bool {
        match job {
            Some(j) if j.id == id => {
                let mut next = (**j).clone();
                f(&mut next);
                let changed = next != **j;
                if changed {
                    *j = Rc::new(next);
                }
                changed
            }
            _ => false,
        }
    };
    match action {
        JobAction::Started { id, title, phase } => {
            *job = Some(Rc::new(JobView {
                id,
                title,
                phase,
                percent: 0,
                shown: false,
            }));
            true
        }
        JobAction::Progress { id, phase, percent } => update(id, &|j| {
            j.phase = phase;
            j.percent = percent.min(100);
        }),
        JobAction::Show(id) => update(id, &|j| j.shown = true),
        JobAction::Ended(id) if current == Some(id) => {
            *job = None;
            true
        }
        JobAction::Ended(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_shown_late_updated_and_ended_and_stale_news_is_ignored() {
        let mut job = None;
        assert!(apply(
            &mut job,
            JobAction::Started {
                id: 2,
                title: "Importing “東京.json”".into(),
                phase: Phase::Reading,
            }
        ));
        assert!(!job.as_ref().unwrap().shown);
        assert!(apply(&mut job, JobAction::Show(2)));
        assert!(!apply(&mut job, JobAction::Show(2)), "already shown");
        assert!(apply(
            &mut job,
            JobAction::Progress {
                id: 2,
                phase: Phase::Placing,
                percent: 140
            }
        ));
        assert_eq!(job.as_ref().unwrap().percent, 100);
        assert!(!apply(&mut job, JobAction::Show(1)), "another job");
        assert!(!apply(&mut job, JobAction::Ended(1)));
        assert!(apply(&mut job, JobAction::Ended(2)));
        assert!(job.is_none());
    }
}
