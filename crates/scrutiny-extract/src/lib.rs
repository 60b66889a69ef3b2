//! Turns clean articles into claims with evidence
