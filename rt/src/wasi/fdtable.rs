//! The WASI file-descriptor table: guest fd numbers → host descriptors.
//!
//! Entries are `Arc`s so a host call clones its entry and releases the table lock before
//! doing I/O (a blocking read must not stall other threads' WASI calls). The host descriptor
//! is closed when the last `Arc` drops; stdio descriptors are never closed. New fds take the
//! lowest free number, as wasmtime does.

use super::errno::{Errno, WasiResult};
use std::sync::Arc;

/// WASI `filetype` values.
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;

    /// The WASI filetype of a host `st_mode`.
    pub fn from_mode(mode: u32) -> u8 {
        match mode & libc::S_IFMT {
            libc::S_IFBLK => BLOCK_DEVICE,
            libc::S_IFCHR => CHARACTER_DEVICE,
            libc::S_IFDIR => DIRECTORY,
            libc::S_IFREG => REGULAR_FILE,
            libc::S_IFSOCK => SOCKET_STREAM,
            libc::S_IFLNK => SYMBOLIC_LINK,
            _ => UNKNOWN,
        }
    }
}

/// WASI `rights` bits, and the sets wasmtime reports for each kind of descriptor.
pub mod rights {
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_READDIR: u64 = 1 << 14;
    /// Every right defined by preview1.
    pub const ALL: u64 = (1 << 30) - 1;
    pub const STDIN: u64 = FD_READ;
    pub const STDOUT: u64 = FD_WRITE;
    pub const FILE: u64 = ALL;
    pub const FILE_WRITE_ONLY: u64 = ALL & !(FD_READ | FD_READDIR);
    pub const DIR: u64 = 0x3fb7_ffbb;
    pub const PREOPEN_BASE: u64 = 0x07b7_fe00;
    pub const PREOPEN_INHERITING: u64 = 0x0ff7_ffff;
}

/// What a guest fd refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Host stdin/stdout/stderr (never closed by the runtime).
    Stdio,
    File,
    /// A directory; `preopen` holds the guest path of a preopened one.
    Dir {
        preopen: Option<String>,
    },
}

/// One open guest fd.
#[derive(Debug)]
pub struct FdEntry {
    /// The host descriptor.
    pub host: i32,
    pub kind: Kind,
    /// WASI filetype reported by fdstat (stdio: character device for a tty, else unknown).
    pub filetype: u8,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

impl FdEntry {
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, Kind::Dir { .. })
    }

    /// The directory entry's host fd, or `NOTDIR`/`BADF` as wasmtime reports them.
    pub fn dir_fd(&self) -> WasiResult<i32> {
        match self.kind {
            Kind::Dir { .. } => Ok(self.host),
            Kind::File => Err(Errno::NOTDIR),
            Kind::Stdio => Err(Errno::NOTDIR),
        }
    }

    /// An entry for stdio descriptor `host` (0, 1 or 2).
    pub fn stdio(host: i32) -> FdEntry {
        // SAFETY: isatty only inspects the descriptor.
        let tty = unsafe { libc::isatty(host) } == 1;
        let r = if host == 0 {
            rights::STDIN
        } else {
            rights::STDOUT
        };
        FdEntry {
            host,
            kind: Kind::Stdio,
            filetype: if tty {
                filetype::CHARACTER_DEVICE
            } else {
                filetype::UNKNOWN
            },
            rights_base: r,
            rights_inheriting: r,
        }
    }
}

impl Drop for FdEntry {
    fn drop(&mut self) {
        if self.kind != Kind::Stdio {
            // SAFETY: a non-stdio entry owns its host descriptor exclusively.
            unsafe { libc::close(self.host) };
        }
    }
}

/// Guest fd → entry.
#[derive(Debug, Default)]
pub struct FdTable {
    slots: Vec<Option<Arc<FdEntry>>>,
}

impl FdTable {
    pub fn get(&self, fd: u32) -> WasiResult<Arc<FdEntry>> {
        self.slots
            .get(fd as usize)
            .and_then(|s| s.clone())
            .ok_or(Errno::BADF)
    }

    /// Inserts at the lowest free fd.
    pub fn insert(&mut self, e: FdEntry) -> WasiResult<u32> {
        let fd = match self.slots.iter().position(|s| s.is_none()) {
            Some(i) => i,
            None => {
                if self.slots.len() >= i32::MAX as usize {
                    return Err(Errno::MFILE);
                }
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.slots[fd] = Some(Arc::new(e));
        Ok(fd as u32)
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<Arc<FdEntry>> {
        let e = self
            .slots
            .get_mut(fd as usize)
            .and_then(|s| s.take())
            .ok_or(Errno::BADF)?;
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(e)
    }

    /// Moves `from` onto `to` (closing what `to` held).
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        self.get(from)?;
        self.get(to)?;
        if from == to {
            return Ok(());
        }
        let e = self.remove(from)?;
        let old = self.slots[to as usize].replace(e);
        drop(old);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowest_free_fd_is_reused() {
        let mut t = FdTable::default();
        for h in 0..3 {
            assert_eq!(t.insert(FdEntry::stdio(h)), Ok(h as u32));
        }
        assert_eq!(t.remove(1).map(|e| e.host), Ok(1));
        assert_eq!(t.get(1).err(), Some(Errno::BADF));
        assert_eq!(t.insert(FdEntry::stdio(1)), Ok(1));
        assert_eq!(t.renumber(2, 0), Ok(()));
        assert_eq!(t.get(0).map(|e| e.host), Ok(2));
        assert_eq!(t.get(2).err(), Some(Errno::BADF));
        assert_eq!(t.renumber(5, 0), Err(Errno::BADF));
    }
}
