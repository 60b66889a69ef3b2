//! A per-document time budget that long computations check cooperatively.
//!
//! The pipeline sets a deadline on the worker thread before a document is parsed; parsers
//! that work in steps (an HTML parser fed a chunk at a time) ask [`expired`] between steps
//! and stop early, and the pipeline turns a document past its deadline into a reject. Nothing
//! is interrupted: a step already begun runs to its end, so steps are kept small.

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Run `f` with `deadline` as this thread's document deadline (none: no limit); the previous
/// one is restored afterwards, also when `f` panics.
pub fn within<T>(deadline: Option<Instant>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DEADLINE.with(|d| d.replace(deadline)));
    f()
}

/// True once this thread's document deadline has passed (never without one).
pub fn expired() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|t| Instant::now() >= t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_deadline_holds_inside_its_scope_only() {
        assert!(!expired());
        within(Some(Instant::now()), || {
            assert!(expired());
            within(None, || assert!(!expired()));
            assert!(expired());
        });
        assert!(!expired());
        within(Some(Instant::now() + Duration::from_secs(60)), || {
            assert!(!expired())
        });
        let _ = std::panic::catch_unwind(|| within(Some(Instant::now()), || panic!("boom")));
        assert!(!expired());
    }
}
