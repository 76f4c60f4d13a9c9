//! CoNLL-style token / BIO-tag lines (export only), for sequence-labelling
//! tools.
//!
//! Offsets do not appear in the output (tokens are listed in order); the
//! tokeniser works in code points, and [`tokenize`] returns code-point
//! ranges.
//!
//! Layout:
//! - a first comment line `# columns = token claim source quote`, then,
//!   when some annotations could not be written, `# dropped = N …`;
//! - one block per paragraph (the paragraphs of the document; no sentence
//!   splitting), opened by `# text = <the paragraph>` and closed by a blank
//!   line; empty paragraphs are left out;
//! - one line per token: the token, then one BIO column per tag, separated
//!   by single spaces: `Obama B-source O O`. Tokens never hold white space.
//!   Comment lines start with `# ` and have `=` as their third field, which
//!   a token line (four fields, the last three `O`, `B-…` or `I-…`) never
//!   has, even for the token `#`.
//!
//! Tags: annotations of different tags may overlap, hence one column each.
//! A token is inside an annotation when any of its characters is (a span
//! that starts or ends inside a token takes the whole token). The first
//! token of an annotation is `B-tag`, the next ones `I-tag`; an annotation
//! crossing paragraphs restarts with `B-` in each block, since entities do
//! not cross sentence boundaries in CoNLL. Within one tag, annotations that
//! nest or overlap cannot all be written: they are taken by start, longest
//! first, and one whose tokens are already taken by an earlier one is
//! dropped — so the outer (or earlier) span wins. Dropped annotations (also
//! those covering no token) are counted in the `# dropped` line and listed
//! in [`Export::dropped`].
//!
//! Tokenisation ([`tokenize`]), simple and predictable:
//! - white space separates tokens (and is never part of one);
//! - runs of letters, digits, marks and other symbols form a word;
//! - punctuation (ASCII punctuation, Latin-1 and general punctuation, CJK
//!   and full-width punctuation) is a token of its own, except that an
//!   apostrophe or hyphen between two word characters stays in the word
//!   (`don't`, `well-known`) and so does a `.` or `,` between two digits
//!   (`3.5`, `1,000`);
//! - each Han ideograph is a token of its own (Chinese and Japanese are
//!   written without spaces; kana and Hangul stay in words);
//! - each emoji is a token of its own, kept whole with its skin-tone
//!   modifier, variation selector, ZWJ sequence, flag pair or keycap;
//! - combining marks (accents written as separate code points) stay with
//!   the character before them.

use marginalia_core::annotation::{AnnotationId, Tag};
use marginalia_core::document::Document;
use std::fmt::Write as _;
use std::ops::Range;

/// A CoNLL export with what it had to leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The file's content.
    pub text: String,
    /// Annotations not written: nested in or overlapping an annotation of
    /// the same tag that was written, or covering no token.
    pub dropped: Vec<AnnotationId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Space,
    /// Attaches to whatever precedes it (combining marks, ZWJ, variation
    /// selectors, skin tones, tag characters, the keycap mark).
    Extend,
    Punct,
    Ideograph,
    Emoji,
    Regional,
    Word,
}

fn class(c: char) -> Class {
    let u = c as u32;
    if c.is_whitespace() || (0x1C..=0x1F).contains(&u) {
        Class::Space
    } else if matches!(u,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F | 0x200D | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF
        | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
    {
        Class::Extend
    } else if c.is_ascii_punctuation()
        || matches!(u,
            0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF
            | 0x2010..=0x2027 | 0x2030..=0x205E | 0x2E00..=0x2E4F
            | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F
            | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
            | 0x060C | 0x061B | 0x061F | 0x06D4 | 0x0964 | 0x0965)
    {
        Class::Punct
    } else if matches!(u,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
    {
        Class::Ideograph
    } else if (0x1F1E6..=0x1F1FF).contains(&u) {
        Class::Regional
    } else if matches!(u, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55) {
        Class::Emoji
    } else {
        Class::Word
    }
}

/// Punctuation kept inside a word between two word characters.
fn joins_words(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

/// Splits `s` into tokens (rules in the module notes), as code-point
/// ranges in order.
pub fn tokenize(s: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = s.chars().collect();
    let mut tokens: Vec<Range<usize>> = Vec::new();
    // Class of the token being built (None after white space).
    let mut open: Option<Class> = None;
    let mut after_zwj = false;
    let mut single_regional = false;
    for (i, &c) in chars.iter().enumerate() {
        let cl = class(c);
        if cl == Class::Space {
            open = None;
            after_zwj = false;
            continue;
        }
        let word = |j: usize| chars.get(j).is_some_and(|&x| class(x) == Class::Word);
        let digit = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
        let join = match (open, cl) {
            (None, _) => false,
            (Some(_), Class::Extend) => true,
            (Some(_), _) if after_zwj => true,
            (Some(Class::Word), Class::Word) => true,
            (Some(Class::Regional), Class::Regional) => single_regional,
            (Some(Class::Word), Class::Punct) => {
                (joins_words(c) && word(i + 1))
                    || (matches!(c, '.' | ',') && i > 0 && digit(i - 1) && digit(i + 1))
            }
            _ => false,
        };
        if join {
            if let Some(last) = tokens.last_mut() {
                last.end = i + 1;
            }
            single_regional = false;
            if cl == Class::Punct {
                // The word goes on after the joining character.
                open = Some(Class::Word);
            }
        } else {
            tokens.push(i..i + 1);
            open = Some(if cl == Class::Extend { Class::Word } else { cl });
            single_regional = cl == Class::Regional;
        }
        after_zwj = c == '\u{200D}';
    }
    tokens
}

/// A one-line rendering of a paragraph for its `# text =` comment.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Writes `doc` as CoNLL lines with one BIO column per tag (layout in the
/// module notes).
pub fn export(doc: &Document) -> Export {
    let text = doc.text();
    let tokens = tokenize(text.as_str());
    // A column per tag shown (every tag in use is), in toolbar order.
    let shown = doc.shown_tags();
    let mut column = vec![0; doc.tags().len()];
    for (c, (slot, _)) in shown.iter().enumerate() {
        column[*slot] = c;
    }
    let tags: Vec<Tag> = shown.into_iter().map(|(_, t)| t).collect();
    let (taken, dropped) = assign_columns(doc, &tokens, &column, tags.len());
    let mut out = String::from("# columns = token");
    for tag in &tags {
        out.push(' ');
        out.push_str(&tag.token());
    }
    out.push('\n');
    if !dropped.is_empty() {
        let _ = writeln!(
            out,
            "# dropped = {} (nested in or overlapping an annotation of the same tag, outer kept)",
            dropped.len()
        );
    }
    write_tokens(&mut out, doc, &tokens, &taken, &tags);
    Export { text: out, dropped }
}

/// Which annotation holds each token in each tag's column:
/// `taken[token * columns + column]` is its index in the column-ordered
/// list (the outer of nested or overlapping ones of one tag wins), and the
/// annotations that found no room, in text order.
fn assign_columns(
    doc: &Document,
    tokens: &[Range<usize>],
    columns: &[usize],
    cols: usize,
) -> (Vec<Option<usize>>, Vec<AnnotationId>) {
    let column = |a: &marginalia_core::Annotation| doc.slot(&a.tag).map_or(0, |s| columns[s]);
    let mut taken: Vec<Option<usize>> = vec![None; tokens.len() * cols];
    let mut dropped = Vec::new();
    let mut list: Vec<_> = doc.annotations().collect();
    list.sort_by(|a, b| {
        (column(a), a.start, std::cmp::Reverse(a.end), &a.id).cmp(&(
            column(b),
            b.start,
            std::cmp::Reverse(b.end),
            &b.id,
        ))
    });
    for (n, a) in list.iter().enumerate() {
        // The tokens of each part (a part after the first begins with B-).
        let spans: Vec<Range<usize>> = a
            .parts()
            .map(|p| {
                tokens.partition_point(|t| t.end <= p.start)
                    ..tokens.partition_point(|t| t.start < p.end)
            })
            .filter(|r| !r.is_empty())
            .collect();
        let col = column(a);
        let busy = |r: &Range<usize>| r.clone().any(|t| taken[t * cols + col].is_some());
        if spans.is_empty() || spans.iter().any(busy) {
            dropped.push(a.id.clone());
            continue;
        }
        for t in spans.into_iter().flatten() {
            taken[t * cols + col] = Some(n);
        }
    }
    dropped.sort_by_key(|id| {
        doc.annotation(id)
            .map(|a| a.order_key())
            .unwrap_or((0, 0, id.clone()))
    });
    (taken, dropped)
}

/// One line per token (its BIO label in each column), one block per
/// paragraph headed by its `# text =` comment.
fn write_tokens(
    out: &mut String,
    doc: &Document,
    tokens: &[Range<usize>],
    taken: &[Option<usize>],
    tags: &[Tag],
) {
    let text = doc.text();
    let cols = tags.len();
    let mut paragraph = usize::MAX;
    for (i, tok) in tokens.iter().enumerate() {
        let p = text.paragraph_at(tok.start);
        let new_block = p != paragraph;
        if new_block {
            if paragraph != usize::MAX {
                out.push('\n');
            }
            paragraph = p;
            let _ = writeln!(out, "# text = {}", one_line(text.paragraph_text(p)));
        }
        out.push_str(text.slice(tok.clone()));
        for (col, tag) in tags.iter().enumerate() {
            out.push(' ');
            match taken[i * cols + col] {
                None => out.push('O'),
                Some(n) => {
                    let begins = new_block || i == 0 || taken[(i - 1) * cols + col] != Some(n);
                    out.push_str(if begins { "B-" } else { "I-" });
                    out.push_str(&tag.token());
                }
            }
        }
        out.push('\n');
    }
    if paragraph != usize::MAX {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::annotation::Tag;
    use marginalia_core::document::Command;
    use marginalia_core::testing::{ann, doc};

    fn words(s: &str) -> Vec<String> {
        let t = marginalia_core::text::Text::new(s);
        tokenize(s)
            .into_iter()
            .map(|r| t.slice(r).to_string())
            .collect()
    }

    #[test]
    fn tokenizer_splits_punctuation_and_keeps_words() {
        assert_eq!(
            words("He said: \"don't\" — well-known (3.5%, 1,000)."),
            [
                "He",
                "said",
                ":",
                "\"",
                "don't",
                "\"",
                "—",
                "well-known",
                "(",
                "3.5",
                "%",
                ",",
                "1,000",
                ")",
                "."
            ]
        );
        assert_eq!(words("U.S. end-"), ["U", ".", "S", ".", "end", "-"]);
        assert_eq!(words("  \n\t "), Vec::<String>::new());
        assert_eq!(words("#MeToo #"), ["#", "MeToo", "#"]);
    }

    #[test]
    fn tokenizer_handles_emoji_cjk_and_combining_marks() {
        assert_eq!(
            words("e\u{301}te\u{301} 東京は晴れ。"),
            ["e\u{301}te\u{301}", "東", "京", "は", "晴", "れ", "。"]
        );
        assert_eq!(
            words("hi👍🏽 👩\u{200d}👩\u{200d}👧ok 🇫🇷🇩🇪 1\u{fe0f}\u{20e3}!"),
            [
                "hi",
                "👍🏽",
                "👩\u{200d}👩\u{200d}👧",
                "ok",
                "🇫🇷",
                "🇩🇪",
                "1\u{fe0f}\u{20e3}",
                "!"
            ]
        );
        assert_eq!(words("\u{301}a"), ["\u{301}a"]);
        // Ranges are code points.
        assert_eq!(tokenize("🍵 tea"), vec![0..1, 2..5]);
    }

    #[test]
    fn export_writes_bio_columns_per_paragraph() {
        let text = "Obama said the 🍵 was hot.\n\nIt was, he said.";
        let mut d = doc(text);
        // "Obama" as source; "said the 🍵 was hot." as claim; "the 🍵" quote.
        d.apply(Command::Add(ann("s", Tag::Source, 0, 5))).unwrap();
        d.apply(Command::Add(ann("c", Tag::Claim, 6, 25))).unwrap();
        d.apply(Command::Add(ann("q", Tag::Quote, 11, 16))).unwrap();
        // Crosses the empty paragraph into the next one.
        d.apply(Command::Add(ann("x", Tag::Quote, 22, 33))).unwrap();
        let e = export(&d);
        assert!(e.dropped.is_empty());
        let expected = "# columns = token claim source quote\n\
# text = Obama said the 🍵 was hot.\n\
Obama O B-source O\n\
said B-claim O O\n\
the I-claim O B-quote\n\
🍵 I-claim O I-quote\n\
was I-claim O O\n\
hot I-claim O B-quote\n\
. I-claim O I-quote\n\
\n\
# text = It was, he said.\n\
It O O B-quote\n\
was O O I-quote\n\
, O O O\n\
he O O O\n\
said O O O\n\
. O O O\n\
\n";
        assert_eq!(e.text, expected);
    }

    #[test]
    fn labels_get_their_own_columns() {
        let mut d = doc("Obama said so.");
        let person = marginalia_core::annotation::Label::new("Named person").unwrap();
        d.apply(Command::AddLabel(person.clone())).unwrap();
        d.apply(Command::Add(ann("p", Tag::Other(person), 0, 5)))
            .unwrap();
        d.apply(Command::Add(ann("c", Tag::Claim, 6, 13))).unwrap();
        let e = export(&d);
        let expected = "# columns = token claim source quote Named_person\n\
# text = Obama said so.\n\
Obama O O O B-Named_person\n\
said B-claim O O O\n\
so I-claim O O O\n\
. O O O O\n\
\n";
        assert_eq!(e.text, expected);
    }

    #[test]
    fn a_deleted_tag_has_no_column_and_a_renamed_one_its_new_name() {
        let mut d = doc("Obama said so.");
        d.apply(d.delete_label(&Tag::Claim)).unwrap();
        let speech = Tag::Other(marginalia_core::annotation::Label::new("Speech").unwrap());
        d.apply(d.rename_tag(&Tag::Quote, speech.clone())).unwrap();
        d.apply(Command::Add(ann("q", speech, 6, 13))).unwrap();
        let e = export(&d);
        let expected = "# columns = token source Speech\n\
# text = Obama said so.\n\
Obama O O\n\
said O B-Speech\n\
so O I-Speech\n\
. O O\n\
\n";
        assert_eq!(e.text, expected);
    }

    #[test]
    fn nested_same_tag_keeps_the_outer_and_counts_the_rest() {
        let mut d = doc("one two three four five");
        d.apply(Command::Add(ann("inner", Tag::Claim, 4, 13)))
            .unwrap();
        d.apply(Command::Add(ann("outer", Tag::Claim, 0, 18)))
            .unwrap();
        d.apply(Command::Add(ann("cross", Tag::Claim, 14, 23)))
            .unwrap();
        d.apply(Command::Add(ann("after", Tag::Claim, 19, 23)))
            .unwrap();
        // Mid-token span takes the whole token; a different tag may overlap.
        d.apply(Command::Add(ann("part", Tag::Source, 5, 6)))
            .unwrap();
        let e = export(&d);
        let ids: Vec<&str> = e.dropped.iter().map(AnnotationId::as_str).collect();
        assert_eq!(ids, ["inner", "cross"]);
        let lines: Vec<&str> = e.text.lines().collect();
        assert_eq!(
            lines[1],
            "# dropped = 2 (nested in or overlapping an annotation of the same tag, outer kept)"
        );
        assert_eq!(
            &lines[3..8],
            [
                "one B-claim O O",
                "two I-claim B-source O",
                "three I-claim O O",
                "four I-claim O O",
                "five B-claim O O"
            ]
        );
    }

    #[test]
    fn adjacent_spans_of_one_tag_each_begin() {
        let mut d = doc("a b");
        d.apply(Command::Add(ann("1", Tag::Quote, 0, 1))).unwrap();
        d.apply(Command::Add(ann("2", Tag::Quote, 2, 3))).unwrap();
        let e = export(&d);
        assert!(
            e.text.contains("a O O B-quote\nb O O B-quote\n"),
            "{}",
            e.text
        );
    }

    #[test]
    fn whitespace_only_annotation_is_dropped() {
        let mut d = doc("a  b");
        d.apply(Command::Add(ann("w", Tag::Quote, 1, 3))).unwrap();
        let e = export(&d);
        assert_eq!(e.dropped.len(), 1);
        assert_eq!(
            export(&doc("")).text,
            "# columns = token claim source quote\n"
        );
    }
}
