//! The `wasm2native` command line: `build` an executable, or `run` a module (compiled once and
//! cached on disk by content hash), with wasmtime's flag conventions for grants.

mod cache;

/// Code generation allocates and frees many short-lived buffers on every worker thread;
/// mimalloc makes a large build 4-7% faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wasm2native::link::{link_executable, LibcChoice};
use wasm2native::{config_object::config_object, CompileOptions, OptLevel};
use wasm2native_abi::meta::Config;

#[derive(Parser)]
#[command(
    name = "wasm2native",
    version,
    about = "Compile WebAssembly ahead of time into native executables"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a module (.wasm or .wat) into a standalone executable.
    Build {
        /// The module to compile.
        input: PathBuf,
        /// Output executable (default: the input's name without extension).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        codegen: CodegenArgs,
        /// Also write intermediate output next to the executable (OUT.o, OUT.clif, OUT.s).
        #[arg(long, value_enum)]
        emit: Vec<Emit>,
        #[command(flatten)]
        grants: GrantArgs,
        #[command(flatten)]
        link: LinkArgs,
        /// Make the executable call this export (arguments from its argv) instead of `_start`.
        #[arg(long, value_name = "NAME")]
        invoke: Option<String>,
    },
    /// Compile (cached) and run a module.
    Run {
        /// The module to run.
        input: PathBuf,
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        grants: GrantArgs,
        #[command(flatten)]
        link: LinkArgs,
        /// Call this export with arguments parsed from ARGS and print its results.
        #[arg(long, value_name = "NAME")]
        invoke: Option<String>,
        /// Arguments passed to the program.
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Run spec test scripts (.wast) through the ahead-of-time pipeline.
    Wast {
        /// The scripts.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        codegen: CodegenArgs,
    },
}

/// The feature names `--enable`/`--disable` take (wasmtime's `-W` names).
fn feature_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(wasm2native::features::FEATURES.iter().map(|f| f.name))
}

#[derive(Args)]
struct CodegenArgs {
    /// Cranelift optimisation level.
    #[arg(short = 'O', long = "opt-level", value_enum, default_value = "speed")]
    opt_level: Opt,
    /// Let the kernel place linear memory (at a randomised address) instead of at the fixed
    /// address 0x6000_0000 that compiled code uses as a constant; a little slower.
    #[arg(long)]
    no_fixed_memory: bool,
    /// Turn on a WebAssembly feature. On by default: every feature wasm2native implements
    /// (reference-types, multi-value, bulk-memory, simd, threads, multi-memory,
    /// extended-const).
    #[arg(long, value_name = "FEATURE", value_parser = feature_names())]
    enable: Vec<String>,
    /// Turn off a WebAssembly feature (e.g. `multi-memory`, to run wasm 2.0 scripts that
    /// expect a second memory to be invalid).
    #[arg(long, value_name = "FEATURE", value_parser = feature_names())]
    disable: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Opt {
    None,
    Speed,
}

#[derive(Args)]
struct LinkArgs {
    /// C library the executable links against (statically): musl starts fastest; `auto` takes
    /// musl when `musl-gcc` is on PATH and CC is not set, else glibc.
    #[arg(long, value_enum, default_value = "auto")]
    libc: Libc,
}

#[derive(Clone, Copy, ValueEnum)]
enum Libc {
    Auto,
    Musl,
    Glibc,
}

impl LinkArgs {
    fn choice(&self) -> LibcChoice {
        match self.libc {
            Libc::Auto => LibcChoice::Auto,
            Libc::Musl => LibcChoice::Musl,
            Libc::Glibc => LibcChoice::Glibc,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Emit {
    Obj,
    Clif,
    Asm,
}

#[derive(Args, Clone)]
struct GrantArgs {
    /// Preopen a host directory, optionally under another guest path: HOST[::GUEST].
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Grant an environment variable: KEY=VALUE (or KEY to copy it from the host).
    #[arg(long = "env", value_name = "KEY[=VALUE]")]
    env: Vec<String>,
    /// Grant the whole host environment.
    #[arg(long)]
    inherit_env: bool,
    /// Maximum number of wasi-threads threads alive at once (0 = runtime default).
    #[arg(long, default_value_t = 0)]
    max_threads: u64,
    /// Native stack size of spawned threads in bytes (0 = the --stack-size value).
    #[arg(long, default_value_t = 0)]
    thread_stack_size: u64,
    /// Stack size in bytes of every thread that runs wasm, the main one included, whatever
    /// `ulimit -s` says (0 = 8 MiB); recursion past it is the `call stack exhausted` trap.
    #[arg(long, default_value_t = 0)]
    stack_size: u64,
}

impl GrantArgs {
    fn config(&self, invoke: Option<String>) -> Result<Config, String> {
        let dirs = self
            .dirs
            .iter()
            .map(|d| match d.split_once("::") {
                Some((host, guest)) => (host.to_string(), guest.to_string()),
                None => (d.clone(), d.clone()),
            })
            .collect();
        let env = self
            .env
            .iter()
            .map(|e| match e.split_once('=') {
                Some(_) => Ok(e.clone()),
                None => std::env::var(e)
                    .map(|v| format!("{e}={v}"))
                    .map_err(|_| format!("--env {e}: not set in the host environment")),
            })
            .collect::<Result<_, _>>()?;
        Ok(Config {
            dirs,
            env,
            inherit_env: self.inherit_env,
            invoke,
            max_threads: self.max_threads,
            thread_stack_size: self.thread_stack_size,
            stack_size: self.stack_size,
        })
    }
}

fn options(
    codegen: &CodegenArgs,
    inspect: wasm2native::codegen::Inspect,
) -> Result<CompileOptions, String> {
    fn names(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let features = wasm2native::features::select(
        wasm2native::features::default_features(),
        &names(&codegen.enable),
        &names(&codegen.disable),
    )
    .map_err(|e| e.to_string())?;
    Ok(CompileOptions {
        opt_level: match codegen.opt_level {
            Opt::None => OptLevel::None,
            Opt::Speed => OptLevel::Speed,
        },
        inspect,
        fixed_memory_address: !codegen.no_fixed_memory,
        features,
        ..Default::default()
    })
}

fn read_input(input: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(input).map_err(|e| format!("cannot read `{}`: {e}", input.display()))
}

/// `OUT.ext` next to the output; `OUT.o.ext` style if OUT already has an extension, so an
/// intermediate file never overwrites the executable.
fn sibling(output: &Path, ext: &str) -> PathBuf {
    if output.extension().is_some() {
        let mut name = output.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        PathBuf::from(name)
    } else {
        output.with_extension(ext)
    }
}

fn build(
    input: &Path,
    output: Option<PathBuf>,
    codegen: &CodegenArgs,
    emit: &[Emit],
    config: &Config,
    libc: LibcChoice,
) -> Result<(), String> {
    let bytes = read_input(input)?;
    let output = output.unwrap_or_else(|| input.with_extension(""));
    if output == input {
        return Err("the output would overwrite the input: pass -o".into());
    }
    let inspect = wasm2native::codegen::Inspect {
        clif: emit.contains(&Emit::Clif),
        asm: emit.contains(&Emit::Asm),
    };
    let emitted =
        wasm2native::compile(&bytes, &options(codegen, inspect)?).map_err(|e| e.to_string())?;
    if emit.contains(&Emit::Obj) {
        let path = sibling(&output, "o");
        std::fs::write(&path, &emitted.object)
            .map_err(|e| format!("writing `{}`: {e}", path.display()))?;
    }
    for (text, ext) in [(&emitted.clif, "clif"), (&emitted.asm, "s")] {
        if let Some(text) = text {
            let path = sibling(&output, ext);
            std::fs::write(&path, text)
                .map_err(|e| format!("writing `{}`: {e}", path.display()))?;
        }
    }
    let config_obj = config_object(config).map_err(|e| e.to_string())?;
    link_executable(&emitted.object, &config_obj, &output, libc).map_err(|e| e.to_string())
}

fn run(
    input: &Path,
    codegen: &CodegenArgs,
    config: &Config,
    libc: LibcChoice,
    args: &[String],
) -> Result<(), String> {
    let bytes = read_input(input)?;
    let opts = options(codegen, Default::default())?;
    let exe = cache::executable(&bytes, &opts, config, libc)?;
    let argv0 = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    use std::os::unix::process::CommandExt;
    let err = std::process::Command::new(&exe)
        .arg0(argv0)
        .args(args)
        .exec();
    Err(format!("cannot run `{}`: {err}", exe.display()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Wast { files, codegen } = &cli.command {
        let opts = match options(codegen, Default::default()) {
            Ok(opts) => opts,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let s = wasm2native::wast::run_files(files, &opts);
        println!("{} passed, {} failed", s.passed, s.failed);
        return if s.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let result = match &cli.command {
        Command::Build {
            input,
            output,
            codegen,
            emit,
            grants,
            link,
            invoke,
        } => grants
            .config(invoke.clone())
            .and_then(|config| build(input, output.clone(), codegen, emit, &config, link.choice())),
        Command::Run {
            input,
            codegen,
            grants,
            link,
            invoke,
            args,
        } => grants
            .config(invoke.clone())
            .and_then(|config| run(input, codegen, &config, link.choice(), args)),
        Command::Wast { .. } => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
