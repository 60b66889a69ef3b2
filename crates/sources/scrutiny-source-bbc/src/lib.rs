//! Source plugin for BBC News pages
