//! Atomic file replacement: temp file in the same folder, fsync, rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use crate::Error;
use crate::direct::Out;

/// A file written in full to its temp file beside `path`, not yet synced nor in place.
/// Dropping it removes the temp file and leaves `path` as it was.
#[derive(Debug)]
pub struct Staged {
    tmp: NamedTempFile,
    path: PathBuf,
    /// The sync started as soon as the file was complete, when a thread could be started for it.
    sync: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Staged {
    /// Wrap a complete temp file that is to replace `path`, and start syncing it.
    ///
    /// The sync runs on a thread of its own from here, so the disk writes this file while the
    /// CPU goes on to the next: syncing every file only at [`commit`] left the cores idle for
    /// the whole write-back (a tenth of a run's wall time at 10,000 pages).
    pub(crate) fn new(tmp: NamedTempFile, path: &Path) -> Staged {
        let sync = tmp.as_file().try_clone().ok().and_then(|file| {
            std::thread::Builder::new()
                .name("scrutiny-sync".into())
                .spawn(move || file.sync_all())
                .ok()
        });
        Staged {
            tmp,
            path: path.to_owned(),
            sync,
        }
    }

    /// Wait for this file's sync (or, when none could be started early, sync it now).
    fn synced(&mut self) -> std::io::Result<()> {
        match self.sync.take() {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the sync thread panicked"))),
            None => self.tmp.as_file().sync_all(),
        }
    }

    /// The file it will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A handle on the file at `path` that keeps it from being freed, whatever it is (`O_PATH`
/// opens without reading, so a named pipe does not block); `None` when there is none.
#[cfg(target_os = "linux")]
fn hold(path: &Path) -> Option<rustix::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    rustix::fs::open(path, flags, Mode::empty()).ok()
}

#[cfg(not(target_os = "linux"))]
fn hold(_path: &Path) -> Option<()> {
    None
}

/// A new temp file in `path`'s folder, so the rename stays on one file system.
///
/// It is created as any new file is (0666 less the process umask: 0644 under the usual 022),
/// not 0600 as temp files are by default: it becomes the output, which is for other people
/// to read.
pub(crate) fn temp_for(path: &Path, suffix: &str) -> Result<NamedTempFile, Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scrutiny-").suffix(suffix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Write the temp file for `path` through `fill`, without syncing it; [`commit`] puts it in place.
pub fn stage(
    path: &Path,
    fill: impl FnOnce(&mut Out<&std::fs::File>) -> std::io::Result<()>,
) -> Result<Staged, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let tmp = temp_for(path, ".tmp")?;
    {
        let mut w = Out::new(tmp.as_file());
        fill(&mut w).map_err(io)?;
        w.flush().map_err(io)?;
    }
    Ok(Staged::new(tmp, path))
}

/// A file staged piece by piece (a stream too long to hold), then [`StagedWriter::finish`]ed.
pub struct StagedWriter {
    w: Out<NamedTempFile>,
    path: PathBuf,
}

impl StagedWriter {
    /// A new temp file beside `path`.
    pub fn new(path: &Path) -> Result<Self, Error> {
        Ok(Self {
            w: Out::new(temp_for(path, ".tmp")?),
            path: path.to_owned(),
        })
    }

    /// Append `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.w.write_all(bytes).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// The buffered temp file, for a writer that takes an [`std::io::Write`].
    pub(crate) fn file(&mut self) -> &mut Out<NamedTempFile> {
        &mut self.w
    }

    /// The file it will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The complete file, ready for [`commit`].
    pub fn finish(self) -> Result<Staged, Error> {
        let path = self.path;
        let tmp = self.w.into_inner().map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok(Staged::new(tmp, &path))
    }
}

/// Wait until every staged file is synced, then rename each into place, in order; returns
/// their paths.
///
/// The syncs run concurrently, each from the moment its file was staged: they wait on the
/// disk, not the CPU, and the file system can write several files in one journal commit. No
/// file is renamed before every file is synced, so a failure leaves all the old files in place.
pub fn commit(mut staged: Vec<Staged>) -> Result<Vec<PathBuf>, Error> {
    // Each sync has been running since its file was staged; a failed one fails the commit
    // before any file moves. A file that could not get its own sync thread is synced here.
    let mut failed = None;
    for st in &mut staged {
        if let Err(source) = st.synced() {
            failed.get_or_insert(Error::Io {
                path: st.path.clone(),
                source,
            });
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    // A rename over a previous run's file frees that file (its cached pages, its blocks)
    // before it returns, and under the folder's lock, so the renames of a run wait on each
    // other: half a second for 2 GB of outputs at 100,000 pages. Held open here, the previous
    // files are freed when let go, outside the lock and side by side.
    let previous: Vec<_> = staged.iter().map(|st| hold(&st.path)).collect();
    let mut written = Vec::with_capacity(staged.len());
    for st in staged {
        st.tmp.persist(&st.path).map_err(|e| Error::Io {
            path: st.path.clone(),
            source: e.error,
        })?;
        written.push(st.path);
    }
    // One file (`run.json`) needs no pool, and asking for one outside any would start rayon's
    // global pool for it.
    if previous.len() > 1 {
        previous.into_par_iter().for_each(drop);
    }
    Ok(written)
}

/// Write `path` through `fill`; the old file stays until the new one is complete and synced.
pub fn write(
    path: &Path,
    fill: impl FnOnce(&mut Out<&std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    commit(vec![stage(path, fill)?]).map(|_| ())
}

/// Remove temp files that a killed run left in `dir` (they are never read as outputs).
/// Best effort: a file that cannot be removed is only logged.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".scrutiny-") && name.ends_with(".tmp") {
            if let Err(error) = std::fs::remove_file(entry.path()) {
                tracing::warn!(path = %entry.path().display(), %error, "Cannot remove a stale temp file.");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        write(&p, |w| w.write_all(b"old")).unwrap();
        let err = write(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the temp file is removed");
    }

    #[test]
    fn staged_files_appear_only_on_commit_and_all_together() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        write(&a, |w| w.write_all(b"old")).unwrap();
        let staged = vec![
            stage(&a, |w| w.write_all(b"new a")).unwrap(),
            stage(&b, |w| w.write_all(b"new b")).unwrap(),
        ];
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert!(!b.exists());
        assert_eq!(commit(staged).unwrap(), [a.clone(), b.clone()]);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        // Staged but dropped (a later file failed): nothing changes, no temp file stays.
        drop(stage(&a, |w| w.write_all(b"lost")).unwrap());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// The commit holds each previous file while it renames over it: whatever is at the path
    /// (a file someone still reads, a named pipe, a symlink), it is replaced without blocking,
    /// and a reader that had the old file open keeps reading the old bytes.
    #[cfg(unix)]
    #[test]
    fn commit_replaces_whatever_the_previous_run_left() {
        let dir = tempfile::tempdir().unwrap();
        let (file, pipe, link) = (
            dir.path().join("a.txt"),
            dir.path().join("b.txt"),
            dir.path().join("c.txt"),
        );
        write(&file, |w| w.write_all(b"old")).unwrap();
        let mut reader = std::fs::File::open(&file).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let staged = [(&file, "new a"), (&pipe, "new b"), (&link, "new c")]
            .map(|(p, text)| stage(p, |w| w.write_all(text.as_bytes())).unwrap());
        commit(staged.into()).unwrap();
        for (p, text) in [(&file, "new a"), (&pipe, "new b"), (&link, "new c")] {
            assert_eq!(std::fs::read_to_string(p).unwrap(), text);
            assert!(std::fs::symlink_metadata(p).unwrap().is_file());
        }
        let mut old = String::new();
        std::io::Read::read_to_string(&mut reader, &mut old).unwrap();
        assert_eq!(old, "old");
    }

    /// Outputs are created with the process umask, as `touch` would create them.
    #[cfg(unix)]
    #[test]
    fn files_are_created_with_the_process_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (ours, touched) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        write(&ours, |w| w.write_all(b"x")).unwrap();
        std::fs::write(&touched, "x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&touched));
    }

    #[test]
    fn sweep_removes_only_our_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".scrutiny-abc.tmp",
            ".scrutiny-x.sqlite.tmp",
            "articles.jsonl",
            "notes.tmp",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        sweep(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["articles.jsonl", "notes.tmp"]);
    }
}
