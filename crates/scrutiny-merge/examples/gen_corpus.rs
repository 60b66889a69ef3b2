//! Write N generated pages with known duplicate clusters: `gen_corpus N [--out DIR] [--seed S]`.

use std::io::Write;
use std::path::PathBuf;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut n: Option<usize> = None;
    let mut out = PathBuf::from("target/corpus");
    let mut seed = 42u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().ok_or("--out needs a directory")?.into(),
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            other => {
                n = Some(
                    other
                        .parse()
                        .map_err(|_| format!("not a page count: `{other}`"))?,
                )
            }
        }
    }
    let n = n.ok_or("usage: gen-corpus N [--out DIR] [--seed S]")?;
    std::fs::create_dir_all(&out)?;
    let mut truth = std::io::BufWriter::new(std::fs::File::create(out.join("clusters.jsonl"))?);
    for page in scrutiny_merge::corpus::generate(n, seed) {
        std::fs::write(out.join(&page.name), page.render())?;
        let stem = page
            .name
            .rsplit_once('.')
            .map_or(page.name.as_str(), |s| s.0);
        std::fs::write(
            out.join(format!("{stem}.meta.yaml")),
            format!("publisher: {}\n", page.publisher),
        )?;
        let row =
            serde_json::json!({"file": page.name, "story": page.story, "id": page.article.id});
        writeln!(truth, "{row}")?;
    }
    truth.flush()?;
    eprintln!(
        "Wrote {n} pages and clusters.jsonl (file -> story) to {}",
        out.display()
    );
    Ok(())
}
