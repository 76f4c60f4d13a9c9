//! The progress bar of work running in the format engine: what is being
//! done, its phase and percent, and **Cancel**. Shown only once the work has
//! run for a moment (see [`crate::progress::SHOW_AFTER_MS`]).

use crate::progress::JobView;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`JobProgress`].
#[derive(Properties, PartialEq)]
pub struct JobProgressProps {
    /// The running job.
    pub job: Rc<JobView>,
    /// Called when the user cancels it.
    pub on_cancel: Callback<()>,
}

/// The progress bar with its Cancel button.
#[component(JobProgress)]
pub fn job_progress(props: &JobProgressProps) -> Html {
    let job = &props.job;
    if !job.shown {
        return html! {};
    }
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let phase = job.phase.label();
    html! {
        <div class="job" role="group" aria-label={job.title.clone()} data-testid="job-progress">
            <span class="job-title">{ job.title.clone() }</span>
            <progress max="100" value={job.percent.to_string()} aria-label={phase}
                data-phase={format!("{:?}", job.phase).to_ascii_lowercase()}></progress>
            <span class="job-phase" aria-live="polite">{ format!("{phase}: {}%", job.percent) }</span>
            <button type="button" onclick={cancel}>{ "Cancel" }</button>
        </div>
    }
}
