//! Article body extraction from arbitrary HTML pages: the crate is being written; the generic source does not use it yet.
