//! How the extractor reads the ratings of sentences: `cargo run -p scrutiny-extract --example
//! explain -- "Leeds was rated 'good' in all areas." ...` (one argument per sentence, or one
//! sentence per line on standard input).

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let csv = include_str!("../../../data/reference/local_authorities.csv");
    let extractor = scrutiny_extract::Extractor::new(
        scrutiny_extract::Gazetteer::from_csv(csv)?,
        scrutiny_extract::Options::default(),
    );
    let mut sentences: Vec<String> = std::env::args().skip(1).collect();
    if sentences.is_empty() {
        for line in std::io::stdin().lock().lines() {
            sentences.push(line?);
        }
    }
    for s in sentences {
        println!("{s}");
        for reading in extractor.explain(&s) {
            println!("  {reading}");
        }
    }
    Ok(())
}
