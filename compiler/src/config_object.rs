//! The small object carrying an executable's build-time configuration (`__w2n_config`):
//! preopened directories, granted environment, `--invoke`, thread options. Kept apart from
//! the module's object so changing grants never recompiles the module.

use crate::error::{CompileError, Result};
use object::write::{Object, Relocation, StandardSection, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationEncoding, RelocationFlags, RelocationKind,
    SymbolFlags, SymbolKind, SymbolScope,
};
use wasm2native_abi::meta::Config;
use wasm2native_abi::symbols::CONFIG_IMAGE;

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
    // ConfigImage { abi_version, config, config_len }.
    let mut image = Vec::with_capacity(24);
    image.extend_from_slice(&wasm2native_abi::ABI_VERSION.to_le_bytes());
    image.extend_from_slice(&0u64.to_le_bytes());
    image.extend_from_slice(&blob_len.to_le_bytes());
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
            offset: image_off + 8,
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
