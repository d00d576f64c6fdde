//! The small object carrying an executable's build-time configuration (`__w2n_config`):
//! preopened directories, granted environment, `--invoke`, thread options. Kept apart from
//! the module's object so changing grants never recompiles the module.

use crate::error::{CompileError, Result};
use object::write::{Object, Relocation, StandardSection, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationEncoding, RelocationFlags, RelocationKind,
    SymbolFlags, SymbolKind, SymbolScope,
};
use std::mem::offset_of;
use wasm2native_abi::meta::Config;
use wasm2native_abi::symbols::{image_bytes, ConfigImage, CONFIG_IMAGE};

/// An ELF object defining `__w2n_config` for `config`.
pub fn config_object(config: &Config) -> Result<Vec<u8>> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let rodata = obj.section_id(StandardSection::ReadOnlyData);
    let data = obj.section_id(StandardSection::Data);
    let blob = config.encode();
    let blob_len = blob.len() as u64;
    let blob_off = obj.append_section_data(rodata, &blob, 8);
    let blob_sym = obj.add_symbol(Symbol {
        name: b"__w2n_config_blob".to_vec(),
        value: blob_off,
        size: blob_len,
        kind: SymbolKind::Data,
        scope: SymbolScope::Compilation,
        weak: false,
        section: SymbolSection::Section(rodata),
        flags: SymbolFlags::None,
    });
    let image = image_bytes::<ConfigImage>(&[
        (
            offset_of!(ConfigImage, abi_version),
            wasm2native_abi::ABI_VERSION,
        ),
        (offset_of!(ConfigImage, config_len), blob_len),
    ]);
    let image_off = obj.append_section_data(data, &image, 8);
    obj.add_symbol(Symbol {
        name: CONFIG_IMAGE.as_bytes().to_vec(),
        value: image_off,
        size: image.len() as u64,
        kind: SymbolKind::Data,
        scope: SymbolScope::Dynamic,
        weak: false,
        section: SymbolSection::Section(data),
        flags: SymbolFlags::None,
    });
    obj.add_relocation(
        data,
        Relocation {
            offset: image_off + offset_of!(ConfigImage, config) as u64,
            symbol: blob_sym,
            addend: 0,
            flags: RelocationFlags::Generic {
                kind: RelocationKind::Absolute,
                encoding: RelocationEncoding::Generic,
                size: 64,
            },
        },
    )
    .map_err(|e| CompileError::Codegen(e.to_string()))?;
    obj.write()
        .map_err(|e| CompileError::Codegen(e.to_string()))
}
