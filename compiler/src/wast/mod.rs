//! `wasm2native wast`: runs spec test scripts through the real ahead-of-time pipeline.
//!
//! Every module of a script is compiled by the same code generator executables use, linked
//! into a shared library and loaded into this process ([`loader`]), then instantiated and
//! called through the runtime library — the same code executables link — with traps caught
//! by `wasm2native_rt::catch::catch_traps` instead of ending the process.
//!
//! Each directive counts as one check; failures print `file:line:col: message`.

mod loader;
mod spectest;
mod values;

use crate::CompileOptions;
use spectest::Spectest;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use wasm2native_abi::meta::ImportKind;
use wasm2native_abi::trap::Trap;
use wasm2native_rt::catch::catch_traps;
use wasm2native_rt::runtime::Runtime;
use wasm2native_rt::{Extern, Instance, InstantiateError, Module, Resolver, Val};
use wast::core::Module as WatModule;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, Wat};

/// Passed and failed checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, o: Summary) {
        self.passed += o.passed;
        self.failed += o.failed;
    }
}

/// Native stack of the thread that runs scripts (deep recursion tests hit its guard page).
const RUNNER_STACK: usize = 16 << 20;

/// Runs every script in `paths`, printing failures; returns the totals.
pub fn run_files(paths: &[std::path::PathBuf], opts: &CompileOptions) -> Summary {
    let paths = paths.to_vec();
    let opts = opts.clone();
    let worker = std::thread::Builder::new()
        .name("wast".into())
        .stack_size(RUNNER_STACK)
        .spawn(move || {
            wasm2native_rt::signals::install();
            wasm2native_rt::signals::init_thread();
            let mut total = Summary::default();
            for path in &paths {
                total += run_file(path, &opts);
            }
            total
        })
        .expect("spawning the wast thread");
    worker.join().unwrap_or(Summary {
        passed: 0,
        failed: 1,
    })
}

fn run_file(path: &std::path::Path, opts: &CompileOptions) -> Summary {
    let name = path.display().to_string();
    // Every script runs in a runtime of its own (its modules share signatures, as linked
    // modules must) and gets fresh `spectest` objects, as in the reference interpreter.
    let runtime = Runtime::embedded();
    let spectest = match Spectest::new(runtime) {
        Ok(s) => Rc::new(s),
        Err(e) => {
            println!("{name}: creating the spectest module: {e}");
            return Summary {
                passed: 0,
                failed: 1,
            };
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            println!("{name}: cannot read: {e}");
            return Summary {
                passed: 0,
                failed: 1,
            };
        }
    };
    // The spec's names.wast deliberately uses bidirectional-override characters.
    let mut lexer = wast::lexer::Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => {
            println!("{name}: {e}");
            return Summary {
                passed: 0,
                failed: 1,
            };
        }
    };
    let wast = match parser::parse::<Wast>(&buf) {
        Ok(w) => w,
        Err(mut e) => {
            e.set_path(path);
            e.set_text(&text);
            println!("{e}");
            return Summary {
                passed: 0,
                failed: 1,
            };
        }
    };
    let mut script = Script::new(&name, &text, spectest);
    script.run(wast.directives, opts, runtime);
    script.summary
}

/// A module as far as the script is concerned.
enum ModuleSlot {
    /// Index into the loaded batch.
    Loaded(usize),
    /// The text or binary could not even be encoded.
    Unencodable(String),
}

/// Why a script's module could not be set up.
enum Setup {
    Compile(String),
    Instantiate(InstantiateError),
}

impl std::fmt::Display for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Setup::Compile(e) => write!(f, "compiling: {e}"),
            Setup::Instantiate(e) => write!(f, "instantiating: {e}"),
        }
    }
}

struct Script<'t> {
    file: &'t str,
    text: &'t str,
    spectest: Rc<Spectest>,
    loaded: Vec<loader::Loaded>,
    current: Option<&'static Instance>,
    named: HashMap<String, &'static Instance>,
    definitions: HashMap<String, usize>,
    registered: HashMap<String, &'static Instance>,
    features: wasmparser::WasmFeatures,
    summary: Summary,
}

/// Resolves imports against registered instances and `spectest`.
struct Linker<'a> {
    registered: &'a HashMap<String, &'static Instance>,
    spectest: &'a Spectest,
}

impl Resolver for Linker<'_> {
    fn resolve(&mut self, module: &str, name: &str, kind: &ImportKind) -> Option<Extern> {
        if module == "spectest" {
            self.spectest.get(name, kind)
        } else {
            self.registered.get(module)?.export(name)
        }
    }
}

/// Collects the binaries of every module a directive list mentions, in order of appearance.
fn collect_modules(directives: &mut [WastDirective], out: &mut Vec<Result<Vec<u8>, String>>) {
    for d in directives.iter_mut() {
        match d {
            WastDirective::Module(w) | WastDirective::ModuleDefinition(w) => {
                out.push(w.encode().map_err(|e| e.to_string()))
            }
            WastDirective::AssertTrap {
                exec: WastExecute::Wat(w),
                ..
            }
            | WastDirective::AssertReturn {
                exec: WastExecute::Wat(w),
                ..
            } => out.push(w.encode().map_err(|e| e.to_string())),
            WastDirective::AssertUnlinkable { module, .. } => {
                out.push(module.encode().map_err(|e| e.to_string()))
            }
            _ => {}
        }
    }
}

fn module_id(w: &QuoteWat) -> Option<String> {
    match w {
        QuoteWat::Wat(Wat::Module(WatModule { id: Some(id), .. })) => Some(id.name().to_string()),
        _ => None,
    }
}

fn wat_id(w: &Wat) -> Option<String> {
    match w {
        Wat::Module(WatModule { id: Some(id), .. }) => Some(id.name().to_string()),
        _ => None,
    }
}

impl<'t> Script<'t> {
    fn new(file: &'t str, text: &'t str, spectest: Rc<Spectest>) -> Self {
        Script {
            file,
            text,
            spectest,
            loaded: Vec::new(),
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            registered: HashMap::new(),
            features: crate::module_info::default_features(),
            summary: Summary::default(),
        }
    }

    fn fail(&mut self, span: wast::token::Span, msg: impl std::fmt::Display) {
        let (line, col) = span.linecol_in(self.text);
        println!("{}:{}:{}: {msg}", self.file, line + 1, col + 1);
        self.summary.failed += 1;
    }

    fn pass(&mut self) {
        self.summary.passed += 1;
    }

    fn run(
        &mut self,
        mut directives: Vec<WastDirective>,
        opts: &CompileOptions,
        runtime: &'static Runtime,
    ) {
        self.features = opts.features;
        let mut binaries = Vec::new();
        collect_modules(&mut directives, &mut binaries);
        self.loaded = loader::load_all(&binaries, opts, runtime);
        let mut next = 0usize;
        for d in directives {
            self.directive(d, &mut next);
        }
    }

    fn take_module(&mut self, next: &mut usize) -> ModuleSlot {
        let i = *next;
        *next += 1;
        match self.loaded.get(i) {
            Some(Ok(_)) => ModuleSlot::Loaded(i),
            Some(Err(e)) => ModuleSlot::Unencodable(e.clone()),
            None => ModuleSlot::Unencodable("module not collected".into()),
        }
    }

    fn module(&self, i: usize) -> Arc<Module> {
        self.loaded[i]
            .as_ref()
            .expect("checked by take_module")
            .clone()
    }

    fn instantiate(&mut self, i: usize) -> Result<&'static Instance, InstantiateError> {
        let module = self.module(i);
        let mut linker = Linker {
            registered: &self.registered,
            spectest: &self.spectest,
        };
        let inst = Instance::new(module, &mut linker)?;
        let inst: &'static Instance = Box::leak(inst);
        match catch_traps(|| inst.run_start()) {
            Ok(Ok(())) => Ok(inst),
            Ok(Err(e)) => Err(InstantiateError::Invalid(e.0)),
            Err(t) => Err(InstantiateError::Trap(t)),
        }
    }

    /// Makes `inst` the current instance, and a named one if `id` is given.
    fn record(&mut self, inst: &'static Instance, id: Option<String>) {
        self.current = Some(inst);
        if let Some(id) = id {
            self.named.insert(id, inst);
        }
    }

    /// Instantiates the next collected module and records it.
    fn instantiate_next(
        &mut self,
        next: &mut usize,
        id: Option<String>,
    ) -> Result<&'static Instance, Setup> {
        match self.take_module(next) {
            ModuleSlot::Loaded(i) => {
                let inst = self.instantiate(i).map_err(Setup::Instantiate)?;
                self.record(inst, id);
                Ok(inst)
            }
            ModuleSlot::Unencodable(e) => Err(Setup::Compile(e)),
        }
    }

    fn instance(&self, id: Option<wast::token::Id>) -> Option<&'static Instance> {
        match id {
            Some(id) => self.named.get(id.name()).copied(),
            None => self.current,
        }
    }

    fn invoke(&mut self, inv: &WastInvoke) -> Result<Result<Vec<Val>, Trap>, String> {
        let inst = self
            .instance(inv.module)
            .ok_or("no module instance to invoke")?;
        let args = inv
            .args
            .iter()
            .map(values::arg)
            .collect::<Result<Vec<_>, _>>()?;
        match catch_traps(|| inst.call_export(inv.name, &args)) {
            Ok(Ok(v)) => Ok(Ok(v)),
            Ok(Err(e)) => Err(e.0),
            Err(t) => Ok(Err(t)),
        }
    }

    fn execute(
        &mut self,
        exec: WastExecute,
        next: &mut usize,
    ) -> Result<Result<Vec<Val>, Trap>, String> {
        match exec {
            WastExecute::Invoke(inv) => self.invoke(&inv),
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module).ok_or("no module instance")?;
                match inst.export(global) {
                    Some(Extern::Global(p, ty)) => {
                        // SAFETY: exported global storage stays valid while the instance lives.
                        Ok(Ok(vec![Val::from_global(ty.ty, unsafe { &*p })]))
                    }
                    _ => Err(format!("no exported global `{global}`")),
                }
            }
            WastExecute::Wat(w) => match self.instantiate_next(next, wat_id(&w)) {
                Ok(_) => Ok(Ok(vec![])),
                Err(Setup::Instantiate(InstantiateError::Trap(t))) => Ok(Err(t)),
                Err(e) => Err(e.to_string()),
            },
        }
    }

    fn directive(&mut self, d: WastDirective, next: &mut usize) {
        let span = d.span();
        match d {
            WastDirective::Module(w) => match self.instantiate_next(next, module_id(&w)) {
                Ok(_) => self.pass(),
                Err(e) => self.fail(span, e),
            },
            WastDirective::ModuleDefinition(w) => {
                let id = module_id(&w);
                match self.take_module(next) {
                    ModuleSlot::Loaded(i) => {
                        if let Some(id) = id {
                            self.definitions.insert(id, i);
                        }
                        self.pass();
                    }
                    ModuleSlot::Unencodable(e) => self.fail(span, format!("compiling: {e}")),
                }
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = module.and_then(|m| self.definitions.get(m.name()).copied());
                match def.map(|i| self.instantiate(i)) {
                    Some(Ok(inst)) => {
                        self.record(inst, instance.map(|id| id.name().to_string()));
                        self.pass();
                    }
                    Some(Err(e)) => self.fail(span, format!("instantiating: {e}")),
                    None => self.fail(span, "unknown module definition"),
                }
            }
            WastDirective::Register { name, module, .. } => match self.instance(module) {
                Some(inst) => {
                    self.registered.insert(name.to_string(), inst);
                    self.pass();
                }
                None => self.fail(span, "register: no such instance"),
            },
            WastDirective::Invoke(inv) => match self.invoke(&inv) {
                Ok(Ok(_)) => self.pass(),
                Ok(Err(t)) => self.fail(span, format!("unexpected trap: {}", t.message())),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertReturn { exec, results, .. } => match self.execute(exec, next) {
                Ok(Ok(actual)) => self.check_results(span, &results, &actual),
                Ok(Err(t)) => self.fail(span, format!("unexpected trap: {}", t.message())),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec, next) {
                Ok(Err(t)) if t.message().contains(message) || message.contains(t.message()) => {
                    self.pass()
                }
                Ok(Err(t)) => self.fail(
                    span,
                    format!("expected trap `{message}`, got `{}`", t.message()),
                ),
                Ok(Ok(v)) => self.fail(
                    span,
                    format!(
                        "expected trap `{message}`, got {:?}",
                        v.iter().map(values::show).collect::<Vec<_>>()
                    ),
                ),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertException { exec, .. } => match self.execute(exec, next) {
                Ok(Err(Trap::UncaughtException)) => self.pass(),
                Ok(Err(t)) => self.fail(
                    span,
                    format!("expected an exception, got trap `{}`", t.message()),
                ),
                Ok(Ok(_)) => self.fail(span, "expected an exception, got a result"),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(Err(Trap::StackOverflow)) => self.pass(),
                Ok(Err(t)) => {
                    self.fail(span, format!("expected `{message}`, got `{}`", t.message()))
                }
                Ok(Ok(_)) => self.fail(span, format!("expected `{message}`, got a result")),
                Err(e) => self.fail(span, e),
            },
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            }
            | WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => match module.encode() {
                Err(_) => self.pass(),
                Ok(bytes) => match crate::module_info::ModuleInfo::parse(
                    &bytes,
                    crate::ImportPolicy::Linkable,
                    self.features,
                ) {
                    Err(_) => self.pass(),
                    Ok(_) => self.fail(
                        span,
                        format!("expected an invalid module (`{message}`), but it was accepted"),
                    ),
                },
            },
            WastDirective::AssertUnlinkable { message, .. } => match self.take_module(next) {
                ModuleSlot::Loaded(i) => match self.instantiate(i) {
                    Err(InstantiateError::Link(_)) => self.pass(),
                    Err(e) => {
                        self.fail(span, format!("expected link error `{message}`, got `{e}`"))
                    }
                    Ok(_) => self.fail(
                        span,
                        format!("expected link error `{message}`, but it linked"),
                    ),
                },
                ModuleSlot::Unencodable(e) => self.fail(span, format!("compiling: {e}")),
            },
            other => self.fail(
                span,
                format!("unsupported directive {}", directive_name(&other)),
            ),
        }
    }

    fn check_results(
        &mut self,
        span: wast::token::Span,
        expected: &[wast::WastRet],
        actual: &[Val],
    ) {
        if expected.len() != actual.len() {
            return self.fail(
                span,
                format!("expected {} results, got {}", expected.len(), actual.len()),
            );
        }
        for (e, a) in expected.iter().zip(actual) {
            match values::matches(e, a) {
                Ok(true) => {}
                Ok(false) => {
                    return self.fail(
                        span,
                        format!("result mismatch: expected {e:?}, got {}", values::show(a)),
                    )
                }
                Err(msg) => return self.fail(span, msg),
            }
        }
        self.pass()
    }
}

fn directive_name(d: &WastDirective) -> &'static str {
    match d {
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
            "custom-section assertion"
        }
        _ => "directive",
    }
}
