//! Per-function code metadata — code sizes, trap sites, exception handler sites and
//! name-section names — which stays
//! encoded in the metadata blob and is read in place, only when the runtime needs it: once
//! to map code ranges at start-up (sizes only), and when reporting a trap (trap sites, names).
//! Decoding every trap site into vectors at start-up cost about a millisecond for SQLite.
//!
//! Layout (inside [`crate::meta::ModuleMeta`]'s blob, each section length-prefixed so the
//! decoder skips it in O(1)):
//! - code section: count, then per defined function its code size, its trap sites as a
//!   length-prefixed list of (offset delta from the previous site, trap code), sorted by offset,
//!   its handler sites as a length-prefixed list of (return-address delta from the previous
//!   site, handler offset, frame size), sorted by return address, and its location sites as
//!   a length-prefixed list of (code offset delta, wasm offset delta from the previous site
//!   (zigzag), 0 | 1 callee index, callee wasm offset), sorted by code offset;
//! - name section: (function index, name) pairs sorted by index.

use crate::codec::{DecodeError, Reader, Writer};
use alloc::string::String;
use alloc::vec::Vec;

/// A trap site inside a function's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrapSite {
    pub offset: u32,
    pub code: u8,
}

/// A call inside an exception handler's scope: when an exception unwinds to the frame through
/// the call returning to `ret`, execution resumes at `handler` with the stack pointer at the
/// frame pointer minus `sp_to_fp` and the exception in the first payload register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandlerSite {
    /// Offset of the call's return address in the function's code.
    pub ret: u32,
    /// Offset of the handler in the function's code.
    pub handler: u32,
    /// Distance from the frame pointer down to the stack pointer at the call.
    pub sp_to_fp: u32,
}

/// Where in the wasm module a trap site or a call's return address lies, for backtraces: the
/// byte offset in the module of the function's own instruction and, when the code there was
/// inlined from a callee (at `-O speed`), the callee and the offset of its instruction (the
/// function's own offset is then that of the inlined call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SiteLoc {
    /// Offset in the function's code: a trap site, or a call's return address.
    pub code: u32,
    pub wasm: u32,
    /// The inlined callee (function index) and the offset of its instruction.
    pub inlined: Option<(u32, u32)>,
}

/// Per defined function: code size, trap sites, handler sites, location sites.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FuncCode {
    pub size: u32,
    pub traps: Vec<TrapSite>,
    pub handlers: Vec<HandlerSite>,
    pub locs: Vec<SiteLoc>,
}

/// The compiler's side: what it writes through [`crate::meta::ModuleMeta::encode`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CodeInfo {
    /// Per defined function.
    pub funcs: Vec<FuncCode>,
    /// Names from the name section: (function index, name), in any order (written sorted).
    pub names: Vec<(u32, String)>,
}

impl CodeInfo {
    /// The encoded code section and name section.
    pub fn sections(&self) -> (Vec<u8>, Vec<u8>) {
        let mut code = Writer::default();
        code.seq(&self.funcs, |w, f| {
            w.u32(f.size);
            let mut traps = f.traps.clone();
            traps.sort_by_key(|t| t.offset);
            let mut sites = Writer::default();
            let mut prev = 0;
            for t in &traps {
                sites.u32(t.offset - prev);
                sites.u8(t.code);
                prev = t.offset;
            }
            w.bytes(&sites.bytes);
            w.bytes(&encode_handlers(&f.handlers));
            w.bytes(&encode_locs(&f.locs));
        });
        let mut names = self.names.clone();
        names.sort_by_key(|(i, _)| *i);
        let mut section = Writer::default();
        section.seq(&names, |w, (i, n)| {
            w.u32(*i);
            w.str(n);
        });
        (code.bytes, section.bytes)
    }

    /// Writes both sections, length-prefixed.
    pub(crate) fn write(&self, w: &mut Writer) {
        let (code, names) = self.sections();
        w.bytes(&code);
        w.bytes(&names);
    }
}

fn encode_handlers(handlers: &[HandlerSite]) -> Vec<u8> {
    let mut handlers = handlers.to_vec();
    handlers.sort_by_key(|h| h.ret);
    let mut w = Writer::default();
    let mut prev = 0;
    for h in &handlers {
        w.u32(h.ret - prev);
        w.u32(h.handler);
        w.u32(h.sp_to_fp);
        prev = h.ret;
    }
    w.bytes
}

fn encode_locs(locs: &[SiteLoc]) -> Vec<u8> {
    let mut locs = locs.to_vec();
    locs.sort_by_key(|l| l.code);
    locs.dedup_by_key(|l| l.code);
    let mut w = Writer::default();
    let (mut prev, mut prev_wasm) = (0, 0);
    for l in &locs {
        w.u32(l.code - prev);
        w.u64(zigzag(i64::from(l.wasm) - i64::from(prev_wasm)));
        prev_wasm = l.wasm;
        match l.inlined {
            None => w.u8(0),
            Some((func, wasm)) => {
                w.u8(1);
                w.u32(func);
                w.u32(wasm);
            }
        }
        prev = l.code;
    }
    w.bytes
}

/// A signed number as an unsigned one, small magnitudes small (0, -1, 1, -2 → 0, 1, 2, 3).
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// One entry of the code section: a defined function's code size and encoded sites.
#[derive(Clone, Copy, Debug)]
pub struct CodeEntry<'a> {
    pub size: u32,
    pub traps: TrapSites<'a>,
    pub handlers: HandlerSites<'a>,
    pub locs: LocSites<'a>,
}

/// The code section's entries, in defined-function order.
pub struct CodeEntries<'a> {
    r: Reader<'a>,
    left: u64,
}

impl<'a> CodeEntries<'a> {
    pub fn new(section: &'a [u8]) -> Result<CodeEntries<'a>, DecodeError> {
        let mut r = Reader::new(section);
        let left = r.u64()?;
        Ok(CodeEntries { r, left })
    }

    /// Number of entries not yet read.
    pub fn len(&self) -> u64 {
        self.left
    }

    pub fn is_empty(&self) -> bool {
        self.left == 0
    }
}

impl<'a> Iterator for CodeEntries<'a> {
    type Item = Result<CodeEntry<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let entry = (|| {
            Ok(CodeEntry {
                size: self.r.u32()?,
                traps: TrapSites(self.r.bytes()?),
                handlers: HandlerSites(self.r.bytes()?),
                locs: LocSites(self.r.bytes()?),
            })
        })();
        if entry.is_err() {
            self.left = 0;
        }
        Some(entry)
    }
}

/// One function's encoded trap sites.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrapSites<'a>(pub &'a [u8]);

impl TrapSites<'_> {
    /// The trap code recorded at code offset `offset` (a scan: used when reporting a trap).
    pub fn code_at(&self, offset: u32) -> Option<u8> {
        find_delta_sorted(self.0, offset, |r, _| r.u8().ok())
    }
}

/// One function's encoded handler sites.
#[derive(Clone, Copy, Debug, Default)]
pub struct HandlerSites<'a>(pub &'a [u8]);

impl HandlerSites<'_> {
    /// The handler site whose call returns to code offset `ret` (a scan: used when throwing).
    pub fn at(&self, ret: u32) -> Option<HandlerSite> {
        find_delta_sorted(self.0, ret, |r, at| {
            Some(HandlerSite {
                ret: at,
                handler: r.u32().ok()?,
                sp_to_fp: r.u32().ok()?,
            })
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One function's encoded location sites.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocSites<'a>(pub &'a [u8]);

impl LocSites<'_> {
    /// The location of code offset `code` (a trap site or a return address; a scan: used
    /// when reporting a trap).
    pub fn at(&self, code: u32) -> Option<SiteLoc> {
        let mut prev_wasm = 0i64;
        find_delta_sorted(self.0, code, |r, at| {
            let wasm = u32::try_from(prev_wasm + unzigzag(r.u64().ok()?)).ok()?;
            prev_wasm = wasm.into();
            let inlined = match r.u8().ok()? {
                0 => None,
                _ => Some((r.u32().ok()?, r.u32().ok()?)),
            };
            Some(SiteLoc {
                code: at,
                wasm,
                inlined,
            })
        })
    }
}

/// The entry at code offset `key` of a site list encoded as (offset delta from the previous
/// entry, value) in increasing offset order; `value` reads one value (given its offset).
fn find_delta_sorted<T>(
    bytes: &[u8],
    key: u32,
    mut value: impl FnMut(&mut Reader, u32) -> Option<T>,
) -> Option<T> {
    let mut r = Reader::new(bytes);
    let mut at = 0u32;
    find_sorted(key, || {
        if r.at_end() {
            return None;
        }
        at = at.checked_add(r.u32().ok()?)?;
        Some((at, value(&mut r, at)?))
    })
}

/// The name of function `f` in an encoded name section (a scan: used when reporting a trap).
pub fn func_name(names: &[u8], f: u32) -> Option<&[u8]> {
    let mut r = Reader::new(names);
    let mut left = r.u64().ok()?;
    find_sorted(f, || {
        left = left.checked_sub(1)?;
        Some((r.u32().ok()?, r.bytes().ok()?))
    })
}

/// The value for `key` among the (key, value) entries `next` yields in increasing key order,
/// reading no further than `key`. `next` ends the entries (or a corrupt list) with `None`.
fn find_sorted<T>(key: u32, next: impl FnMut() -> Option<(u32, T)>) -> Option<T> {
    core::iter::from_fn(next)
        .find(|&(k, _)| k >= key)
        .and_then(|(k, v)| (k == key).then_some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Section;
    use alloc::vec;

    fn site(offset: u32, code: u8) -> TrapSite {
        TrapSite { offset, code }
    }

    #[test]
    fn code_and_names_read_in_place() {
        let info = CodeInfo {
            funcs: vec![
                FuncCode {
                    size: 40,
                    traps: vec![site(30, 2), site(4, 1), site(300, 3)],
                    handlers: vec![
                        HandlerSite {
                            ret: 20,
                            handler: 36,
                            sp_to_fp: 48,
                        },
                        HandlerSite {
                            ret: 8,
                            handler: 30,
                            sp_to_fp: 16,
                        },
                    ],
                    locs: vec![
                        SiteLoc {
                            code: 30,
                            wasm: 0x51,
                            inlined: Some((9, 0x90)),
                        },
                        SiteLoc {
                            code: 4,
                            wasm: 0x44,
                            inlined: None,
                        },
                        SiteLoc {
                            code: 35,
                            wasm: 0x40,
                            inlined: None,
                        },
                    ],
                },
                FuncCode::default(),
            ],
            names: vec![(7, "seven".into()), (3, "three".into())],
        };
        let mut w = Writer::default();
        info.write(&mut w);
        let mut r = Reader::new(&w.bytes);
        let code = r.section().unwrap();
        let names = r.section().unwrap();
        assert!(r.at_end());

        let entries: Vec<_> = CodeEntries::new(code.of(&w.bytes))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(entries.len(), 2);
        let CodeEntry {
            size,
            traps,
            handlers,
            locs,
        } = entries[0];
        assert_eq!(locs.at(4).map(|l| (l.wasm, l.inlined)), Some((0x44, None)));
        assert_eq!(locs.at(30).and_then(|l| l.inlined), Some((9, 0x90)));
        assert_eq!(
            locs.at(35).map(|l| l.wasm),
            Some(0x40),
            "offsets may go down"
        );
        assert_eq!(locs.at(5), None);
        assert_eq!(entries[1].locs.at(0), None);
        assert_eq!(size, 40);
        assert_eq!(
            handlers.at(20).map(|h| (h.handler, h.sp_to_fp)),
            Some((36, 48))
        );
        assert_eq!(handlers.at(8).map(|h| h.handler), Some(30));
        assert_eq!(handlers.at(9), None);
        assert!(entries[1].handlers.is_empty());
        assert_eq!(traps.code_at(4), Some(1));
        assert_eq!(traps.code_at(30), Some(2));
        assert_eq!(traps.code_at(300), Some(3));
        assert_eq!(traps.code_at(5), None);
        assert_eq!(traps.code_at(1000), None);
        assert_eq!(entries[1].size, 0);
        assert_eq!(entries[1].traps.code_at(0), None);

        let names = names.of(&w.bytes);
        assert_eq!(func_name(names, 3), Some(&b"three"[..]));
        assert_eq!(func_name(names, 7), Some(&b"seven"[..]));
        assert_eq!(func_name(names, 5), None);
        assert_eq!(func_name(names, 9), None);
    }

    #[test]
    fn corrupt_sections_read_as_absent() {
        assert!(CodeEntries::new(&[]).is_err());
        // Two entries announced, one truncated: the iterator reports the error and stops.
        let mut it = CodeEntries::new(&[2, 5, 9]).unwrap();
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
        assert_eq!(TrapSites(&[0x80]).code_at(0), None);
        assert_eq!(func_name(&[1, 0, 9, b'a'], 0), None);
        assert_eq!(Section { offset: 2, len: 9 }.of(&[0; 4]), &[] as &[u8]);
    }
}
