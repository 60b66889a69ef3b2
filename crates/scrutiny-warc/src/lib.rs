//! WARC input for scrutiny (being written).
