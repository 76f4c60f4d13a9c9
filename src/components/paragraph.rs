//! Blocks of paragraphs and paragraphs: memoised leaves of the article.
//!
//! Both re-render only when their props change, which happens only when
//! their own highlights change or the selected annotation enters or leaves
//! them (see `crate::view`).

use crate::view::{BlockView, ParagraphView};
use marginalia_core::AnnotationId;
use std::ops::Range;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Block`].
#[derive(Properties, PartialEq)]
pub struct BlockProps {
    /// The paragraphs to show.
    pub view: Rc<BlockView>,
    /// The selected annotation, when it touches this block, with the
    /// paragraphs it spans.
    pub selected: Option<(AnnotationId, Range<usize>)>,
    /// The annotations related to the selected one that touch this block,
    /// with the paragraphs each spans (outlined).
    #[prop_or_default]
    pub related: Vec<(AnnotationId, Range<usize>)>,
    /// True while the block's paragraphs are not in the page yet (an empty
    /// block of its estimated height; see `article::FIRST_BLOCKS`).
    #[prop_or_default]
    pub pending: bool,
}

/// A group of paragraphs.
#[component(Block)]
pub fn block(props: &BlockProps) -> Html {
    crate::metrics::block_rendered();
    let index = (props.view.first / crate::view::BLOCK_SIZE).to_string();
    if props.pending {
        return html! { <div class="block" data-block={index}></div> };
    }
    let paragraphs = props.view.paragraphs.iter().map(|p| {
        let selected = props
            .selected
            .as_ref()
            .filter(|(_, r)| r.contains(&p.index))
            .map(|(id, _)| id.clone());
        let related: Vec<AnnotationId> = props
            .related
            .iter()
            .filter(|(_, r)| r.contains(&p.index))
            .map(|(id, _)| id.clone())
            .collect();
        html! { <Paragraph key={p.index} view={p.clone()} {selected} {related} /> }
    });
    html! { <div class="block" data-block={index}>{ for paragraphs }</div> }
}

/// Props of [`Paragraph`].
#[derive(Properties, PartialEq)]
pub struct ParagraphProps {
    /// The paragraph's runs.
    pub view: Rc<ParagraphView>,
    /// The selected annotation, when it touches this paragraph.
    pub selected: Option<AnnotationId>,
    /// The annotations related to the selected one that touch this
    /// paragraph (outlined).
    #[prop_or_default]
    pub related: Vec<AnnotationId>,
}

/// One paragraph: plain text runs as text, highlighted runs as `<mark>`s.
/// Tag letters are drawn by CSS from `data-cue`, so the paragraph's text
/// content is exactly the document's text.
#[component(Paragraph)]
pub fn paragraph(props: &ParagraphProps) -> Html {
    crate::metrics::paragraph_rendered();
    let offset = props.view.offset.to_string();
    let selected = props.selected.as_ref().map(|id| id.as_str());
    let runs = props.view.runs.iter().map(|r| {
        if r.ids.is_empty() {
            return html! { { r.text.clone() } };
        }
        let is_selected = selected.is_some_and(|s| r.ids.split(' ').any(|id| id == s));
        let is_related = !props.related.is_empty()
            && r.ids.split(' ').any(|id| props.related.iter().any(|x| x.as_str() == id));
        let cue = (!r.cue.is_empty()).then(|| r.cue.clone());
        html! {
            <mark class={classes!(r.class.clone(), is_selected.then_some("selected"), is_related.then_some("related"))}
                  data-annotation-ids={r.ids.clone()} data-tags={r.tags.clone()} data-cue={cue}>
                { r.text.clone() }
            </mark>
        }
    });
    html! {
        <p data-testid="paragraph" data-offset={offset}>{ for runs }</p>
    }
}
