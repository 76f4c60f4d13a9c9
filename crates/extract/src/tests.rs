use super::*;

fn page(body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Mayor quits | Daily Planet</title>\
         <link rel=\"canonical\" href=\"https://planet.example/mayor\">\
         <meta property=\"article:published_time\" content=\"2026-11-30T08:00:00Z\">\
         <meta property=\"og:site_name\" content=\"Daily Planet\">\
         <script>document.title = 'pwned'</script></head><body>{body}</body></html>"
    )
}

const STORY: &str = "<p>The mayor of Metropolis resigned on Monday, saying in a statement that \
     she had lost the confidence of the council after weeks of dispute over the budget, \
     which she called “the hardest choice of my life”.</p>\
     <p>Council members said they had not been told in advance, and several of them \
     asked for an inquiry into the spending that started the dispute in the first place, \
     the city’s clerk told reporters at the town hall. 東京 and 😀 and cafe\u{301}.</p>\
     <p>Her deputy will lead the city until an election is held in the spring, under \
     rules the council adopted two years ago after a similar crisis left the city without \
     a mayor for three months, according to the city charter.</p>";

fn news_page() -> String {
    page(&format!(
        "<nav><a href=/>Home</a> <a href=/world>World</a></nav>\
         <article class=promo><p>Subscribe now!</p></article>\
         <main><article><h1>Mayor quits</h1><p class=byline>By Lois Lane</p>{STORY}</article></main>\
         <aside>Most read: <a href=/x>Ten cats</a></aside>\
         <div class=related><a href=/a>Related one</a> <a href=/b>Related two</a></div>\
         <footer>© Daily Planet</footer><script>alert(1)</script>"
    ))
}

#[test]
fn the_article_is_found_among_menus_promos_and_scripts() {
    let page = read_page(&news_page(), "fallback").unwrap();
    let article = page.article.clone().expect("an article");
    assert_eq!(article.paragraphs.len(), 3, "{:?}", article.paragraphs);
    assert!(article.paragraphs[0].starts_with("The mayor of Metropolis resigned"));
    // Code points come through as they are: CJK, emoji, combining marks.
    assert!(article.paragraphs[1].contains("東京 and 😀 and cafe\u{301}."));
    let all = article.paragraphs.join("\n");
    for left_out in [
        "Subscribe",
        "Home",
        "Most read",
        "Related one",
        "alert",
        "pwned",
    ] {
        assert!(!all.contains(left_out), "{left_out} in {all}");
    }
    assert!(
        article.title.starts_with("Mayor quits"),
        "{}",
        article.title
    );
    assert!(article.source.as_deref().unwrap().contains("Daily Planet"));
    assert_eq!(page.url.as_deref(), Some("https://planet.example/mayor"));
    assert_eq!(page.published.as_deref(), Some("2026-11-30T08:00:00Z"));
    // The whole text has everything visible, and still no script.
    let whole = page.whole.paragraphs.join("\n");
    assert!(whole.contains("Subscribe now!") && whole.contains("Related one"));
    assert!(!whole.contains("alert") && !whole.contains("pwned") && !whole.contains("Home"));
    assert_eq!(page.first(), &article);
    assert_eq!(
        (&page.whole.title, &page.whole.source),
        (&article.title, &article.source)
    );
}

#[test]
fn a_page_that_is_only_its_text_has_no_separate_article() {
    let page = read_page("<p>Just one line.</p>", "Pasted").unwrap();
    assert_eq!(page.whole.title, "Pasted");
    assert_eq!(page.whole.paragraphs, ["Just one line."]);
    assert!(page.article.is_none(), "{:?}", page.article);
    assert_eq!(page.first(), &page.whole);
}

#[test]
fn a_page_without_text_is_refused() {
    for html in [
        "",
        "<script>x()</script>",
        "<html><body><style>p{}</style></body></html>",
    ] {
        assert_eq!(read_page(html, "t"), Err(ArticleError::NoText), "{html}");
    }
}

#[test]
fn only_web_addresses_are_kept() {
    assert_eq!(
        web_address(Some(" https://a.example/x ")).as_deref(),
        Some("https://a.example/x")
    );
    assert_eq!(web_address(Some("javascript:alert(1)")), None);
    assert_eq!(web_address(Some("/relative")), None);
    assert_eq!(web_address(Some("https://a b")), None);
    let html = news_page().replace("https://planet.example/mayor", "javascript:alert(1)");
    assert_eq!(read_page(&html, "t").unwrap().url, None);
}

#[test]
fn byline_and_site_are_named_once() {
    assert_eq!(
        source(Some("BBC News"), Some("BBC News")).as_deref(),
        Some("BBC News")
    );
    assert_eq!(
        source(Some(" By  A\nB "), Some("Site")).as_deref(),
        Some("By A B · Site")
    );
    assert_eq!(source(None, Some("")), None);
}

#[test]
fn hostile_nesting_and_size_do_not_exhaust_the_stack() {
    // The format engine's stack is small: run where a deep recursion would fail.
    let deep = format!(
        "{}deep text{}",
        "<div>".repeat(4_000),
        "</div>".repeat(4_000)
    );
    let wide = format!("<p>{}</p>", "<b>x</b> ".repeat(100_000));
    let got = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            (
                read_page(&deep, "t").map(|p| p.whole.paragraphs),
                read_page(&wide, "t").is_ok(),
            )
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(got.0.unwrap(), ["deep text"]);
    assert!(got.1);
}

#[test]
fn pages_nested_beyond_reason_are_refused_before_parsing() {
    let deep = format!("{}x", "<div><span>".repeat(MAX_NESTING));
    assert_eq!(read_page(&deep, "t"), Err(ArticleError::TooDeep));
    // Elements that close themselves or have no content do not count.
    let flat = format!(
        "<svg>{}</svg><ul>{}</ul>{}<script>{}</script>",
        "<path d='M0 0'/>".repeat(MAX_NESTING),
        "<li>item".repeat(MAX_NESTING),
        "<p>para<br><img src=x>".repeat(MAX_NESTING),
        "'<div>'".repeat(MAX_NESTING),
    );
    assert!(nesting(&flat) < 5, "{}", nesting(&flat));
    assert!(read_page(&flat, "t").is_ok());
    assert_eq!(nesting("<div><div></div><div><b>x</b></div></div>"), 3);
    // HTML ignores `/>` outside svg and math, and an end tag of an element
    // not open closes nothing: neither hides a deep page.
    for trick in ["<div/>", "<div></x>", "<span></div>"] {
        assert!(
            nesting(&trick.repeat(MAX_NESTING)) >= MAX_NESTING,
            "{trick}"
        );
        assert_eq!(
            read_page(&trick.repeat(MAX_NESTING), "t"),
            Err(ArticleError::TooDeep),
            "{trick}"
        );
    }
    // An end tag closes back to its element, whatever is left open inside.
    assert_eq!(nesting("<div><p><b><i>x</div><div>y</div>"), 3);
    assert_eq!(nesting("<svg><g><path/><path/></g></svg><div/>"), 2);
}

#[test]
fn real_pages_nest_far_below_the_limits() {
    let pages = std::fs::read_dir(shared().join("conformance/readability/pages")).unwrap();
    for page in pages {
        let path = page.unwrap().path().join("source.html");
        let html = std::fs::read_to_string(&path).unwrap();
        let estimate = nesting(&html);
        let exact = depth(&dom_query::Document::from(html.as_str()));
        assert!(estimate < MAX_NESTING / 10, "{path:?}: {estimate}");
        assert!(exact < MAX_DEPTH / 5, "{path:?}: {exact}");
    }
}

/// The team's shared material: `$MARGINALIA_SHARED`, else `shared/` beside
/// the repository, else `/work/shared` (a test needing it fails without it).
fn shared() -> std::path::PathBuf {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::var_os("MARGINALIA_SHARED")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([repo.join("../shared"), "/work/shared".into()])
        .find(|d| d.join("conformance").is_dir())
        .expect("the shared material was not found: set MARGINALIA_SHARED")
}
