//! The `wasm2native` command line: `build` an executable, or `run` a module (compiled once and
//! cached on disk by content hash), with wasmtime's flag conventions for grants.

mod cache;
mod cache_evict;
mod progress_bar;

/// Code generation allocates and frees many short-lived buffers on every worker thread;
/// mimalloc makes a large build 4-7% faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use progress_bar::BuildBar;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wasm2native::link::{link_executable, LibcChoice};
use wasm2native::{config_object::config_object, CompileOptions, OptLevel, TargetCpu};
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
        /// Output executable (default: the input's name without its extension, in the current
        /// directory, as compilers and `wasmtime compile` do).
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
    /// Compile (cached) and run a module: `run [OPTIONS] MODULE [ARGS]...`.
    ///
    /// As with `wasmtime run`, options go before the module; everything after it, `--` and
    /// words that look like options included, is passed to the program.
    Run {
        #[command(flatten)]
        codegen: CodegenArgs,
        #[command(flatten)]
        grants: GrantArgs,
        #[command(flatten)]
        link: LinkArgs,
        /// Call this export with arguments parsed from ARGS and print its results.
        #[arg(long, value_name = "NAME")]
        invoke: Option<String>,
        /// The module to run, then the arguments passed to the program (or to the export of
        /// --invoke).
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "MODULE [ARGS]"
        )]
        module_and_args: Vec<String>,
    },
    /// Inspect or empty `run`'s cache of compiled modules.
    ///
    /// It lives in $WASM2NATIVE_CACHE_DIR, else $XDG_CACHE_HOME/wasm2native, else
    /// ~/.cache/wasm2native, and is kept under $WASM2NATIVE_CACHE_LIMIT (default 2G; bytes
    /// or K/M/G), least recently used entries removed first.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
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

#[derive(Subcommand)]
enum CacheAction {
    /// Print the cache directory.
    Dir,
    /// Print the bytes the cache holds and its limit.
    Size,
    /// Remove every cached module and runtime archive.
    Clean,
}

/// `wasm2native cache ACTION`.
fn cache_command(action: &CacheAction) -> Result<(), String> {
    let dir = wasm2native::user_cache::cache_dir();
    match action {
        CacheAction::Dir => println!("{}", dir.display()),
        CacheAction::Size => println!(
            "{} bytes (limit {} bytes) in {}",
            cache_evict::size(&dir),
            cache_evict::limit()?,
            dir.display()
        ),
        CacheAction::Clean => {
            let freed = cache_evict::clean(&dir);
            println!("removed {freed} bytes from {}", dir.display());
        }
    }
    Ok(())
}

/// The feature names `--enable`/`--disable` take (wasmtime's `-W` names).
fn feature_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(wasm2native::features::FEATURES.iter().map(|f| f.name))
}

#[derive(Args)]
struct CodegenArgs {
    /// Optimisation: `speed` (Cranelift's optimiser, inlining of small functions), or `none`,
    /// the fast-compile mode for debug builds (no optimisation, single-pass register
    /// allocation: cc1 builds 2.2x faster, into code 1.75x larger).
    #[arg(short = 'O', long = "opt-level", value_enum, default_value = "speed")]
    opt_level: Opt,
    /// Let the kernel place linear memory (at a randomised address) instead of at the fixed
    /// address 0x6000_0000 that compiled code uses as a constant; a little slower.
    #[arg(long)]
    no_fixed_memory: bool,
    /// Turn on a WebAssembly feature. On by default: every feature wasm2native implements
    /// except custom-page-sizes (off by default, as in wasmtime 49); gc and stack-switching
    /// are not implemented yet.
    #[arg(long, value_name = "FEATURE", value_parser = feature_names())]
    enable: Vec<String>,
    /// Turn off a WebAssembly feature (e.g. `multi-memory`, to run wasm 2.0 scripts that
    /// expect a second memory to be invalid).
    #[arg(long, value_name = "FEATURE", value_parser = feature_names())]
    disable: Vec<String>,
    /// The CPU the code is compiled for: `native` (every feature of this machine's CPU) or
    /// an x86-64 level (the names gcc and clang use). An executable checks at start-up that
    /// its CPU has the features its code uses, and stops with a message naming those it
    /// lacks. Default for `build`: x86-64-v2 (SSE4.2, POPCNT), which every x86-64 server
    /// since 2009 and the usual VM CPU models have; `bench/run` measured its code 2-4%
    /// slower than `native` overall, up to 1.25x on float SIMD kernels, where x86-64-v3
    /// (AVX2, FMA) or `native` pay off if the target machines have them. For `run`: native.
    #[arg(long, value_name = "CPU", value_parser = cpu_names())]
    target_cpu: Option<String>,
    /// Draw no progress bar (one appears on a terminal when a build takes over a second).
    #[arg(short, long)]
    quiet: bool,
}

/// The names `--target-cpu` takes.
fn cpu_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(TargetCpu::ALL.map(TargetCpu::name))
}

/// `build`'s default `--target-cpu`: the level that runs on nearly every x86-64 machine in
/// use, at a small measured cost against `native` (README, "Deploying an executable").
const BUILD_DEFAULT_CPU: TargetCpu = TargetCpu::X86_64V2;

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
    /// Preopen a host directory, optionally under another guest path: HOST[::GUEST]. A
    /// relative HOST is resolved against the working directory the program starts in (for
    /// `build`: wherever the executable runs).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Grant an environment variable: KEY=VALUE, or KEY alone for its value in the environment
    /// the program runs in, read when it starts (so `build --env KEY` bakes the name, not the
    /// value; left out when unset), as wasmtime does.
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
        if let Some(bad) = self.env.iter().find(|e| e.is_empty() || e.starts_with('=')) {
            return Err(format!("--env `{bad}`: expected KEY or KEY=VALUE"));
        }
        Ok(Config {
            dirs,
            env: self.env.clone(),
            inherit_env: self.inherit_env,
            invoke,
            max_threads: self.max_threads,
            thread_stack_size: self.thread_stack_size,
            stack_size: self.stack_size,
        })
    }
}

/// The compile options the flags in `codegen` ask for; `default_cpu` unless `--target-cpu`.
fn options(
    codegen: &CodegenArgs,
    inspect: wasm2native::codegen::Inspect,
    default_cpu: TargetCpu,
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
        target_cpu: codegen
            .target_cpu
            .as_deref()
            .and_then(TargetCpu::from_name)
            .unwrap_or(default_cpu),
        ..Default::default()
    })
}

/// The module in `input`: binary wasm as it is, the text format assembled (its errors name
/// the file and line).
fn read_input(input: &Path) -> Result<Vec<u8>, String> {
    let bytes =
        std::fs::read(input).map_err(|e| format!("cannot read `{}`: {e}", input.display()))?;
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    let wasm = wat::Parser::new()
        .parse_bytes(Some(input), &bytes)
        .map_err(|e| format!("invalid module: {e}"))?;
    Ok(wasm.into_owned())
}

/// Whether `a` and `b` name the same existing file (or the same path).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
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
    let output = match output {
        Some(o) => o,
        None => PathBuf::from(
            input
                .file_stem()
                .ok_or("the input names no file: pass -o")?,
        ),
    };
    if same_file(&output, input) {
        return Err("the output would overwrite the input: pass -o".into());
    }
    let inspect = wasm2native::codegen::Inspect {
        clif: emit.contains(&Emit::Clif),
        asm: emit.contains(&Emit::Asm),
    };
    let bar = BuildBar::start(codegen.quiet);
    let mut opts = options(codegen, inspect, BUILD_DEFAULT_CPU)?;
    opts.progress = bar.reporter();
    let emitted = wasm2native::compile(&bytes, &opts).map_err(|e| e.to_string())?;
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
    bar.phase("link");
    let linked = link_executable(&emitted.object, &config_obj, &output, libc);
    bar.finish();
    linked.map_err(|e| e.to_string())
}

fn run(
    input: &Path,
    codegen: &CodegenArgs,
    config: &Config,
    libc: LibcChoice,
    args: &[String],
) -> Result<(), String> {
    let bytes = read_input(input)?;
    let opts = options(codegen, Default::default(), TargetCpu::Native)?;
    let bar = BuildBar::start(codegen.quiet);
    let exe = cache::executable(&bytes, &opts, config, libc, &bar);
    bar.finish();
    let exe = exe?;
    let argv0 = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    use std::os::unix::process::CommandExt;
    huge_pages(true);
    let err = std::process::Command::new(&exe)
        .arg0(argv0)
        .args(args)
        .exec();
    Err(format!("cannot run `{}`: {err}", exe.display()))
}

/// `run`'s module and the program's arguments as `wasmtime run` takes them: every word after
/// the module is the program's. clap drops a `--` that directly follows the module; it is put
/// back (`run -- MOD a` passes `a`, `run MOD -- a` passes `--` and `a`). A first word that
/// looks like an option is an unknown one (a known one would have been parsed as such).
fn module_and_args(words: &[String]) -> (PathBuf, Vec<String>) {
    let (module, parsed) = words.split_first().expect("clap requires the module");
    if module.starts_with('-') && module.len() > 1 {
        // Parse again with the module taking no option-like word, for clap's own error (and
        // its suggestion of the nearest flag).
        let strict = <Cli as clap::CommandFactory>::command().mut_subcommand("run", |run| {
            run.mut_arg("module_and_args", |a| a.allow_hyphen_values(false))
        });
        if let Err(e) = strict.try_get_matches_from(std::env::args_os()) {
            usage_error(e)
        }
    }
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let tail = raw.len().saturating_sub(parsed.len());
    let swallowed = tail >= 2 && raw[tail - 1] == "--" && raw[tail - 2] == module.as_str();
    let mut args = Vec::with_capacity(parsed.len() + 1);
    if swallowed {
        args.push("--".to_string());
    }
    args.extend_from_slice(parsed);
    (PathBuf::from(module), args)
}

/// The parsed command line. clap's usage errors are printed as they are, except its tip to
/// pass an unknown option after `--` (as a value of the positional argument), which
/// misleads: no option of wasm2native is meant to be a file name.
fn parse_cli() -> Cli {
    Cli::try_parse().unwrap_or_else(|e| usage_error(e))
}

/// Prints clap's error `e` (without the tip above) and exits with its status.
fn usage_error(e: clap::Error) -> ! {
    if e.kind() != clap::error::ErrorKind::UnknownArgument {
        e.exit()
    }
    let text = e.render().to_string();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("tip: to pass '"))
        .collect();
    eprintln!("{}", kept.join("\n").replace("\n\n\n", "\n\n"));
    std::process::exit(e.exit_code())
}

/// Turns transparent huge pages off for this process (`on == false`), or back on. The
/// allocator asks for huge pages, and the kernel then zeroes 2 MiB for every first touch,
/// also of capacity a growing buffer never uses: on cc1 (24 MB of wasm) that was a quarter of
/// the build's time (`build -O speed` 23.9 → 20.6 s, `-O none` 11.6 → 8.5 s; system time
/// 5.8 → 1.7 s). The setting is inherited across `exec`, so `run` turns it back on for the
/// program.
fn huge_pages(on: bool) {
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and affects only this process.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!on), 0, 0, 0) };
}

fn main() -> ExitCode {
    huge_pages(false);
    let cli = parse_cli();
    if let Command::Wast { files, codegen } = &cli.command {
        let opts = match options(codegen, Default::default(), TargetCpu::Native) {
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
            codegen,
            grants,
            link,
            invoke,
            module_and_args: words,
        } => grants.config(invoke.clone()).and_then(|config| {
            let (input, args) = module_and_args(words);
            run(&input, codegen, &config, link.choice(), &args)
        }),
        Command::Cache { action } => cache_command(action),
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
