//! Deduplicates articles and merges claims into canonical events
