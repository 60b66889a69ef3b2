//! The writer every staged file is filled through: whole chunks go to the disk past the page
//! cache (`O_DIRECT`), the last part through it.
//!
//! Why: a staged file is synced before it is renamed into place, so its bytes go to the disk
//! during the run whatever the writer does. Through the cache they also take a page of memory
//! per 4 KiB first, and on a virtual machine that hands freed memory back to its host (as the
//! bench machine does) taking a page back costs more than copying the bytes into it: written
//! with `O_DIRECT` from two reused buffers, the datasets of 100,000 pages take none
//! (docs/performance.md has the figures).
//!
//! Where direct writes are refused (some file systems, such as tmpfs before Linux 6.6 and some
//! network and FUSE ones; other operating systems) the writer goes on through the cache: the
//! same bytes, only slower. A chunk's offset
//! in the file and its address in memory are both multiples of [`ALIGN`], which every Linux
//! block device accepts.

use std::fs::File;
use std::io::Write;

/// Bytes per direct write: large enough that the device, not the call, sets the pace.
const CHUNK: usize = 1 << 18;

/// The alignment of a direct write's offset, length and buffer.
const ALIGN: usize = 4096;

/// What an [`Out`] writes to: a file, or what holds one.
pub trait AsFile {
    /// The file.
    fn as_file(&self) -> &File;
}

impl AsFile for &File {
    fn as_file(&self) -> &File {
        self
    }
}

impl AsFile for tempfile::NamedTempFile {
    fn as_file(&self) -> &File {
        tempfile::NamedTempFile::as_file(self)
    }
}

/// A buffered writer to a file that nothing else writes meanwhile, in [`CHUNK`]s written
/// directly when the file system allows (and the file's offset is aligned).
///
/// Full chunks are written by a thread of the writer's own while the next one fills, so the
/// thread making the rows does not wait for the disk: a direct write returns when the device
/// has the bytes, where a write to the cache returned at once.
pub struct Out<F: AsFile> {
    file: F,
    chunk: Chunk,
    /// Bytes waiting in the chunk.
    len: usize,
    /// How chunks written here (not by the thread) go.
    mode: Mode,
    /// The thread writing full chunks, once the first is full.
    writer: Option<Writer>,
    /// Chunks made so far (the thread hands back the ones it wrote, to be filled again).
    chunks: usize,
    /// The thread could not be started, or a flush left the file's offset unaligned: full
    /// chunks are written here, through the cache.
    inline: bool,
}

/// [`CHUNK`] bytes whose address is a multiple of [`ALIGN`].
struct Chunk {
    buf: Vec<u8>,
    start: usize,
}

impl Chunk {
    fn new() -> Chunk {
        // Zeroed memory is mapped on first touch, so a small file's writer touches little of it.
        let buf = vec![0u8; CHUNK + ALIGN];
        let start = buf.as_ptr().align_offset(ALIGN).min(ALIGN);
        Chunk { buf, start }
    }

    fn bytes(&self, len: usize) -> std::io::Result<&[u8]> {
        self.buf
            .get(self.start..self.start + len)
            .ok_or_else(|| std::io::Error::other("the write buffer lost its chunk"))
    }

    fn bytes_mut(&mut self, from: usize, len: usize) -> std::io::Result<&mut [u8]> {
        let at = self.start + from;
        self.buf
            .get_mut(at..at + len)
            .ok_or_else(|| std::io::Error::other("the write buffer lost its chunk"))
    }
}

/// Whether a file takes direct writes.
#[derive(Debug, Default, Clone, Copy)]
struct Mode {
    /// The file is open for direct writes now.
    direct: bool,
    /// Direct writes have been refused, so none is tried again.
    refused: bool,
}

impl Mode {
    /// Write all of `chunk`, directly if the file system takes it.
    fn write(&mut self, mut file: &File, chunk: &[u8]) -> std::io::Result<()> {
        if !self.direct && !self.refused {
            self.direct = set_direct(file, true);
            self.refused = !self.direct;
        }
        let mut done = 0;
        while let Some(rest) = chunk.get(done..).filter(|r| !r.is_empty()) {
            match file.write(rest) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // Refused at the write rather than at the flag (or the file's offset or a
                // short write left the rest unaligned): nothing of `rest` was written, so it
                // goes again through the cache.
                Err(e) if self.direct && e.raw_os_error() == Some(EINVAL) => {
                    self.refused = true;
                    self.end(file).map_err(|_| e)?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Writes through the cache from here on.
    fn end(&mut self, file: &File) -> std::io::Result<()> {
        if self.direct {
            self.direct = !set_direct(file, false);
            if self.direct {
                return Err(std::io::Error::other("could not end direct writes"));
            }
        }
        self.refused = true;
        Ok(())
    }
}

/// The thread that writes full chunks in order, and hands each back when written.
struct Writer {
    full: std::sync::mpsc::SyncSender<Chunk>,
    written: std::sync::mpsc::Receiver<Chunk>,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Writer {
    /// A thread writing to (a handle on) `file`, or `None` when none can be had.
    fn start(file: &File) -> Option<Writer> {
        let file = file.try_clone().ok()?;
        let (full, chunks) = std::sync::mpsc::sync_channel::<Chunk>(2);
        let (back, written) = std::sync::mpsc::sync_channel::<Chunk>(2);
        let thread = std::thread::Builder::new()
            .name("scrutiny-write".into())
            .spawn(move || {
                let mut mode = Mode::default();
                for chunk in chunks {
                    mode.write(&file, chunk.bytes(CHUNK)?)?;
                    // The other end is gone only when the writer was dropped unfinished.
                    if back.send(chunk).is_err() {
                        break;
                    }
                }
                mode.end(&file)
            })
            .ok()?;
        Some(Writer {
            full,
            written,
            thread,
        })
    }

    /// Wait for every chunk to be written; the thread's error if it failed.
    fn finish(self) -> std::io::Result<()> {
        drop(self.full);
        self.thread
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the write thread panicked")))
    }
}

impl<F: AsFile> Out<F> {
    /// A writer at `file`'s offset.
    pub fn new(file: F) -> Self {
        Out {
            file,
            chunk: Chunk::new(),
            len: 0,
            mode: Mode::default(),
            writer: None,
            chunks: 1,
            inline: false,
        }
    }

    /// What it writes to, once everything is [`Write::flush`]ed.
    pub fn into_inner(mut self) -> std::io::Result<F> {
        self.flush()?;
        Ok(self.file)
    }

    /// Hand the full chunk to the thread (started now if need be) and take an empty one.
    fn write_chunk(&mut self) -> std::io::Result<()> {
        if self.writer.is_none() && !self.inline {
            self.writer = Writer::start(self.file.as_file());
            self.inline = self.writer.is_none();
        }
        let Some(writer) = &self.writer else {
            self.mode
                .write(self.file.as_file(), self.chunk.bytes(self.len)?)?;
            self.len = 0;
            return Ok(());
        };
        // Two chunks at most: this one, and the one the thread is writing (waited for here).
        let next = if self.chunks < 2 {
            self.chunks += 1;
            Some(Chunk::new())
        } else {
            writer.written.recv().ok()
        };
        let handed = next.is_some_and(|next| {
            let full = std::mem::replace(&mut self.chunk, next);
            writer.full.send(full).is_ok()
        });
        self.len = 0;
        if handed {
            return Ok(());
        }
        // The thread stopped at an error, which its end gives.
        let ended = self.writer.take().map(Writer::finish);
        Err(match ended {
            Some(Err(e)) => e,
            _ => std::io::Error::other("the write thread stopped"),
        })
    }
}

impl<F: AsFile> Out<F> {
    /// [`Write::write_all`] for bytes that fill the chunk (or more).
    #[cold]
    fn write_all_cold(&mut self, mut bytes: &[u8]) -> std::io::Result<()> {
        while !bytes.is_empty() {
            let room = CHUNK - self.len;
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.chunk
                .bytes_mut(self.len, now.len())?
                .copy_from_slice(now);
            self.len += now.len();
            bytes = rest;
            if self.len == CHUNK {
                self.write_chunk()?;
            }
        }
        Ok(())
    }
}

impl<F: AsFile> Write for Out<F> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    /// Most writes are a few bytes (a JSON field, a CSV cell) that fit in the chunk: copied
    /// here, inline; as `BufWriter` does.
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if bytes.len() < CHUNK - self.len {
            let at = self.chunk.start + self.len;
            if let Some(dst) = self.chunk.buf.get_mut(at..at + bytes.len()) {
                dst.copy_from_slice(bytes);
                self.len += bytes.len();
                return Ok(());
            }
        }
        self.write_all_cold(bytes)
    }

    /// Waits for the chunks being written, then writes what is buffered through the page
    /// cache, so the file ends where its bytes do. Writing on after a flush is allowed: the
    /// file's offset may no longer be aligned, so later chunks go through the cache too.
    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            writer.finish()?;
        }
        self.inline = true;
        let mut file: &File = self.file.as_file();
        self.mode.end(file)?;
        if self.len > 0 {
            file.write_all(self.chunk.bytes(self.len)?)?;
            self.len = 0;
        }
        file.flush()
    }
}

#[cfg(target_os = "linux")]
const EINVAL: i32 = rustix::io::Errno::INVAL.raw_os_error();

#[cfg(not(target_os = "linux"))]
const EINVAL: i32 = 22;

/// Turn direct writes on or off for `file`; whether that took.
#[cfg(target_os = "linux")]
fn set_direct(file: &File, on: bool) -> bool {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    let Ok(flags) = fcntl_getfl(file) else {
        return false;
    };
    let flags = if on {
        flags | OFlags::DIRECT
    } else {
        flags - OFlags::DIRECT
    };
    fcntl_setfl(file, flags).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn set_direct(_file: &File, on: bool) -> bool {
    !on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn every_byte_arrives_whatever_the_sizes_of_the_writes() {
        let dir = tempfile::tempdir().unwrap();
        for total in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 4097] {
            let want = pattern(total);
            for piece in [1, 7, 4096, CHUNK, CHUNK + 3] {
                let path = dir.path().join(format!("f-{total}-{piece}"));
                let file = File::create(&path).unwrap();
                let mut out = Out::new(&file);
                for part in want.chunks(piece.max(1)) {
                    out.write_all(part).unwrap();
                }
                out.flush().unwrap();
                drop(out);
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    want,
                    "{total} bytes by {piece}"
                );
            }
        }
    }

    #[test]
    fn writing_on_after_a_flush_appends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = File::create(&path).unwrap();
        let mut out = Out::new(&file);
        let want = pattern(2 * CHUNK + 10);
        out.write_all(&want[..5]).unwrap();
        out.flush().unwrap();
        out.write_all(&want[5..]).unwrap();
        out.flush().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }

    #[test]
    fn a_failed_write_is_reported_not_lost() {
        // A file open only for reading refuses every write, on the writer thread's chunks and
        // on the tail alike.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        let file = File::open(&path).unwrap();
        let mut out = Out::new(&file);
        let failed = out
            .write_all(&pattern(3 * CHUNK))
            .and_then(|()| out.flush())
            .is_err();
        assert!(failed, "the chunks' failed writes must surface");
        let mut tail = Out::new(&file);
        tail.write_all(b"short").unwrap();
        assert!(
            tail.flush().is_err(),
            "the tail's failed write must surface"
        );
    }

    #[test]
    fn a_refused_direct_write_goes_again_through_the_cache() {
        // A direct write at an unaligned offset fails with EINVAL, as one on a file system
        // without direct writes does: the chunk must arrive once, whole.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut file = File::create(&path).unwrap();
        file.write_all(b"abc").unwrap();
        let mut out = Out::new(&file);
        let body = pattern(2 * CHUNK + 1);
        out.write_all(&body).unwrap();
        out.flush().unwrap();
        let mut want = b"abc".to_vec();
        want.extend_from_slice(&body);
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }
}
