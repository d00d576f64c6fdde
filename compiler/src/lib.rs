//! wasm2native: compile a WebAssembly module ahead of time with Cranelift into a native
//! object, and link it with the embedded runtime library into a standalone executable.
//!
//! Entry points: [`compile`] (wasm or wat bytes → object), [`link::link_executable`],
//! [`config_object::config_object`] (build-time grants), [`jit::load`] (into this process,
//! for the fuzz targets), and the CLI in `main.rs`.

mod boundary;
pub mod codegen;
pub mod config_object;
#[cfg(test)]
mod contract_tests;
pub mod error;
pub mod features;
pub mod func_env;
pub mod jit;
mod late_opts;
mod late_rewrites;
pub mod link;
mod locations;
pub mod module_info;
pub mod progress;
mod proposals;
mod static_tables;
pub mod target;
mod threaded_dispatch;
pub mod timings;
mod translate;
pub mod user_cache;
pub mod wast;

pub use codegen::OptLevel;
pub use error::{CompileError, Result};
pub use module_info::ImportPolicy;
pub use wasm2native_abi::cpu::TargetCpu;

/// Options for [`compile`].
#[derive(Clone, Debug)]
pub struct CompileOptions {
    pub opt_level: OptLevel,
    pub policy: ImportPolicy,
    /// Intermediate forms to return besides the object.
    pub inspect: codegen::Inspect,
    /// The WebAssembly features validation accepts.
    pub features: wasmparser::WasmFeatures,
    /// Symbol of the module image (several modules linked together need distinct ones).
    pub image_symbol: String,
    /// For an executable: reserve memory 0 at [`wasm2native_abi::FIXED_MEMORY_BASE`] and build
    /// that address into the code (faster); otherwise the kernel places it (randomised) and
    /// the code loads it from the instance.
    pub fixed_memory_address: bool,
    /// The CPU the code is compiled for (`--target-cpu`).
    pub target_cpu: TargetCpu,
    /// Where the build's progress goes (the CLI's progress bar).
    pub progress: progress::Reporter,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            opt_level: OptLevel::Speed,
            policy: ImportPolicy::Executable,
            inspect: codegen::Inspect::default(),
            features: module_info::default_features(),
            image_symbol: wasm2native_abi::symbols::MODULE_IMAGE.to_string(),
            fixed_memory_address: true,
            target_cpu: TargetCpu::Native,
            progress: progress::Reporter::default(),
        }
    }
}

/// Accepts binary wasm or the text format.
pub fn wasm_bytes(input: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    wat::parse_bytes(input).map_err(|e| CompileError::Invalid(e.to_string()))
}

/// Validates and compiles a module (binary or text) into a relocatable object.
/// With `WASM2NATIVE_TIMINGS` set in the environment, prints the time of each phase.
pub fn compile(input: &[u8], opts: &CompileOptions) -> Result<codegen::Emitted> {
    let phase = timings::Phase::start("parse");
    opts.progress.phase("parse", 0);
    let wasm = wasm_bytes(input)?;
    let mut info = module_info::ModuleInfo::parse(&wasm, opts.policy, opts.features)?;
    // An executable's process holds one memory 0 (threads share it), so its address can be
    // fixed and built into the code.
    if opts.policy == ImportPolicy::Executable
        && opts.fixed_memory_address
        && !info.memories.is_empty()
    {
        info.memory0_at = Some(wasm2native_abi::FIXED_MEMORY_BASE);
    }
    drop(phase);
    codegen::compile_module(&info, opts)
}
