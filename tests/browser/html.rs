//! Reading HTML articles inertly: no script, handler or frame runs.

use crate::common::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn html_is_read_inertly() {
    let hostile = r#"<!doctype html><html><head><title>Hostile page</title>
        <script>window.__pwned = 1;</script></head>
        <body><nav>Menu Home</nav>
        <article><h1>Hostile page</h1><p>First <b>bold</b> paragraph &amp; more.</p>
        <img src="x" onerror="window.__pwned = 2">
        <p id="injected-marker">Second   paragraph<br>after break</p>
        <iframe srcdoc="<script>parent.__pwned=3</script>"></iframe>
        <style>p { color: red }</style></article>
        <footer>Footer text</footer></body></html>"#;
    let article = marginalia::web::html::article_from_html(hostile, "fallback").unwrap();
    assert_eq!(article.title, "Hostile page");
    assert_eq!(
        article.paragraphs,
        vec![
            "First bold paragraph & more.",
            "Second paragraph",
            "after break"
        ]
    );
    let window = web_sys::window().unwrap();
    assert!(js_sys::Reflect::get(&window, &"__pwned".into())
        .unwrap()
        .is_undefined());
    assert!(document().get_element_by_id("injected-marker").is_none());
}

#[wasm_bindgen_test]
fn the_filter_lower_cases_with_unicode_case_mapping_in_one_call() {
    let texts: Vec<String> = ["ÄRZTE Sagen", "ΟΔΥΣΣΕΥΣ", "東京 🍵 İ", ""]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let expected: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    assert_eq!(marginalia::web::lower_case_all(&texts), expected);
    // A text holding a NUL is lower-cased on its own.
    let with_nul = vec!["A\0B".to_string(), "Ç".to_string()];
    assert_eq!(marginalia::web::lower_case_all(&with_nul), ["a\0b", "ç"]);
    assert!(marginalia::web::lower_case_all(&[]).is_empty());
}
