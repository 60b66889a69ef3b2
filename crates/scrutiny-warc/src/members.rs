//! Compression framing: a plain file, gzip members or zstd frames, each read as one stream with its offset.

use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use flate2::bufread::GzDecoder;
use zstd::stream::raw::{Decoder as ZstdDecoder, InBuffer, Operation, OutBuffer};

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b, 0x08];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];
/// The skippable-frame magic the IIPC zstd WARC profile uses for the dictionary.
const ZSTD_DICT_FRAME: u32 = 0x184d_2a5d;
/// A dictionary larger than this is not one (the profile's are about 100 KiB).
const MAX_DICT_BYTES: u64 = 16 << 20;
/// How a record must begin; a resync candidate that does not decode to it is passed over.
const WARC_PREFIX: &[u8] = b"WARC/";

/// How the bytes of a file are compressed, by their first bytes (not by the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Plain,
    Gzip,
    Zstd,
}

/// What [`Members::next_member`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// A member starts at this compressed offset; read it with [`Members::member`].
    Member(u64),
    /// Bytes that are not a member, from `offset`, `len` long; skipped.
    Garbage { offset: u64, len: u64 },
    /// End of file.
    End,
}

enum State<R: Read + Seek> {
    Idle(BufReader<R>),
    Plain(BufReader<R>),
    Gzip(Box<GzDecoder<BufReader<R>>>),
    /// Inside a zstd frame; the decoder itself lives in [`Members::zstd`], reused across frames.
    Zstd(BufReader<R>),
    /// Only while a transition is in flight; never observed from outside.
    Gone,
}

/// A file cut into independently decompressed members.
pub(crate) struct Members<R: Read + Seek> {
    codec: Codec,
    state: State<R>,
    dict: Option<Vec<u8>>,
    /// One zstd context for the whole file (with the dictionary loaded once): a context per
    /// frame cost half again the time of decompression itself.
    zstd: Option<ZstdDecoder<'static>>,
    /// The current zstd frame has been decoded to its end.
    zstd_done: bool,
    /// Start of the member being read.
    start: u64,
}

impl<R: Read + Seek> Members<R> {
    pub(crate) fn new(inner: R) -> io::Result<Self> {
        let mut r = BufReader::with_capacity(1 << 16, inner);
        let head = r.fill_buf()?;
        let codec = if head.starts_with(GZIP_MAGIC) {
            Codec::Gzip
        } else if head.starts_with(ZSTD_MAGIC) || is_skippable(head) {
            Codec::Zstd
        } else {
            Codec::Plain
        };
        Ok(Self {
            codec,
            state: State::Idle(r),
            dict: None,
            zstd: None,
            zstd_done: false,
            start: 0,
        })
    }

    pub(crate) fn codec(&self) -> Codec {
        self.codec
    }

    /// Bytes of the file consumed so far.
    pub(crate) fn position(&mut self) -> io::Result<u64> {
        match &mut self.state {
            State::Idle(r) | State::Plain(r) => r.stream_position(),
            State::Gzip(d) => d.get_mut().stream_position(),
            State::Zstd(r) => r.stream_position(),
            State::Gone => Ok(self.start),
        }
    }

    /// Moves to the next member. Call only when the previous one was read to its end or abandoned.
    pub(crate) fn next_member(&mut self) -> io::Result<Next> {
        let State::Idle(mut r) = std::mem::replace(&mut self.state, State::Gone) else {
            return Err(io::Error::other("next_member called inside a member"));
        };
        loop {
            let pos = r.stream_position()?;
            let head = r.fill_buf()?;
            if head.is_empty() {
                self.state = State::Idle(r);
                return Ok(Next::End);
            }
            self.start = pos;
            match self.codec {
                Codec::Plain => {
                    self.state = State::Plain(r);
                    return Ok(Next::Member(pos));
                }
                Codec::Gzip if head.starts_with(GZIP_MAGIC) || head.len() < GZIP_MAGIC.len() => {
                    self.state = State::Gzip(Box::new(GzDecoder::new(r)));
                    return Ok(Next::Member(pos));
                }
                Codec::Zstd if is_skippable(head) => {
                    self.skippable_frame(&mut r, pos)?;
                    continue;
                }
                Codec::Zstd if head.starts_with(ZSTD_MAGIC) || head.len() < ZSTD_MAGIC.len() => {
                    self.zstd_decoder()?.reinit()?;
                    self.zstd_done = false;
                    self.state = State::Zstd(r);
                    return Ok(Next::Member(pos));
                }
                Codec::Gzip | Codec::Zstd => {
                    let next = self.resync(&mut r, pos)?;
                    self.state = State::Idle(r);
                    return Ok(Next::Garbage {
                        offset: pos,
                        len: next - pos,
                    });
                }
            }
        }
    }

    /// Gives up on the current member (it failed to decode) and moves past it to the next
    /// position where a member decodes to the start of a record.
    pub(crate) fn abandon(&mut self) -> io::Result<()> {
        let mut r = match std::mem::replace(&mut self.state, State::Gone) {
            State::Idle(r) | State::Plain(r) | State::Zstd(r) => r,
            State::Gzip(d) => (*d).into_inner(),
            State::Gone => return Err(io::Error::other("no member to abandon")),
        };
        if self.codec != Codec::Plain {
            let from = self.start + 1;
            r.seek(SeekFrom::Start(from))?;
            self.resync(&mut r, from)?;
        } else {
            r.seek(SeekFrom::End(0))?;
        }
        self.state = State::Idle(r);
        Ok(())
    }

    /// The current member as a reader that ends where the member ends.
    pub(crate) fn member(&mut self) -> Member<'_, R> {
        Member { members: self }
    }

    /// The file's zstd decoder, made on first use (after any dictionary frame, which comes first).
    fn zstd_decoder(&mut self) -> io::Result<&mut ZstdDecoder<'static>> {
        let d = match self.zstd.take() {
            Some(d) => d,
            None => ZstdDecoder::with_dictionary(self.dict.as_deref().unwrap_or_default())?,
        };
        Ok(self.zstd.insert(d))
    }

    /// Reads or skips a skippable frame; the first one with the dictionary magic is the dictionary.
    fn skippable_frame(&mut self, r: &mut BufReader<R>, pos: u64) -> io::Result<()> {
        let mut head = [0u8; 8];
        if r.read_exact(&mut head).is_err() {
            r.seek(SeekFrom::End(0))?;
            return Ok(());
        }
        let magic = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let len = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
        if magic == ZSTD_DICT_FRAME && self.dict.is_none() && len <= MAX_DICT_BYTES {
            let mut dict = Vec::new();
            r.by_ref().take(len).read_to_end(&mut dict)?;
            if dict.starts_with(ZSTD_MAGIC) {
                // The profile allows the dictionary itself to be zstd-compressed.
                dict = zstd::stream::decode_all(&dict[..])?;
            }
            self.dict = Some(dict);
            // A decoder made before the dictionary was seen does not know it.
            self.zstd = None;
        } else {
            r.seek(SeekFrom::Start(pos + 8 + len))?;
        }
        Ok(())
    }

    /// Scans forward from `from` for the next member that decodes to the start of a WARC record,
    /// leaves the reader there and returns its offset (the file's end when there is none).
    fn resync(&mut self, r: &mut BufReader<R>, from: u64) -> io::Result<u64> {
        let magic = if self.codec == Codec::Zstd {
            ZSTD_MAGIC
        } else {
            GZIP_MAGIC
        };
        let mut at = from;
        loop {
            r.seek(SeekFrom::Start(at))?;
            let Some(found) = find(r, magic, at)? else {
                return r.seek(SeekFrom::End(0));
            };
            r.seek(SeekFrom::Start(found))?;
            let mut prefix = [0u8; WARC_PREFIX.len()];
            let ok = match self.codec {
                Codec::Zstd => {
                    let d = self.zstd_decoder()?;
                    d.reinit()?;
                    read_exact_zstd(d, &mut *r, &mut prefix).is_ok()
                }
                _ => GzDecoder::new(&mut *r).read_exact(&mut prefix).is_ok(),
            };
            if ok && prefix == WARC_PREFIX {
                r.seek(SeekFrom::Start(found))?;
                return Ok(found);
            }
            at = found + 1;
        }
    }

    fn read_member(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.state {
            State::Plain(r) => r.read(buf)?,
            State::Gzip(d) => d.read(buf)?,
            State::Zstd(r) => {
                let d = self
                    .zstd
                    .as_mut()
                    .ok_or_else(|| io::Error::other("zstd frame without a decoder"))?;
                read_zstd(d, &mut self.zstd_done, r, buf)?
            }
            State::Idle(_) | State::Gone => return Ok(0),
        };
        if n == 0 && !buf.is_empty() {
            self.state = match std::mem::replace(&mut self.state, State::Gone) {
                State::Plain(r) | State::Idle(r) | State::Zstd(r) => State::Idle(r),
                State::Gzip(d) => State::Idle((*d).into_inner()),
                State::Gone => State::Gone,
            };
        }
        Ok(n)
    }
}

/// The decompressed bytes of one member.
pub(crate) struct Member<'a, R: Read + Seek> {
    members: &'a mut Members<R>,
}

impl<R: Read + Seek> Read for Member<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.members.read_member(buf)
    }
}

/// Decompresses from the current zstd frame into `buf`, giving zero bytes only at the frame's
/// end (with the reader left just after it); an error when the file ends inside the frame or
/// the frame is damaged. `done` is set once the frame is complete, so that the decoder is not
/// run on into the next frame's bytes.
fn read_zstd<B: BufRead>(
    d: &mut ZstdDecoder<'static>,
    done: &mut bool,
    r: &mut B,
    buf: &mut [u8],
) -> io::Result<usize> {
    if *done || buf.is_empty() {
        return Ok(0);
    }
    loop {
        let input = r.fill_buf()?;
        let at_eof = input.is_empty();
        let mut inb = InBuffer::around(input);
        let mut out = OutBuffer::around(buf);
        // zstd returns 0 exactly when a frame is complete and all its output flushed.
        let hint = d.run(&mut inb, &mut out)?;
        let (consumed, produced) = (inb.pos(), out.pos());
        r.consume(consumed);
        *done = hint == 0;
        if produced > 0 || *done {
            return Ok(produced);
        }
        if at_eof {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "zstd frame cut short",
            ));
        }
    }
}

/// Fills `buf` from the start of a zstd frame (for resynchronisation).
fn read_exact_zstd<B: BufRead>(
    d: &mut ZstdDecoder<'static>,
    r: &mut B,
    mut buf: &mut [u8],
) -> io::Result<()> {
    let mut done = false;
    while !buf.is_empty() {
        let n = read_zstd(d, &mut done, r, buf)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
    }
    Ok(())
}

fn is_skippable(head: &[u8]) -> bool {
    head.len() >= 4 && (0x50..=0x5f).contains(&head[0]) && head[1..4] == [0x2a, 0x4d, 0x18]
}

/// The offset of the next `magic` at or after the reader's position `at`, leaving the reader
/// somewhere after it.
fn find<R: Read>(r: &mut R, magic: &[u8], mut at: u64) -> io::Result<Option<u64>> {
    let finder = memchr::memmem::Finder::new(magic);
    let mut buf = vec![0u8; 1 << 16];
    // Bytes carried over from the previous chunk, so that a magic split across chunks is found.
    let mut kept = 0usize;
    loop {
        let n = r.read(&mut buf[kept..])?;
        if n == 0 {
            return Ok(None);
        }
        let filled = kept + n;
        if let Some(i) = finder.find(&buf[..filled]) {
            return Ok(Some(at + i as u64));
        }
        let keep = (magic.len() - 1).min(filled);
        buf.copy_within(filled - keep..filled, 0);
        at += (filled - keep) as u64;
        kept = keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn find_sees_a_magic_split_across_chunks() {
        let mut data = vec![0u8; (1 << 16) - 1];
        data.extend_from_slice(GZIP_MAGIC);
        data.extend_from_slice(b"rest");
        let found = find(&mut Cursor::new(&data), GZIP_MAGIC, 0).unwrap();
        assert_eq!(found, Some((1 << 16) - 1));
        assert_eq!(
            find(&mut Cursor::new(b"no magic here"), GZIP_MAGIC, 0).unwrap(),
            None
        );
    }

    #[test]
    fn codec_comes_from_the_bytes() {
        assert_eq!(
            Members::new(Cursor::new(b"WARC/1.0\r\n")).unwrap().codec(),
            Codec::Plain
        );
        assert_eq!(
            Members::new(Cursor::new(vec![0x1f, 0x8b, 8, 0]))
                .unwrap()
                .codec(),
            Codec::Gzip
        );
        let z = zstd::stream::encode_all(&b"x"[..], 1).unwrap();
        assert_eq!(Members::new(Cursor::new(z)).unwrap().codec(), Codec::Zstd);
    }
}
