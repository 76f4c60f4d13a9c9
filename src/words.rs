//! Small helpers for the app's English messages.

/// `1 annotation`, `2 annotations`: `n` with the singular or plural word.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree() {
        assert_eq!(plural(1, "annotation", "annotations"), "1 annotation");
        assert_eq!(plural(0, "annotation", "annotations"), "0 annotations");
    }
}
