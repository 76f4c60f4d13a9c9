//! How deeply a page nests its elements, before and after parsing: the
//! guards that keep a hostile page from stalling or crashing the engine.
//! (Real news pages nest 20 to 40 elements deep.)

use dom_query::Document;

/// The nesting estimated from the raw HTML at which a page is refused.
pub const MAX_NESTING: usize = 5_000;

/// The depth of the parsed tree from which the Readability algorithm (whose
/// scoring recurses) is not run; the whole text is still read.
pub const MAX_DEPTH: usize = 500;

/// Elements without content or whose end tag may be left out (the parser
/// closes them itself): they do not nest.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead",
    "tfoot", "colgroup", "caption", "rt", "rp", "param", "keygen", "frame", "basefont", "isindex",
];

/// Elements whose content is not markup.
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noembed", "noframes",
];

/// The deepest nesting of elements in `html`, counted without parsing, as
/// the parser would nest them: a stack of the elements open, an end tag
/// closing back to the last element of its name (a stray one closes
/// nothing), and `/>` closing an element only inside `<svg>` or `<math>`
/// (elsewhere HTML ignores the slash). Elements that cannot nest
/// ([`FLAT`]) and the content of raw-text elements ([`RAW`]) do not count.
pub fn nesting(html: &str) -> usize {
    let b = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let (mut i, mut max, mut foreign) = (0, 0usize, 0usize);
    while let Some(at) = memchr(b'<', &b[i..]) {
        i += at + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let name_end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |n| start + n);
        if name_end == start || !b[start].is_ascii_alphabetic() {
            continue;
        }
        // (Only ASCII letters and digits: a char boundary on both sides.)
        let name = html[start..name_end].to_ascii_lowercase();
        let tag_end = memchr(b'>', &b[name_end..]).map_or(b.len(), |n| name_end + n);
        i = tag_end.min(b.len());
        if closing {
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                foreign -= open[k..].iter().filter(|n| is_foreign(n)).count();
                open.truncate(k);
            }
            continue;
        }
        let self_closed = foreign > 0 && tag_end > name_end && b[tag_end - 1] == b'/';
        if RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ignoring_case(html, tag_end, &close).unwrap_or(b.len());
        } else if !self_closed && !FLAT.contains(&name.as_str()) {
            foreign += usize::from(is_foreign(&name));
            open.push(name);
            max = max.max(open.len());
        }
    }
    max
}

fn is_foreign(name: &str) -> bool {
    name == "svg" || name == "math"
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes().get(from..)?;
    let n = needle.as_bytes();
    hay.windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| from + p)
}

/// The depth of the parsed tree (elements only), by an iterative walk.
pub fn depth(doc: &Document) -> usize {
    let mut max = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        max = max.max(d);
        stack.extend(
            node.children_it(false)
                .filter(|c| c.is_element())
                .map(|c| (c, d + 1)),
        );
    }
    max
}
