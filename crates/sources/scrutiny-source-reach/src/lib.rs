//! Source plugin for Reach plc regional titles (Liverpool Echo style)
