//! Markdown to plain paragraphs.
//!
//! An article loaded from Markdown needs its text, not its formatting, so
//! this reads the block structure (headings, paragraphs, lists, quotes,
//! code, rules, tables) and strips inline markup (emphasis, links, images,
//! code spans, HTML tags, entities). It is deliberately small: a full
//! CommonMark parser (pulldown-cmark) cost 63 KB of the gzipped bundle,
//! a third of the app, for text that ends up identical on news articles.

use crate::article::{finish_article, Article, ArticleError, ParagraphBuilder};

/// Reads Markdown: the first level-1 heading becomes the title; other
/// headings, list items, table rows and code lines become paragraphs of
/// their own; formatting, images and raw HTML tags are dropped (never run).
pub fn parse_markdown(text: &str, fallback_title: &str) -> Result<Article, ArticleError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = Blocks::default();
    for raw in text.lines() {
        blocks.line(strip_quote_markers(raw));
    }
    blocks.flush();
    finish_article(blocks.out.finish(), blocks.title, fallback_title)
}

/// The block reader's state while it goes through the lines.
#[derive(Default)]
struct Blocks {
    out: ParagraphBuilder,
    title: Option<String>,
    /// The marker of the open code fence, if inside one.
    fence: Option<String>,
    /// The paragraph being gathered, raw.
    pending: String,
}

impl Blocks {
    /// Reads one line (its quote markers already stripped).
    fn line(&mut self, line: &str) {
        if let Some(marker) = &self.fence {
            if line.trim_start().starts_with(marker.as_str()) {
                self.fence = None;
            } else {
                self.paragraph(line);
            }
            return;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.flush();
        } else if let Some(marker) = fence_marker(trimmed) {
            self.flush();
            self.fence = Some(marker);
        } else if is_rule(trimmed) {
            self.flush();
        } else if let Some((level, heading)) = atx_heading(trimmed) {
            self.flush();
            push_heading(level, &inline(heading), &mut self.title, &mut self.out);
        } else if !self.pending.is_empty() && is_underline(trimmed) {
            // Setext heading: a paragraph line underlined with === or ---.
            let heading = inline(&std::mem::take(&mut self.pending));
            let level = if trimmed.starts_with('=') { 1 } else { 2 };
            push_heading(level, &heading, &mut self.title, &mut self.out);
        } else if is_reference_definition(trimmed) || is_table_separator(trimmed) {
            // Not text: dropped.
        } else if let Some(item) = list_item(trimmed) {
            self.flush();
            self.pending.push_str(item);
        } else if trimmed.starts_with('|') {
            self.flush();
            self.paragraph(&table_row(trimmed));
        } else {
            if !self.pending.is_empty() {
                self.pending.push(' ');
            }
            self.pending.push_str(trimmed);
        }
    }

    /// Ends the paragraph being gathered, if it has any text.
    fn flush(&mut self) {
        if !self.pending.trim().is_empty() {
            self.out.push_text(&inline(&self.pending));
            self.out.end_paragraph();
        }
        self.pending.clear();
    }

    /// Pushes `text` as a paragraph of its own.
    fn paragraph(&mut self, text: &str) {
        self.out.push_text(text);
        self.out.end_paragraph();
    }
}

/// A table row's cells, their markup stripped, joined with ` | `.
fn table_row(line: &str) -> String {
    let cells: Vec<String> = line
        .trim_matches('|')
        .split('|')
        .map(|c| inline(c.trim()))
        .collect();
    cells.join(" | ")
}

fn push_heading(level: usize, text: &str, title: &mut Option<String>, out: &mut ParagraphBuilder) {
    if level == 1 && title.is_none() && !text.trim().is_empty() {
        let mut b = ParagraphBuilder::new();
        b.push_text(text);
        *title = b.finish().into_iter().next();
    } else {
        out.push_text(text);
        out.end_paragraph();
    }
}

fn strip_quote_markers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start();
        match t.strip_prefix('>') {
            Some(r) if rest.len() - t.len() <= 3 => rest = r.strip_prefix(' ').unwrap_or(r),
            _ => return rest,
        }
    }
}

fn fence_marker(line: &str) -> Option<String> {
    ["```", "~~~"]
        .iter()
        .find(|m| line.starts_with(**m))
        .map(|m| m.to_string())
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| compact.chars().all(|c| c == m))
}

fn is_underline(line: &str) -> bool {
    !line.is_empty() && (line.chars().all(|c| c == '=') || line.chars().all(|c| c == '-'))
}

fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    // A closing run of #s counts only when set off by a space (`# C#` keeps its #).
    let content = rest.trim();
    let without = content.trim_end_matches('#');
    let content = if without.is_empty() || without.ends_with([' ', '\t']) {
        without.trim_end()
    } else {
        content
    };
    Some((level, content))
}

fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        if rest.is_empty() {
            return Some(""); // an empty item
        }
        return rest.strip_prefix([' ', '\t']).map(str::trim_start);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = line[digits..].strip_prefix(['.', ')'])?;
        return rest.strip_prefix([' ', '\t']).map(str::trim_start);
    }
    None
}

/// `[label]: destination "title"`, where the destination looks like a link
/// (so `[Update]: The company said…` stays text).
fn is_reference_definition(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find("]:") else {
        return false;
    };
    if close == 0 {
        return false;
    }
    let dest = rest[close + 2..].split_whitespace().next().unwrap_or("");
    dest.starts_with('<')
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("www.")
        || dest.starts_with("mailto:")
        || dest.contains("://")
}

fn is_table_separator(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The longest stretch searched for the `>` that closes an HTML tag.
const MAX_TAG: usize = 200;

/// HTML tags recognised (and dropped) in Markdown text; anything else in
/// angle brackets is kept as text (`a <b and c> d`).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "center",
    "cite",
    "code",
    "del",
    "details",
    "div",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "video",
];

/// Strips inline markup from one paragraph of Markdown, in time linear in
/// its length (hostile input cannot make it slow or deep): escapes, code
/// spans, links and images, HTML tags and autolinks, entities, emphasis.
fn inline(s: &str) -> String {
    let mut m = Marks::new(s);
    m.escapes();
    m.code_spans();
    m.links_and_images();
    m.tags_and_autolinks();
    m.entities();
    for mark in ['*', '_', '~'] {
        m.emphasis(mark);
    }
    m.text()
}

/// One paragraph's characters and what each pass decided about them.
struct Marks {
    c: Vec<char>,
    /// Markup to leave out.
    drop: Vec<bool>,
    /// Escaped, or inside a code span: never markup.
    literal: Vec<bool>,
    /// The character an entity stands for, at the entity's `&`.
    replace: Vec<Option<char>>,
}

impl Marks {
    fn new(s: &str) -> Self {
        let c: Vec<char> = s.chars().collect();
        let n = c.len();
        Marks {
            c,
            drop: vec![false; n],
            literal: vec![false; n],
            replace: vec![None; n],
        }
    }

    /// Backslash escapes.
    fn escapes(&mut self) {
        let (c, n) = (&self.c, self.c.len());
        let mut i = 0;
        while i < n {
            if c[i] == '\\' && i + 1 < n && c[i + 1].is_ascii_punctuation() {
                self.drop[i] = true;
                self.literal[i + 1] = true;
                i += 2;
            } else {
                i += 1;
            }
        }
    }

    /// Code spans: a backtick run closes at the next run of the same length.
    fn code_spans(&mut self) {
        let runs = runs_of(&self.c, '`', &self.literal);
        let next_same = next_run_of_same_length(&runs);
        let mut k = 0;
        while k < runs.len() {
            let (start, len) = runs[k];
            match next_same[k] {
                Some(close) => {
                    let (end, _) = runs[close];
                    self.drop[start..start + len].fill(true);
                    self.drop[end..end + len].fill(true);
                    self.literal[start + len..end].fill(true);
                    trim_span_edges(&self.c, start + len, end, &mut self.drop);
                    k = close + 1;
                    while k < runs.len() && runs[k].0 < end + len {
                        k += 1;
                    }
                }
                None => k += 1, // unmatched: the backticks are text
            }
        }
    }

    /// For each non-literal `open`, the index of its matching `close`.
    fn matching(&self, open: char, close: char) -> Vec<Option<usize>> {
        let mut m = vec![None; self.c.len()];
        let mut stack = Vec::new();
        for (j, &x) in self.c.iter().enumerate() {
            if self.literal[j] {
                continue;
            }
            if x == open {
                stack.push(j);
            } else if x == close {
                if let Some(o) = stack.pop() {
                    m[o] = Some(j);
                }
            }
        }
        m
    }

    /// Links and images: brackets and parentheses matched with stacks.
    fn links_and_images(&mut self) {
        let brackets = self.matching('[', ']');
        let parens = self.matching('(', ')');
        let c = &self.c;
        for j in 0..c.len() {
            if c[j] != '[' || self.literal[j] || self.drop[j] {
                continue;
            }
            let Some(close) = brackets[j] else { continue };
            let target_end = match c.get(close + 1) {
                Some('(') => parens[close + 1],
                Some('[') => brackets[close + 1],
                _ => None,
            };
            let Some(end) = target_end else { continue };
            if j > 0 && c[j - 1] == '!' && !self.literal[j - 1] {
                self.drop[j - 1..=end].fill(true); // an image: its alt text goes too
            } else {
                self.drop[j] = true;
                self.drop[close..=end].fill(true);
            }
        }
    }

    /// HTML tags (dropped) and autolinks (kept without their brackets).
    fn tags_and_autolinks(&mut self) {
        let c = &self.c;
        for j in 0..c.len() {
            if c[j] != '<' || self.literal[j] || self.drop[j] {
                continue;
            }
            let Some(len) = c[j + 1..].iter().take(MAX_TAG).position(|&x| x == '>') else {
                continue;
            };
            let inner: String = c[j + 1..j + 1 + len].iter().collect();
            if inner.contains("://") || inner.starts_with("mailto:") {
                self.drop[j] = true;
                self.drop[j + 1 + len] = true;
            } else if is_tag(&inner) {
                self.drop[j..=j + 1 + len].fill(true);
            }
        }
    }

    /// Entities.
    fn entities(&mut self) {
        for j in 0..self.c.len() {
            if self.c[j] == '&' && !self.literal[j] && !self.drop[j] {
                if let Some((decoded, len)) = entity(&self.c[j..]) {
                    self.replace[j] = Some(decoded);
                    self.drop[j + 1..j + len].fill(true);
                }
            }
        }
    }

    /// Emphasis: delimiter runs of `mark` (`*`, `_`, or `~~`) that pair up
    /// are dropped; unpaired ones (2 * 3, 5*3, snake_case) are text.
    fn emphasis(&mut self, mark: char) {
        let c = &self.c;
        let mut openers: Vec<(usize, usize)> = Vec::new();
        for (start, len) in runs_of(c, mark, &self.literal) {
            if self.drop[start] || (mark == '~' && len < 2) {
                continue;
            }
            let before = start.checked_sub(1).map(|j| c[j]);
            let after = c.get(start + len).copied();
            let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
            let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
            if mark == '_' && word(before) && word(after) {
                continue;
            }
            let can_close = !space(before);
            let can_open = !space(after);
            if can_close {
                if let Some(pos) = openers.iter().rposition(|&(_, l)| l == len) {
                    let (o, l) = openers[pos];
                    openers.truncate(pos);
                    self.drop[o..o + l].fill(true);
                    self.drop[start..start + len].fill(true);
                    continue;
                }
            }
            if can_open {
                openers.push((start, len));
            }
        }
    }

    /// The text left: characters not dropped, entities decoded.
    fn text(&self) -> String {
        self.c
            .iter()
            .enumerate()
            .filter(|&(j, _)| !self.drop[j])
            .map(|(j, &x)| self.replace[j].unwrap_or(x))
            .collect()
    }
}

/// For each run, the index of the nearest later run of the same length
/// (lengths are bounded by the text, so this is linear).
fn next_run_of_same_length(runs: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut next_same = vec![None; runs.len()];
    let longest = runs.iter().map(|r| r.1).max().unwrap_or(0);
    let mut last_of_len: Vec<Option<usize>> = vec![None; longest + 1];
    for k in (0..runs.len()).rev() {
        next_same[k] = last_of_len[runs[k].1];
        last_of_len[runs[k].1] = Some(k);
    }
    next_same
}

/// Runs of `mark` not marked literal: (start, length).
fn runs_of(c: &[char], mark: char, literal: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut j = 0;
    while j < c.len() {
        if c[j] == mark && !literal[j] {
            let start = j;
            while j < c.len() && c[j] == mark && !literal[j] {
                j += 1;
            }
            runs.push((start, j - start));
        } else {
            j += 1;
        }
    }
    runs
}

/// Drops one space at each edge of a code span's content when both are
/// spaces (``` `` `x` `` ``` shows `` `x` ``).
fn trim_span_edges(c: &[char], start: usize, end: usize, drop: &mut [bool]) {
    if end > start + 1 && c[start] == ' ' && c[end - 1] == ' ' {
        drop[start] = true;
        drop[end - 1] = true;
    }
}

fn is_tag(inner: &str) -> bool {
    if inner.starts_with("!--") {
        return true;
    }
    let body = inner.strip_prefix('/').unwrap_or(inner);
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let rest = &body[name.len()..];
    // Attributes, if any, must look like attributes (`a <b and c> d` is text).
    let attributes = rest.trim().trim_end_matches('/');
    TAGS.contains(&name.to_ascii_lowercase().as_str())
        && (rest.is_empty() || rest.starts_with(char::is_whitespace) || rest == "/")
        && (attributes.is_empty() || attributes.contains('='))
}

fn entity(chars: &[char]) -> Option<(char, usize)> {
    let end = chars.iter().take(12).position(|&c| c == ';')?;
    let name: String = chars[1..end].iter().collect();
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        n => {
            let code = if let Some(hex) = n.strip_prefix("#x").or_else(|| n.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                n.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(md: &str) -> (String, Vec<String>) {
        let a = parse_markdown(md, "fallback").unwrap();
        (a.title, a.paragraphs)
    }

    #[test]
    fn article_structure() {
        let md = "# The *Big* Story\n\nIt **was** [said](http://x \"t\") that\nthings `happen`.\n\n![a chart](c.png)\n\n## Later\n\n- one\n- two\n  continued\n\n<script>alert(1)</script>\n\n> quoted words\n> more\n";
        let (title, p) = paragraphs(md);
        assert_eq!(title, "The Big Story");
        assert_eq!(
            p,
            vec![
                "It was said that things happen.",
                "Later",
                "one",
                "two continued",
                "alert(1)",
                "quoted words more"
            ]
        );
    }

    #[test]
    fn setext_headings_rules_code_and_tables() {
        let md = "Headline\n========\n\nIntro text.\n\n---\n\nSub\n---\n\n```js\nlet a = 1;\n```\n\n| Who | Said |\n|-----|------|\n| Ana | *yes* |\n\n1. first\n2) second\n\n[ref]: http://example.com\n";
        let (title, p) = paragraphs(md);
        assert_eq!(title, "Headline");
        assert_eq!(
            p,
            vec![
                "Intro text.",
                "Sub",
                "let a = 1;",
                "Who | Said",
                "Ana | yes",
                "first",
                "second"
            ]
        );
    }

    #[test]
    fn inline_markup_is_stripped_but_text_kept() {
        assert_eq!(
            inline("snake_case and 2 * 3 and a_b_c"),
            "snake_case and 2 * 3 and a_b_c"
        );
        assert_eq!(
            inline("__strong__ and _em_ and ~~gone~~ ~x"),
            "strong and em and gone ~x"
        );
        assert_eq!(
            inline("[link *text*][ref] and [not a link] and ![img](x.png)"),
            "link text and [not a link] and "
        );
        assert_eq!(
            inline("AT&amp;T &lt;b&gt; &#233; &#x1F375; &bogus; & more"),
            "AT&T <b> é 🍵 &bogus; & more"
        );
        assert_eq!(
            inline("see <https://e.org/a> or <b>bold</b> 3 < 4 > 2"),
            "see https://e.org/a or bold 3 < 4 > 2"
        );
        assert_eq!(
            inline(r"\*not em\* and `` code `tick` ``"),
            "*not em* and code `tick`"
        );
        // Like CommonMark: paired runs between letters are emphasis, unpaired ones text.
        assert_eq!(
            inline("a*b*c and 5 * 3 and **unclosed and 2*3"),
            "abc and 5 * 3 and **unclosed and 2*3"
        );
        assert_eq!(
            inline("a <b and c> d, <span class=\"x\">in</span>"),
            "a <b and c> d, in"
        );
        assert_eq!(
            inline("[outer [inner](x)](y) ![alt [x]](i.png)"),
            "outer inner "
        );
        assert_eq!(inline("`unclosed and ``also``"), "`unclosed and also");
        assert_eq!(inline("東京 **🍵** e\u{301}"), "東京 🍵 e\u{301}");
    }

    #[test]
    fn hostile_input_does_not_recurse_or_grow() {
        // 200,000 openers would overflow the stack of a recursive parser.
        // (No wall-clock limit: a timed unit test fails on a busy machine.)
        for unit in ["[", "<", "`", "*", "[(", "![", "&", "[x](", "\\"] {
            let s = unit.repeat(200_000);
            let out = inline(&s);
            assert!(out.chars().count() <= s.chars().count());
        }
        let nested = format!("{}x{}", "[".repeat(100_000), "](u)".repeat(100_000));
        assert_eq!(inline(&nested), "x");
    }

    #[test]
    fn block_edge_cases() {
        let (title, p) = paragraphs("# C#\n\n## Done ##\n\n[Update]: The company said more.\n\n> ```\n> code\n> ```\n> after\n\n-\n\n--\n\n[id]: https://e.org/x \"T\"\n");
        assert_eq!(title, "C#");
        assert_eq!(
            p,
            vec![
                "Done",
                "[Update]: The company said more.",
                "code",
                "after",
                "--"
            ]
        );
    }

    #[test]
    fn no_h1_means_fallback_or_headline_title() {
        let (title, p) = paragraphs("## Section\n\nBody.");
        assert_eq!(
            title, "Section",
            "a short first paragraph reads as the headline"
        );
        assert_eq!(p, vec!["Body."]);
        let (title, _) = paragraphs("Just one paragraph of body text.");
        assert_eq!(title, "fallback");
        assert_eq!(
            parse_markdown("![only an image](x.png)\n", "f"),
            Err(ArticleError::NoText)
        );
    }
}
