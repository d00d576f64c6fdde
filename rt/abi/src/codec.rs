//! A minimal little-endian binary encoding for the module metadata blob.
//!
//! Integers are LEB128 (unsigned), strings and byte arrays are length-prefixed. Decoding never
//! panics: a truncated or corrupt blob yields [`DecodeError`].

use alloc::string::String;
use alloc::vec::Vec;

/// The blob was truncated or corrupt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError;

/// Appends encoded values to a byte vector.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }
    pub fn u32(&mut self, v: u32) {
        self.u64(v.into())
    }
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v)
    }
    pub fn bool(&mut self, v: bool) {
        self.u8(v as u8)
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.bytes.extend_from_slice(b);
    }
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes())
    }
    pub fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u64(v)
            }
        }
    }
    pub fn seq<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.u64(items.len() as u64);
        for item in items {
            each(self, item);
        }
    }
}

/// A byte range of the encoded blob (a length-prefixed byte array, located by
/// [`Reader::section`] and read in place later).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Section {
    pub offset: u64,
    pub len: u64,
}

impl Section {
    /// The section's bytes within `blob` (empty if out of range).
    pub fn of<'a>(&self, blob: &'a [u8]) -> &'a [u8] {
        usize::try_from(self.offset)
            .ok()
            .zip(usize::try_from(self.len).ok())
            .and_then(|(o, l)| blob.get(o..o.checked_add(l)?))
            .unwrap_or(&[])
    }
}

/// Reads values back in the order they were written.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    /// Current read position (used to refer to byte ranges inside the blob).
    pub fn pos(&self) -> usize {
        self.pos
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.pos).ok_or(DecodeError)?;
        self.pos += 1;
        Ok(b)
    }
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        let mut result = 0u64;
        let mut shift = 0;
        loop {
            let byte = self.u8()?;
            if shift >= 64 {
                return Err(DecodeError);
            }
            result |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
        }
    }
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        u32::try_from(self.u64()?).map_err(|_| DecodeError)
    }
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        Ok(self.u8()? != 0)
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = usize::try_from(self.u64()?).map_err(|_| DecodeError)?;
        let end = self.pos.checked_add(len).ok_or(DecodeError)?;
        let b = self.bytes.get(self.pos..end).ok_or(DecodeError)?;
        self.pos = end;
        Ok(b)
    }
    /// Skips a length-prefixed byte array, recording where it lies.
    pub fn section(&mut self) -> Result<Section, DecodeError> {
        let bytes = self.bytes()?;
        Ok(Section {
            offset: (self.pos - bytes.len()) as u64,
            len: bytes.len() as u64,
        })
    }
    pub fn str(&mut self) -> Result<String, DecodeError> {
        let b = self.bytes()?;
        core::str::from_utf8(b)
            .map(String::from)
            .map_err(|_| DecodeError)
    }
    pub fn opt_u64(&mut self) -> Result<Option<u64>, DecodeError> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.u64()?),
        })
    }
    pub fn seq<T>(
        &mut self,
        mut each: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let n = self.u64()?;
        // Every element takes at least one byte: bound the allocation by what is left.
        if n > (self.bytes.len() - self.pos) as u64 {
            return Err(DecodeError);
        }
        let mut v = Vec::with_capacity(n as usize);
        for _ in 0..n {
            v.push(each(self)?);
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut w = Writer::default();
        w.u64(u64::MAX);
        w.u32(300);
        w.str("héllo");
        w.opt_u64(None);
        w.opt_u64(Some(7));
        w.seq(&[1u32, 2, 3], |w, x| w.u32(*x));
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.u64(), Ok(u64::MAX));
        assert_eq!(r.u32(), Ok(300));
        assert_eq!(r.str().as_deref(), Ok("héllo"));
        assert_eq!(r.opt_u64(), Ok(None));
        assert_eq!(r.opt_u64(), Ok(Some(7)));
        assert_eq!(r.seq(|r| r.u32()), Ok(alloc::vec![1, 2, 3]));
        assert!(r.at_end());
        let cut = &w.bytes[..w.bytes.len() - 1];
        let mut r = Reader::new(cut);
        r.u64().unwrap();
        r.u32().unwrap();
        r.str().unwrap();
        r.opt_u64().unwrap();
        r.opt_u64().unwrap();
        assert_eq!(r.seq(|r| r.u32()), Err(DecodeError));
    }
}
