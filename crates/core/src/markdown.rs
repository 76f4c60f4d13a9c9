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
    let lines: Vec<&str> = text.lines().collect();
    let mut out = ParagraphBuilder::new();
    let mut title: Option<String> = None;
    let mut fence: Option<String> = None;
    let mut pending = String::new(); // the paragraph being gathered, raw
    let flush = |pending: &mut String, out: &mut ParagraphBuilder| {
        if !pending.trim().is_empty() {
            out.push_text(&inline(pending));
            out.end_paragraph();
        }
        pending.clear();
    };
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        i += 1;
        if let Some(marker) = &fence {
            if raw.trim_start().starts_with(marker.as_str()) {
                fence = None;
            } else {
                out.push_text(raw);
                out.end_paragraph();
            }
            continue;
        }
        let line = strip_quote_markers(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut pending, &mut out);
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            flush(&mut pending, &mut out);
            fence = Some(marker);
            continue;
        }
        if is_rule(trimmed) {
            flush(&mut pending, &mut out);
            continue;
        }
        if let Some((level, heading)) = atx_heading(trimmed) {
            flush(&mut pending, &mut out);
            push_heading(level, &inline(heading), &mut title, &mut out);
            continue;
        }
        // Setext heading: a paragraph line underlined with === or ---.
        if !pending.is_empty() && is_underline(trimmed) {
            let heading = inline(&std::mem::take(&mut pending));
            push_heading(
                if trimmed.starts_with('=') { 1 } else { 2 },
                &heading,
                &mut title,
                &mut out,
            );
            continue;
        }
        if is_reference_definition(trimmed) || is_table_separator(trimmed) {
            continue;
        }
        if let Some(item) = list_item(trimmed) {
            flush(&mut pending, &mut out);
            pending.push_str(item);
            continue;
        }
        if trimmed.starts_with('|') {
            flush(&mut pending, &mut out);
            let cells: Vec<String> = trimmed
                .trim_matches('|')
                .split('|')
                .map(|c| inline(c.trim()))
                .collect();
            out.push_text(&cells.join(" | "));
            out.end_paragraph();
            continue;
        }
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(trimmed);
    }
    flush(&mut pending, &mut out);
    finish_article(out.finish(), title, fallback_title)
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
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.strip_prefix([' ', '\t']).map(str::trim_start);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = line[digits..].strip_prefix(['.', ')'])?;
        return rest.strip_prefix([' ', '\t']).map(str::trim_start);
    }
    None
}

fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| i > 1)
}

fn is_table_separator(line: &str) -> bool {
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Strips inline markup from one paragraph of Markdown.
fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = chars[i..].iter().take_while(|&&x| x == '`').count();
                let close = find_run(&chars, i + run, '`', run);
                match close {
                    Some(end) => {
                        out.push_str(chars[i + run..end].iter().collect::<String>().trim());
                        i = end + run;
                    }
                    None => {
                        out.extend(&chars[i..i + run]);
                        i += run;
                    }
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link_end(&chars, i + 1) {
                Some((_, end)) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link_end(&chars, i) {
                Some((label_end, end)) => {
                    out.push_str(&inline(&chars[i + 1..label_end].iter().collect::<String>()));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match chars[i..].iter().position(|&x| x == '>') {
                Some(len) if is_tag_or_autolink(&chars[i + 1..i + len]) => {
                    let inner: String = chars[i + 1..i + len].iter().collect();
                    if inner.contains("://") || inner.starts_with("mailto:") {
                        out.push_str(&inner);
                    }
                    i += len + 1;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => match entity(&chars[i..]) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    i += len;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + run).copied();
                let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
                // A run with spaces on both sides (2 * 3), an intraword `_`
                // (snake_case) and a lone `~` are text; other runs delimit.
                let keep = (space(before) && space(after))
                    || (c == '_' && word(before) && word(after))
                    || (c == '~' && run < 2);
                if keep {
                    out.extend(&chars[i..i + run]);
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn find_run(chars: &[char], from: usize, c: char, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == c {
            let n = chars[j..].iter().take_while(|&&x| x == c).count();
            if n == run {
                return Some(j);
            }
            j += n;
        } else {
            j += 1;
        }
    }
    None
}

/// For `[label](url)`, `[label][ref]` or `[label][]` starting at `open`,
/// the index of the label's `]` and of the first character after the link.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut j = open;
    let close = loop {
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    let (opener, closer) = match chars.get(close + 1) {
        Some('(') => ('(', ')'),
        Some('[') => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0;
    for (k, &x) in chars.iter().enumerate().skip(close + 1) {
        if x == opener {
            depth += 1;
        } else if x == closer {
            depth -= 1;
            if depth == 0 {
                return Some((close, k + 1));
            }
        }
    }
    None
}

fn is_tag_or_autolink(inner: &[char]) -> bool {
    let s: String = inner.iter().collect();
    let name = s.strip_prefix('/').unwrap_or(&s);
    s.contains("://")
        || s.starts_with("mailto:")
        || s.starts_with("!--")
        || name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " =\"'-_:/.;#%?&".contains(c))
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
            inline(r"\*not em\* and ``code `tick` ``"),
            "*not em* and code `tick`"
        );
        assert_eq!(inline("東京 **🍵** e\u{301}"), "東京 🍵 e\u{301}");
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
