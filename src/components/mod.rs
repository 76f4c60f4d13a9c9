//! The UI, one component per file.

mod agreement_panel;
mod annotation_editor;
mod annotation_list;
mod annotation_row;
pub mod article;
mod attributes;
mod codebook_label;
mod codebook_panel;
mod codebook_relations;
mod compare_panel;
mod connectors;
mod file_button;
mod import_panel;
mod job_progress;
mod layer_toggles;
mod library;
mod load_panel;
mod messages;
mod page_choice;
mod paragraph;
mod parts;
mod relations;
mod statistics_panel;
mod sync_panel;
mod sync_scope;
mod sync_status;
mod toolbar;
mod unplaced_list;

pub use agreement_panel::AgreementPanel;
pub use annotation_editor::AnnotationEditor;
pub use annotation_list::AnnotationList;
pub use annotation_row::AnnotationRow;
pub use article::ArticlePane;
pub use codebook_panel::CodebookPanel;
pub use compare_panel::ComparePanel;
pub use file_button::FileButton;
pub use import_panel::ImportPanel;
pub use job_progress::JobProgress;
pub use layer_toggles::LayerToggles;
pub use library::Library;
pub use load_panel::LoadPanel;
pub use messages::Messages;
pub use page_choice::PageChoiceBar;
pub use paragraph::{Block, Paragraph};
pub use statistics_panel::StatisticsPanel;
pub use sync_panel::SyncPanel;
pub use sync_status::SyncStatus;
pub use toolbar::Toolbar;
pub use unplaced_list::UnplacedList;

/// The **Close** button of a panel (`label` is its accessible name, e.g.
/// "Close the codebook").
pub fn close_panel(state: &crate::actions::AppContext, label: &'static str) -> yew::Html {
    use yew::prelude::*;
    let state = state.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        state.dispatch(crate::state::Action::ShowPanel(crate::state::Panel::Closed))
    });
    html! { <button class="close" {onclick} aria-label={label}>{ "Close" }</button> }
}
