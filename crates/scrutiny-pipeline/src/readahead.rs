//! Read-ahead: ask the kernel to start reading the next inputs while workers parse these.
//!
//! A worker reads its file, then parses it: on files not yet in the page cache (a fresh
//! archive, a machine that drops its cache) each read waits on the disk, one small file at a
//! time per thread. Advising the next chunk's files (`POSIX_FADV_WILLNEED`) queues their reads
//! together, so the disk works while the CPU parses. A chunk whose sampled files are all in the
//! page cache already is not advised. Advice only: it changes no result, and a file that cannot
//! be opened here is left for the read stage to reject.

use std::path::Path;

use crate::read::Input;

/// Advise the kernel that `inputs` (and their sidecars) will be read soon, up to `max_bytes`
/// of each (larger inputs are rejected after their first bytes anyway).
pub(crate) fn advise(inputs: &[Input], max_bytes: u64) {
    if sample_cached(inputs) {
        return;
    }
    for input in inputs {
        will_need(&input.path, max_bytes);
        if let Some(sidecar) = &input.sidecar {
            will_need(sidecar, max_bytes);
        }
    }
}

#[cfg(target_os = "linux")]
fn will_need(path: &Path, max_bytes: u64) {
    // Opened without blocking (a named pipe would wait for a writer); advice on anything but a
    // regular file is refused by the kernel, harmlessly.
    if let Ok(file) = crate::read::open_nonblocking(path) {
        let _ = rustix::fs::fadvise(
            &file,
            0,
            std::num::NonZeroU64::new(max_bytes),
            rustix::fs::Advice::WillNeed,
        );
    }
}

/// Whether a sample of the inputs (up to 8, spread over them) is in the page cache already.
/// On files already cached (a rerun, a warm archive) the advice is three system calls per file
/// for nothing; a sample of a chunk is a few calls. Asked before the chunk is advised: once
/// advised, a cached file can look cold (a read that meets a read-ahead mark would start more
/// read-ahead, which `RWF_NOWAIT` refuses).
#[cfg(target_os = "linux")]
fn sample_cached(inputs: &[Input]) -> bool {
    const SAMPLE: usize = 8;
    let step = (inputs.len() / SAMPLE).max(1);
    inputs
        .iter()
        .step_by(step)
        .take(SAMPLE)
        .all(|input| first_page_cached(&input.path))
}

/// The first page of the file is in the page cache: a one-byte read that may not wait for the
/// disk succeeds. Anything else (not there, not a file, no answer from the kernel) is `false`.
#[cfg(target_os = "linux")]
fn first_page_cached(path: &Path) -> bool {
    let Ok(file) = crate::read::open_nonblocking(path) else {
        return false;
    };
    let mut byte = [0u8; 1];
    rustix::io::preadv2(
        &file,
        &mut [std::io::IoSliceMut::new(&mut byte)],
        0,
        rustix::io::ReadWriteFlags::NOWAIT,
    )
    .is_ok()
}

#[cfg(not(target_os = "linux"))]
fn sample_cached(_inputs: &[Input]) -> bool {
    true
}

#[cfg(not(target_os = "linux"))]
fn will_need(_path: &Path, _max_bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_on_missing_unreadable_or_special_paths_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.txt");
        std::fs::write(&page, "text").unwrap();
        std::fs::write(dir.path().join("a.txt.meta.yaml"), "publisher: bbc\n").unwrap();
        let missing = dir.path().join("missing.txt");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        // A named pipe, as an input and as a sidecar: opening either would block forever.
        let sidecar_fifo = dir.path().join("b.txt.meta.yaml");
        let _ = std::process::Command::new("mkfifo")
            .arg(&sidecar_fifo)
            .status();
        let b = dir.path().join("b.txt");
        std::fs::write(&b, "text").unwrap();
        let inputs: Vec<Input> = [
            page.as_path(),
            &missing,
            dir.path(),
            Path::new("/dev/null"),
            &fifo,
            &b,
        ]
        .iter()
        .map(|p| Input::at(p, None))
        .collect();
        advise(&inputs, 0);
        if made.is_ok_and(|s| s.success()) {
            let limits = crate::definition::Limits::default();
            let r = crate::read::read(&Input::at(&fifo, None), &limits).unwrap_err();
            assert!(r.reason.contains("not a regular file"), "{r:?}");
            let r = crate::read::read(&Input::at(&b, None), &limits).unwrap_err();
            assert!(
                r.reason.contains("sidecar") && r.reason.contains("not a regular file"),
                "{r:?}"
            );
        }
        advise(&inputs[..1], 1 << 20);
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "text");
    }

    /// A file just written is in the page cache; a missing or special path is not known to be,
    /// so its chunk is advised (the old behaviour).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_sample_is_cached_only_when_every_file_read_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let pages: Vec<Input> = (0..20)
            .map(|i| {
                let p = dir.path().join(format!("{i}.txt"));
                std::fs::write(&p, "text").unwrap();
                Input::at(&p, None)
            })
            .collect();
        assert!(sample_cached(&pages));
        assert!(sample_cached(&[]));
        let mut with_missing = pages.clone();
        with_missing[0] = Input::at(&dir.path().join("missing.txt"), None);
        assert!(!sample_cached(&with_missing));
        assert!(!first_page_cached(dir.path()), "a folder is not a file");
    }
}
