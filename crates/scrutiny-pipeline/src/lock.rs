//! One run at a time per output folder: an advisory lock (`flock`) on the folder itself, held
//! for the run and let go by the kernel when the process ends, killed or not. No file is made
//! for it; a second run is told which process holds the folder, from `/proc/locks`.

use std::path::Path;

use crate::Error;

/// The held lock on an output folder.
#[derive(Debug)]
pub(crate) struct OutputLock {
    #[cfg(target_os = "linux")]
    _folder: std::fs::File,
}

/// Lock the output folder `dir` (it exists), or say who holds it.
#[cfg(target_os = "linux")]
pub(crate) fn lock(dir: &Path) -> Result<OutputLock, Error> {
    use rustix::fs::{FlockOperation, flock};
    let folder = |source| Error::OutputDir {
        path: dir.to_owned(),
        source,
    };
    let file = std::fs::File::open(dir).map_err(folder)?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(OutputLock { _folder: file }),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Err(Error::OutputBusy {
            path: dir.to_owned(),
            holder: holder(&file).unwrap_or_else(|| "another process".to_owned()),
        }),
        Err(e) => Err(folder(e.into())),
    }
}

/// Elsewhere no lock is taken.
#[cfg(not(target_os = "linux"))]
pub(crate) fn lock(_dir: &Path) -> Result<OutputLock, Error> {
    Ok(OutputLock {})
}

/// The process holding a `flock` on `file`, as `/proc/locks` lists it: its id and command line.
#[cfg(target_os = "linux")]
fn holder(file: &std::fs::File) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().ok()?;
    let dev = meta.dev();
    let key = format!(
        "{:02x}:{:02x}:{}",
        rustix::fs::major(dev),
        rustix::fs::minor(dev),
        meta.ino()
    );
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let pid = locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| *f == "FLOCK")?;
        (fields.get(at + 4) == Some(&key.as_str())).then(|| fields.get(at + 3).copied())?
    })?;
    let command = std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|c| {
            String::from_utf8_lossy(&c)
                .replace('\0', " ")
                .trim()
                .to_owned()
        })
        .unwrap_or_default();
    Some(if command.is_empty() {
        format!("process {pid}")
    } else {
        format!("process {pid} ({command})")
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        match lock(dir.path()) {
            Err(Error::OutputBusy { holder, .. }) => {
                assert!(holder.contains(&std::process::id().to_string()), "{holder}");
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(lock(dir.path()).is_ok());
    }
}
