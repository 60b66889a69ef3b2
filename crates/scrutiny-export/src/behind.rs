//! Drop-behind for a file that another writer fills and does not read back: the database,
//! which SQLite writes through the page cache (it cannot write past it, as [`crate::direct`]
//! does for every other file).
//!
//! Why: each 4 KiB the database adds takes a page of memory, and on a virtual machine that hands
//! freed memory back to its host (as the bench machine does) a page taken fresh costs more than
//! the bytes copied into it: writing the database was 62% of its thread's time at 100,000
//! pages. A thread of its own asks the kernel, every [`TICK`], to write the file's dirty pages
//! out and to drop those already written; the pages dropped are free again within milliseconds,
//! and the next ones the file takes are those, not fresh ones. Nothing is lost: only written
//! (clean) pages are dropped, and a page read again is read from the disk. SQLite reads back
//! almost nothing of what it spilled (72 pages of 37,000 at 100,000 pages).
//!
//! The file's bytes and its sync before the rename are unchanged; the sync finds less to write.
//! Elsewhere than Linux, [`Behind::watch`] does nothing.

use std::fs::File;

/// How often the thread asks: a file written at 150 MB/s keeps about 3 MB in the cache.
#[cfg(target_os = "linux")]
const TICK: std::time::Duration = std::time::Duration::from_millis(20);

/// The drop-behind of one file, until dropped.
pub(crate) struct Behind {
    #[cfg(target_os = "linux")]
    stop: Option<std::sync::mpsc::Sender<()>>,
    #[cfg(target_os = "linux")]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Behind {
    /// Start dropping `file`'s written pages behind its writer. Advice only: a file that
    /// cannot be watched (no second handle, no thread) is written as it would be without.
    #[cfg(target_os = "linux")]
    pub(crate) fn watch(file: &File) -> Behind {
        use rustix::fs::{Advice, fadvise};
        use std::sync::mpsc::{RecvTimeoutError, channel};
        let none = Behind {
            stop: None,
            thread: None,
        };
        let Ok(file) = file.try_clone() else {
            return none;
        };
        let (stop, stopped) = channel::<()>();
        let thread = std::thread::Builder::new()
            .name("scrutiny-behind".into())
            .spawn(move || {
                // One call does both halves: `POSIX_FADV_DONTNEED` starts the writeback of the
                // range's dirty pages and drops its clean ones, so the pages a call sends to the
                // disk are dropped by a later one.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
                    let _ = fadvise(&file, 0, None, Advice::DontNeed);
                }
            });
        match thread {
            Ok(thread) => Behind {
                stop: Some(stop),
                thread: Some(thread),
            },
            Err(_) => none,
        }
    }

    /// Elsewhere: nothing.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn watch(_file: &File) -> Behind {
        Behind {}
    }
}

impl Drop for Behind {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        {
            drop(self.stop.take());
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use super::*;
    use std::io::{Read, Seek, Write};
    use std::path::Path;

    const PAGE: usize = 16384;

    /// `pages` database-sized pages, numbered, written one call each as SQLite writes them.
    fn fill(mut file: &File, pages: u32) {
        for i in 0..pages {
            let mut p = vec![(i % 251) as u8; PAGE];
            p[..4].copy_from_slice(&i.to_le_bytes());
            file.write_all(&p).unwrap();
        }
    }

    /// Bytes of `path` in the page cache, as util-linux's `fincore` counts them (`None`
    /// without it).
    fn cached(path: &Path) -> Option<u64> {
        let out = std::process::Command::new("fincore")
            .args(["--bytes", "--noheadings", "--output", "RES"])
            .arg(path)
            .output()
            .ok()?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    }

    #[test]
    fn the_bytes_written_under_it_are_the_bytes_read_back() {
        let mut file = tempfile::tempfile().unwrap();
        let behind = Behind::watch(&file);
        for _ in 0..4 {
            fill(&file, 128);
            std::thread::sleep(2 * TICK);
        }
        drop(behind);
        file.rewind().unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), 512 * PAGE);
        for (i, p) in back.chunks(PAGE).enumerate() {
            assert_eq!(&p[..4], &((i % 128) as u32).to_le_bytes());
            assert!(p[4..].iter().all(|&b| b == (i % 128 % 251) as u8));
        }
    }

    /// Beside a file written alone, which the cache keeps whole, the watched one leaves the
    /// cache once written. Where the cache keeps nothing to begin with (or `fincore` is
    /// missing) there is nothing to compare, and the test says so.
    #[test]
    fn the_pages_written_leave_the_cache() {
        // Beside the crate, not in the system temp folder: that may be a tmpfs, whose pages are
        // the file itself and are never dropped.
        let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
        let (alone, watched) = (dir.path().join("alone"), dir.path().join("watched"));
        let pages = 2048; // 32 MiB
        let file = File::create(&alone).unwrap();
        fill(&file, pages);
        let Some(kept) = cached(&alone).filter(|&b| b >= u64::from(pages) * PAGE as u64 / 2) else {
            eprintln!("skipped: this file system keeps no written pages cached, or no fincore");
            return;
        };
        let file = File::create(&watched).unwrap();
        let behind = Behind::watch(&file);
        fill(&file, pages);
        // The writeback of the last pages takes a few ticks; a second at most, with margin.
        let left = (0..100)
            .map(|_| {
                std::thread::sleep(TICK);
                cached(&watched).unwrap_or(u64::MAX)
            })
            .find(|&b| b < kept / 8);
        drop(behind);
        assert!(
            left.is_some(),
            "still cached: {:?} of {kept} bytes",
            cached(&watched)
        );
    }
}
