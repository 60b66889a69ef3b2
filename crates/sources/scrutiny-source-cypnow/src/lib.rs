//! Source plugin for Children & Young People Now (CYP Now) pages
