//! Names of files: the stem of a file the user gave, the stem of an export
//! made from a title, and how a group of files is named in messages. The one
//! place that names files.

/// The name of a file without its folder and its last extension
/// (`news/today.html` → `today`; a name that is only an extension, like
/// `.md`, is kept whole).
pub fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    }
}

/// A file name stem made from a title, for exports: lower case, dashes for
/// anything that is not a letter or digit, 8 words at most; `document`
/// when nothing is left.
pub fn export_stem(title: &str) -> String {
    let slug = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "document".into()
    } else {
        slug
    }
}

/// How messages name a group of files: `“a.ann” and “a.txt”`.
pub fn quoted_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_the_folder_and_the_last_extension() {
        assert_eq!(stem("news/today.html"), "today");
        assert_eq!(stem("C:\\news\\東京.txt"), "東京");
        assert_eq!(stem("a.b.txt"), "a.b");
        assert_eq!(stem(".md"), ".md");
        assert_eq!(stem("plain"), "plain");
    }

    #[test]
    fn export_names_are_slugs() {
        assert_eq!(
            export_stem("US Secretly Warned Iran, Despite…"),
            "us-secretly-warned-iran-despite"
        );
        assert_eq!(export_stem("東京 news"), "東京-news");
        assert_eq!(export_stem("!!!"), "document");
        assert_eq!(
            export_stem("one two three four five six seven eight nine"),
            "one-two-three-four-five-six-seven-eight"
        );
    }

    #[test]
    fn groups_are_quoted_and_joined() {
        assert_eq!(quoted_list(["a.ann", "a.txt"]), "“a.ann” and “a.txt”");
        assert_eq!(quoted_list(["🍵.json"]), "“🍵.json”");
    }
}
