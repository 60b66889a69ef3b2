//! Source plugin for English councils' press-release pages
