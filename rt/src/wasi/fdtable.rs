//! The WASI file-descriptor table: guest fd numbers → host descriptors.
//!
//! Entries are `Arc`s so a host call clones its entry and releases the table lock before
//! doing I/O (a blocking read must not stall other threads' WASI calls). The host descriptor
//! is closed when the last `Arc` drops; stdio descriptors are never closed.
//!
//! Numbering follows wasmtime 49: a closed (or renumbered-away) number goes into a free set and
//! a new fd takes the *highest* free number; with none free it takes one past the highest fd in
//! use.

use super::errno::{Errno, WasiResult};
use std::collections::{BTreeMap, BTreeSet};
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
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
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
    /// WASI filetype of a file or directory (see [`FdEntry::filetype`] for stdio).
    pub filetype: u8,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

impl FdEntry {
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, Kind::Dir { .. })
    }

    /// The directory entry's host fd; `BADF` for anything else, as wasmtime reports it.
    pub fn dir_fd(&self) -> WasiResult<i32> {
        match self.kind {
            Kind::Dir { .. } => Ok(self.host),
            Kind::File | Kind::Stdio => Err(Errno::BADF),
        }
    }

    /// The host fd of a regular (non-stdio) file; `BADF` for directories and stdio.
    pub fn file_fd(&self) -> WasiResult<i32> {
        match self.kind {
            Kind::File => Ok(self.host),
            _ => Err(Errno::BADF),
        }
    }

    /// Whether this is the host's stdin (which only reads) rather than stdout/stderr.
    pub fn is_stdin(&self) -> bool {
        self.kind == Kind::Stdio && self.host == 0
    }

    /// The WASI filetype fdstat and filestat report. Stdio is a character device when the
    /// host descriptor is a terminal, else unknown; asked of the host when reported, so
    /// start-up makes no `isatty` calls.
    pub fn filetype(&self) -> u8 {
        if self.kind != Kind::Stdio {
            return self.filetype;
        }
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(self.host) } == 1 {
            filetype::CHARACTER_DEVICE
        } else {
            filetype::UNKNOWN
        }
    }

    /// An entry for stdio descriptor `host` (0, 1 or 2).
    pub fn stdio(host: i32) -> FdEntry {
        let r = if host == 0 {
            rights::STDIN
        } else {
            rights::STDOUT
        };
        FdEntry {
            host,
            kind: Kind::Stdio,
            filetype: filetype::UNKNOWN,
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
    used: BTreeMap<u32, Arc<FdEntry>>,
    free: BTreeSet<u32>,
}

impl FdTable {
    pub fn get(&self, fd: u32) -> WasiResult<Arc<FdEntry>> {
        self.used.get(&fd).cloned().ok_or(Errno::BADF)
    }

    /// Inserts at the highest free fd, else one past the highest in use.
    pub fn insert(&mut self, e: FdEntry) -> WasiResult<u32> {
        let fd = match self.free.pop_last() {
            Some(fd) => fd,
            None => match self.used.last_key_value() {
                Some((&last, _)) => last.checked_add(1).ok_or(Errno::MFILE)?,
                None => 0,
            },
        };
        self.used.insert(fd, Arc::new(e));
        Ok(fd)
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<Arc<FdEntry>> {
        let e = self.used.remove(&fd).ok_or(Errno::BADF)?;
        self.free.insert(fd);
        Ok(e)
    }

    /// Moves `from` onto `to` (closing what `to` held); both must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        self.get(to)?;
        self.get(from)?;
        if from != to {
            let e = self.remove(from)?;
            self.free.remove(&to);
            let old = self.used.insert(to, e);
            drop(old);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_free_fd_is_reused() {
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
        // Free: {2}; then 0 closes too: the highest free number comes first.
        assert_eq!(t.remove(0).map(|e| e.host), Ok(2));
        assert_eq!(t.insert(FdEntry::stdio(0)), Ok(2));
        assert_eq!(t.insert(FdEntry::stdio(0)), Ok(0));
        assert_eq!(t.insert(FdEntry::stdio(0)), Ok(3));
    }
}
