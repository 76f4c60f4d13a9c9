//! Writes the article Marginalia extracts from every page of a Readability
//! test-page folder, as `OUT/NAME.txt` (the paragraphs, one per line), for
//! `scripts/extraction-check` to score against Readability's own output.
//!
//!     cargo run --release -p marginalia-extract --example extract-pages -- PAGES OUT

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(pages), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: extract-pages PAGES_DIR OUT_DIR".into());
    };
    std::fs::create_dir_all(&out)?;
    let mut names: Vec<_> = std::fs::read_dir(&pages)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(std::path::Path::new(&pages).join(&name).join("source.html"))?;
        let (html, _) = marginalia_core::article::decode(&bytes)?;
        let started = std::time::Instant::now();
        let text = match marginalia_extract::read_page(&html, &name) {
            Ok(page) => page.first().paragraphs.join("\n"),
            Err(e) => format!("(refused: {e})"),
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{name:24} {:>4} paragraphs {ms:>7.1} ms",
            text.lines().count()
        );
        std::fs::write(std::path::Path::new(&out).join(format!("{name}.txt")), text)?;
    }
    Ok(())
}
