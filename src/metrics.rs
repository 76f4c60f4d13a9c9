//! Render counters, so tests (and curious developers) can check that a
//! change re-renders only the part of the article it touches.

use std::cell::Cell;

thread_local! {
    static PARAGRAPHS: Cell<u64> = const { Cell::new(0) };
    static BLOCKS: Cell<u64> = const { Cell::new(0) };
    static ROW_TEXTS: Cell<u64> = const { Cell::new(0) };
}

/// Counts one render of a paragraph component.
pub fn paragraph_rendered() {
    PARAGRAPHS.with(|c| c.set(c.get() + 1));
}

/// Counts one render of a block component.
pub fn block_rendered() {
    BLOCKS.with(|c| c.set(c.get() + 1));
}

/// Renders so far: (paragraphs, blocks).
pub fn renders() -> (u64, u64) {
    (PARAGRAPHS.with(Cell::get), BLOCKS.with(Cell::get))
}

/// Counts one render of the text of an annotation list row.
pub fn row_text_rendered() {
    ROW_TEXTS.with(|c| c.set(c.get() + 1));
}

/// Renders of annotation list rows' texts so far.
pub fn row_text_renders() -> u64 {
    ROW_TEXTS.with(Cell::get)
}
