//! Test support shared by scrutiny crates (being written).
