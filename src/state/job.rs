//! News of the work running in the format engine (see [`crate::engine`]).

use super::{AppState, Outcome};
use crate::progress::{self, JobAction};

impl AppState {
    pub(super) fn job_news(&mut self, news: JobAction) -> Outcome {
        if progress::apply(&mut self.job, news) {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, AppState};
    use crate::persist::Persist;
    use crate::progress::JobAction;
    use marginalia_core::engine::Phase;
    use marginalia_core::Index;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn job_news_changes_only_the_job_and_stale_news_changes_nothing() {
        let s = Rc::new(AppState::new(
            marginalia_core::testing::doc("text"),
            false,
            Index::new(),
            Vec::new(),
            Persist::in_memory(),
        ));
        let s = s.reduce(Action::Job(JobAction::Started {
            id: 4,
            title: "Importing “a.ann”".into(),
            phase: Phase::Reading,
        }));
        assert_eq!(s.job.as_ref().map(|j| j.id), Some(4));
        let same = s.clone().reduce(Action::Job(JobAction::Show(9)));
        assert!(Rc::ptr_eq(&same, &s), "another job's news: no new state");
        let s = s.reduce(Action::Job(JobAction::Ended(4)));
        assert!(s.job.is_none());
    }
}
