//! Text handling that needs the browser's own functions.

use wasm_bindgen_test::*;

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
