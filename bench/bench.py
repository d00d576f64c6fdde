#!/usr/bin/env python3
"""wasm2native benchmark driver (called by bench/run).

Builds every benchmark natively (gcc -O2) and for wasm32-wasi (clang-19 -O2), compiles the
wasm with wasm2native and `wasmtime compile`, then times native, wasm2native, wasmtime
precompiled and wasmtime JIT runs, alternating engines within each round, and reports medians.
Every engine's stdout must be identical to the native one; differences are flagged.

Build products live in target/bench/ (rebuilt when a source is newer). Only the standard
library is needed, plus matplotlib (from bench/.venv) for the chart.
"""

import argparse
import big_modules
import glob
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(ROOT, "target", "bench")
W2N = os.path.join(ROOT, "target", "release", "wasm2native")
WASMTIME = os.path.join(BENCH, ".venv", "bin", "wasmtime49")
CLANG = ["clang-19", "--target=wasm32-wasi", "--sysroot=/usr", "-O2"]
GCC = ["gcc", "-O2"]

KERNELS = ["matmul", "nbody", "fannkuch", "spectral", "mandelbrot", "sieve", "hash", "sort",
           "binarytrees", "interp"]
# Crates whose bundled C sources the real programs are built from.
CRATES = {"libsqlite3-sys": "0.30.1", "lua-src": "547.1.0", "zstd-sys": "2.1.3+zstd.1.5.7"}


# C++ with WebAssembly exception handling: clang-19 emits the legacy encoding with a minimal
# C++ exception runtime of the tests' (Debian's libc++abi for wasm has none), then binaryen's
# wasm-opt (tests/setup.sh installs it) translates it to the standard encoding wasmtime 49 runs.
CLANGXX_EH = ["clang++-19", "--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-fwasm-exceptions",
              os.path.join(ROOT, "tests", "cxx", "cxxrt.cpp")]
WASM_OPT = os.path.join(ROOT, ".venv", "bin", "wasm-opt")
TO_EXNREF = ["--enable-exception-handling", "--enable-reference-types", "--translate-to-exnref"]


def clang_freestanding(bits):
    """Freestanding C (no C library: bench/freestanding/io.h writes through WASI) for a 32- or
    64-bit wasm memory."""
    return ["clang-19", f"--target=wasm{bits}-unknown-unknown", "-nostdlib", "-O2",
            "-mbulk-memory"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        log("command failed:", " ".join(cmd))
        log(r.stdout[-2000:], r.stderr[-4000:])
        sys.exit(1)
    return r


def crate_dir(name):
    """The unpacked crate in ~/.cargo/registry, fetched with a throwaway project if absent."""
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    pattern = os.path.join(home, "registry", "src", "*", f"{name}-{CRATES[name]}")
    found = glob.glob(pattern)
    if not found:
        log(f"fetching crate {name} {CRATES[name]} (cargo fetch in a throwaway project)")
        tmp = os.path.join(OUT, "fetch")
        os.makedirs(os.path.join(tmp, "src"), exist_ok=True)
        with open(os.path.join(tmp, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "benchfetch"\nversion = "0.0.0"\nedition = "2021"\n'
                    "[workspace]\n[dependencies]\n")
            for c, v in CRATES.items():
                f.write(f'{c} = "={v}"\n')
        with open(os.path.join(tmp, "src", "main.rs"), "w") as f:
            f.write("fn main() {}\n")
        run(["cargo", "fetch", "--manifest-path", os.path.join(tmp, "Cargo.toml")])
        found = glob.glob(pattern)
    if not found:
        sys.exit(f"crate {name} {CRATES[name]} not found in the cargo registry")
    return found[0]


class Bench:
    """One benchmark: how to build it natively and to wasm, and its stdin."""

    def __init__(self, name, sources, native_flags=(), wasm_flags=(), stdin=None, libs=(),
                 clang=CLANG, deps=(), to_exnref=False, native_libs=None):
        self.name = name
        self.sources = list(sources)
        self.clang = list(clang)
        self.deps = list(deps)
        self.native_flags = list(native_flags)
        self.wasm_flags = list(wasm_flags)
        self.stdin = stdin
        self.wasm_libs = list(libs)
        self.native_libs = list(libs if native_libs is None else native_libs)
        # Whether clang's output (the legacy exception encoding) is translated to the standard
        # one, which wasmtime 49 runs.
        self.to_exnref = to_exnref

    def paths(self):
        p = os.path.join(OUT, self.name)
        return {"native": p + ".native", "wasm": p + ".wasm", "w2n": p + ".w2n",
                "cwasm": p + ".cwasm",
                "clang": p + (".legacy.wasm" if self.to_exnref else ".wasm")}


def suite():
    benches = [Bench(k, [os.path.join(BENCH, "c", k + ".c")], libs=["-lm"]) for k in KERNELS]
    # The same kernel in a 32-bit and a 64-bit memory: the cost of memory64's bounds checks.
    fs = os.path.join(BENCH, "freestanding")
    for bits in (32, 64):
        benches.append(Bench(f"sieve-mem{bits}", [os.path.join(fs, "sieve.c")],
                             clang=clang_freestanding(bits), deps=[os.path.join(fs, "io.h")]))
    # The cost of exceptions: calls without try, the same calls each in a try block that never
    # throws (with a destructor to run), and a throw and catch per iteration.
    eh = os.path.join(BENCH, "cxx", "exceptions.cpp")
    for mode, name in enumerate(["eh-plain", "eh-try", "eh-throw"]):
        benches.append(Bench(name, [eh], native_flags=[f"-DMODE={mode}"],
                             wasm_flags=[f"-DMODE={mode}"], native_libs=["-lstdc++"],
                             clang=CLANGXX_EH, deps=[CLANGXX_EH[-1]], to_exnref=True))
    prog = os.path.join(BENCH, "programs")
    shim = os.path.join(prog, "wasi-shim")

    sq = os.path.join(crate_dir("libsqlite3-sys"), "sqlite3")
    sq_flags = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_TEMP_STORE=3",
                "-DSQLITE_DQS=0", "-DSQLITE_DEFAULT_MEMSTATUS=0", "-DSQLITE_OMIT_SHARED_CACHE",
                "-DSQLITE_OMIT_DEPRECATED", "-I" + sq]
    benches.append(Bench(
        "sqlite", [os.path.join(prog, "sqlite_bench.c"), os.path.join(sq, "sqlite3.c")],
        native_flags=sq_flags, libs=["-lm"],
        wasm_flags=sq_flags + ["-DLONGDOUBLE_TYPE=double", "-D_WASI_EMULATED_MMAN",
                               "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_SIGNAL",
                               "-D_WASI_EMULATED_PROCESS_CLOCKS", "-lwasi-emulated-mman",
                               "-lwasi-emulated-getpid", "-lwasi-emulated-signal",
                               "-lwasi-emulated-process-clocks"]))

    lua = os.path.join(crate_dir("lua-src"), "lua-5.4.7")
    lua_srcs = [s for s in sorted(glob.glob(os.path.join(lua, "*.c")))
                if os.path.basename(s) not in ("lua.c", "luac.c")]
    benches.append(Bench(
        "lua", [os.path.join(prog, "lua_bench.c")] + lua_srcs,
        native_flags=["-DLUA_USE_POSIX", "-I" + lua], libs=["-lm"],
        wasm_flags=["-I" + shim, "-I" + lua, "-DL_tmpnam=20", "-D_WASI_EMULATED_SIGNAL",
                    "-D_WASI_EMULATED_PROCESS_CLOCKS", os.path.join(shim, "stubs.c"),
                    "-lwasi-emulated-signal", "-lwasi-emulated-process-clocks"],
        stdin=os.path.join(prog, "bench.lua")))

    z = os.path.join(crate_dir("zstd-sys"), "zstd", "lib")
    z_srcs = [s for d in ("common", "compress", "decompress")
              for s in sorted(glob.glob(os.path.join(z, d, "*.c")))]
    benches.append(Bench("zstd", [os.path.join(prog, "zstd_bench.c")] + z_srcs,
                         native_flags=["-DZSTD_DISABLE_ASM", "-I" + z],
                         wasm_flags=["-DZSTD_DISABLE_ASM", "-I" + z]))
    return benches


def newer(target, deps):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(d) > t for d in deps)


def median_times(cmds, n):
    """Median (wall, CPU) seconds of `n` runs of each of `cmds`, run in alternation so that a
    slow spell of the machine affects all of them alike."""
    walls, cpus = [[] for _ in cmds], [[] for _ in cmds]
    for _ in range(n):
        for i, cmd in enumerate(cmds):
            wall, cpu, rc, _ = time_once(cmd, None)
            if rc != 0:
                sys.exit("command failed: " + " ".join(cmd))
            walls[i].append(wall)
            cpus[i].append(cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def build(benches, jobs):
    """Native and wasm builds (in parallel), then wasm2native and wasmtime compiles."""
    os.makedirs(OUT, exist_ok=True)
    procs = []
    for b in benches:
        p = b.paths()
        deps = b.sources + b.deps + glob.glob(os.path.join(BENCH, "programs", "wasi-shim", "*"))
        if newer(p["native"], deps):
            procs.append((b.name + " (gcc)", GCC + b.native_flags + b.sources + ["-o", p["native"]] + b.native_libs))
        if newer(p["clang"], deps):
            procs.append((b.name + " (clang)", b.clang + b.sources + b.wasm_flags + ["-o", p["clang"]] + b.wasm_libs))
    running = []
    while procs or running:
        while procs and len(running) < jobs:
            name, cmd = procs.pop(0)
            log("building", name)
            running.append((name, cmd, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        for item in list(running):
            name, cmd, pr = item
            if pr.poll() is not None:
                out, err = pr.communicate()
                if pr.returncode != 0:
                    log(f"build of {name} failed:\n{err[-4000:]}")
                    sys.exit(1)
                running.remove(item)
        time.sleep(0.05)
    for b in benches:
        p = b.paths()
        if b.to_exnref and newer(p["wasm"], [p["clang"]]):
            run([WASM_OPT] + TO_EXNREF + [p["clang"], "-o", p["wasm"]])
    # The compiler may have changed since the last run: always recompile the wasm. For this
    # machine's CPU, as wasmtime compiles (the `--target-cpu` table measures the default).
    for b in benches:
        p = b.paths()
        run([W2N, "build", "--libc", "musl", "--target-cpu", "native", p["wasm"], "-o", p["w2n"]])
        run([WASMTIME, "compile", p["wasm"], "-o", p["cwasm"]])


def commands(b):
    p = b.paths()
    return {
        "native": [p["native"]],
        "wasm2native": [p["w2n"]],
        "wasmtime": [WASMTIME, "run", "--allow-precompiled", p["cwasm"]],
        "wasmtime-jit": [WASMTIME, "run", p["wasm"]],
    }


ENGINES = ["native", "wasm2native", "wasmtime", "wasmtime-jit"]


def time_once(cmd, stdin):
    """Runs `cmd` once; returns (wall seconds, CPU seconds (user+sys of the process and its
    threads), exit status, stdout)."""
    with open(stdin or os.devnull, "rb") as f:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    return dt, ru.ru_utime + ru.ru_stime, p.returncode, out


def bench_runs(benches, n, metric):
    results = {}
    for b in benches:
        cmds = commands(b)
        times = {e: [] for e in ENGINES}
        cpu = {e: [] for e in ENGINES}
        outputs = {}
        for i in range(n):
            # Alternate the engines, and rotate the order each round.
            order = ENGINES[i % len(ENGINES):] + ENGINES[:i % len(ENGINES)]
            for e in order:
                dt, ct, rc, out = time_once(cmds[e], b.stdin)
                times[e].append(dt)
                cpu[e].append(ct)
                outputs.setdefault(e, set()).add((rc, hashlib.sha256(out).hexdigest()))
        ref = outputs["native"]
        same = {e: outputs[e] == ref and len(ref) == 1 for e in ENGINES}
        wall = {e: statistics.median(times[e]) for e in ENGINES}
        cpum = {e: statistics.median(cpu[e]) for e in ENGINES}
        med = cpum if metric == "cpu" else wall
        results[b.name] = {"median": med, "wall": wall, "cpu": cpum, "same": same}
        flag = "" if all(same.values()) else "  OUTPUT DIFFERS: " + ",".join(e for e in ENGINES if not same[e])
        log(f"{b.name:12s} " + "  ".join(f"{e} {wall[e]:.3f}s/{cpum[e]:.3f}s" for e in ENGINES) + flag)
    return results


def geomean(xs):
    xs = list(xs)
    return statistics.geometric_mean(xs) if xs else float("nan")


def startup(n):
    """Hello world: wasm2native executable vs `wasmtime run` (JIT and precompiled)."""
    src = os.path.join(BENCH, "c", "hello.c")
    wasm, exe, exe_glibc, cwasm, nat, nat_static = (
        os.path.join(OUT, "hello" + s)
        for s in (".wasm", ".w2n", ".w2n-glibc", ".cwasm", ".native", ".native-static"))
    if newer(wasm, [src]):
        run(CLANG + [src, "-o", wasm])
    if newer(nat, [src]):
        run(GCC + [src, "-o", nat])
    # The floor for any glibc program on this machine: statically linked, no dynamic loader.
    if newer(nat_static, [src]):
        run(GCC + ["-static", src, "-o", nat_static])
    run([W2N, "build", "--libc", "musl", wasm, "-o", exe])
    run([W2N, "build", "--libc", "glibc", wasm, "-o", exe_glibc])
    run([WASMTIME, "compile", wasm, "-o", cwasm])
    launch = os.path.join(OUT, "launch")
    if newer(launch, [os.path.join(BENCH, "launch.c")]):
        run(GCC + [os.path.join(BENCH, "launch.c"), "-o", launch])
    cmds = {"native": [nat], "native static": [nat_static], "wasm2native": [exe],
            "wasm2native glibc": [exe_glibc], "wasmtime run": [WASMTIME, "run", wasm],
            "wasmtime run (precompiled)": [WASMTIME, "run", "--allow-precompiled", cwasm]}
    outs = {k: run(c).stdout for k, c in cmds.items()}
    same = all(outs[k] == outs["native"] for k in cmds)
    # Spawn-to-exit times from a small C launcher (Python's own spawn overhead would dominate).
    med = {}
    for k, c in cmds.items():
        reps = n if k.startswith("wasmtime") else n * 10
        med[k] = float(run([launch, str(reps)] + c).stdout) / 1e6
    return med, same


def compile_times(benches, n):
    """Compile time of the largest modules: `wasm2native build` (to an executable, and to an
    object only) vs `wasmtime compile`."""
    res = []
    for b in sorted(benches, key=lambda b: -os.path.getsize(b.paths()["wasm"]))[:3]:
        p = b.paths()
        size = os.path.getsize(p["wasm"])
        obj = os.path.join(OUT, b.name + ".o")
        t_exe, t_obj, t_wt = median_times([
            [W2N, "build", p["wasm"], "-o", p["w2n"]],
            [W2N, "build", p["wasm"], "-o", obj, "--emit", "obj"],
            [WASMTIME, "compile", p["wasm"], "-o", p["cwasm"]],
        ], n)
        res.append({"name": b.name, "size": size, "w2n": t_exe, "w2n_obj": t_obj, "wasmtime": t_wt})
        log(f"compile {b.name}: {size/1e6:.2f} MB  wasm2native {t_exe}s (obj {t_obj}s)  wasmtime {t_wt}s")
    return res


CPU_LEVELS = ["x86-64", "x86-64-v2", "x86-64-v3", "native"]


def cpu_levels(benches, n):
    """Run time of each benchmark's wasm2native executable built for each --target-cpu level,
    alternated within each round; returns {bench: {level: median CPU seconds}} and the names of
    benchmarks whose output at some level differs from native gcc's."""
    res, differs = {}, []
    for b in benches:
        p = b.paths()
        exes = {}
        for level in CPU_LEVELS:
            exes[level] = f"{p['w2n']}.{level}"
            run([W2N, "build", "--libc", "musl", "--target-cpu", level, p["wasm"], "-o", exes[level]])
        ref = time_once([p["native"]], b.stdin)[2:]
        cpu = {level: [] for level in CPU_LEVELS}
        for i in range(n):
            order = CPU_LEVELS[i % len(CPU_LEVELS):] + CPU_LEVELS[:i % len(CPU_LEVELS)]
            for level in order:
                _, ct, rc, out = time_once([exes[level]], b.stdin)
                cpu[level].append(ct)
                if (rc, out) != ref:
                    differs.append(f"{b.name} ({level})")
        res[b.name] = {level: statistics.median(cpu[level]) for level in CPU_LEVELS}
        log(f"cpu levels {b.name:12s} " + "  ".join(f"{l} {res[b.name][l]:.3f}s" for l in CPU_LEVELS))
    return res, differs


def report_cpu_levels(levels, n):
    """The --target-cpu table: each level's run time divided by native's."""
    lines = [f"Code for each `--target-cpu` level (median CPU time of {n} alternated runs; "
             "ratios are the level's time divided by `native`'s, on this machine's CPU):", "",
             "| benchmark | " + " | ".join(CPU_LEVELS) + " | " +
             " | ".join(f"{l} / native" for l in CPU_LEVELS[:-1]) + " |",
             "|---|" + "---:|" * (2 * len(CPU_LEVELS) - 1)]
    ratios = {l: [] for l in CPU_LEVELS[:-1]}
    for name, t in levels.items():
        for l in ratios:
            ratios[l].append(t[l] / t["native"])
        lines.append(f"| {name} | " + " | ".join(f"{t[l]:.3f}" for l in CPU_LEVELS) + " | " +
                     " | ".join(fmt_ratio(t[l] / t["native"]) for l in CPU_LEVELS[:-1]) + " |")
    lines.append("| **geometric mean** | " + " | " * len(CPU_LEVELS) +
                 " | ".join(f"**{fmt_ratio(geomean(ratios[l]))}**" for l in ratios) + " |")
    return "\n".join(lines) + "\n"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def fmt_ratio(x):
    return f"{x:.2f}×"


def report(benches, results, start, start_same, comp, n, metric):
    lines = []
    what = ("CPU time (user + system, all threads)" if metric == "cpu" else "wall-clock time")
    lines.append(f"Median {what} of {n} alternated runs per engine (seconds); "
                 "ratios are wasm2native's time divided by the other engine's (lower is better).")
    lines.append("")
    lines.append("| benchmark | native gcc -O2 | wasm2native | wasmtime 49 precompiled | wasmtime 49 JIT "
                 "| w2n / native | w2n / wasmtime | output |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---|")
    r_nat, r_wt, r_jit, wt_nat = [], [], [], []
    for b in benches:
        m = results[b.name]["median"]
        same = results[b.name]["same"]
        rn, rw = m["wasm2native"] / m["native"], m["wasm2native"] / m["wasmtime"]
        r_nat.append(rn)
        r_wt.append(rw)
        r_jit.append(m["wasm2native"] / m["wasmtime-jit"])
        wt_nat.append(m["wasmtime"] / m["native"])
        ok = "identical" if all(same.values()) else "**DIFFERS: " + ", ".join(e for e in ENGINES if not same[e]) + "**"
        lines.append(f"| {b.name} | {m['native']:.3f} | {m['wasm2native']:.3f} | {m['wasmtime']:.3f} "
                     f"| {m['wasmtime-jit']:.3f} | {fmt_ratio(rn)} | {fmt_ratio(rw)} | {ok} |")
    lines.append(f"| **geometric mean** | | | | | **{fmt_ratio(geomean(r_nat))}** | "
                 f"**{fmt_ratio(geomean(r_wt))}** | |")
    lines.append("")
    other = "wall" if metric == "cpu" else "cpu"
    g_on = geomean(results[b.name][other]["wasm2native"] / results[b.name][other]["native"] for b in benches)
    g_ow = geomean(results[b.name][other]["wasm2native"] / results[b.name][other]["wasmtime"] for b in benches)
    lines.append(f"wasmtime precompiled vs native, geometric mean: {fmt_ratio(geomean(wt_nat))}; "
                 f"wasm2native vs wasmtime JIT: {fmt_ratio(geomean(r_jit))}. Measured by "
                 f"{'wall-clock' if other == 'wall' else 'CPU'} time instead, wasm2native is "
                 f"{fmt_ratio(g_on)} native and {fmt_ratio(g_ow)} wasmtime precompiled.")
    lines.append("")
    lines.append("Start-up: hello world, median spawn-to-exit wall-clock time (ms), timed by bench/launch.c "
                 "(native: gcc, dynamic and static glibc; wasm2native: linked against musl, the default, "
                 "and against glibc):")
    lines.append("")
    lines.append("| native | native static | wasm2native | wasm2native --libc glibc | wasmtime run "
                 "| wasmtime run precompiled | wasmtime run / wasm2native |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|")
    lines.append(f"| {start['native']*1e3:.2f} | {start['native static']*1e3:.2f} "
                 f"| {start['wasm2native']*1e3:.2f} | {start['wasm2native glibc']*1e3:.2f} "
                 f"| {start['wasmtime run']*1e3:.2f} "
                 f"| {start['wasmtime run (precompiled)']*1e3:.2f} "
                 f"| {start['wasmtime run']/start['wasm2native']:.1f}× |")
    if not start_same:
        lines.append("")
        lines.append("**hello-world output differs between engines**")
    lines.append("")
    lines.append("Compile time of the largest modules (median wall-clock / CPU seconds of runs alternating "
                 "between the three commands; wasm2native `build` "
                 "includes linking the executable, `--emit obj` stops at the object file; "
                 "throughput is MB of wasm per wall-clock second):")
    lines.append("")
    lines.append("| module | wasm size | wasm2native build | wasm2native --emit obj | wasmtime compile "
                 "| wasm2native MB/s | wasmtime MB/s |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for c in comp:
        mb = c["size"] / 1e6
        (we, ce), (wo, co), (ww, cw) = c["w2n"], c["w2n_obj"], c["wasmtime"]
        lines.append(f"| {c['name']} | {mb:.2f} MB | {we:.2f} / {ce:.2f} s | {wo:.2f} / {co:.2f} s "
                     f"| {ww:.2f} / {cw:.2f} s | {mb / we:.2f} | {mb / ww:.2f} |")
    lines.append("")
    lines.append("Sizes (bytes):")
    lines.append("")
    lines.append("| benchmark | wasm | wasm2native executable | native executable | wasmtime .cwasm |")
    lines.append("|---|---:|---:|---:|---:|")
    for b in benches + [Bench("hello", [])]:
        p = b.paths()
        lines.append(f"| {b.name} | {os.path.getsize(p['wasm'])} | {os.path.getsize(p['w2n'])} "
                     f"| {os.path.getsize(p['native'])} | {os.path.getsize(p['cwasm'])} |")
    return "\n".join(lines) + "\n", geomean(r_nat), geomean(r_wt)


def chart(benches, results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not available: no chart")
        return
    names = [b.name for b in benches]
    fig, ax = plt.subplots(figsize=(12, 5))
    width = 0.2
    for i, e in enumerate(ENGINES):
        vals = [results[n]["median"][e] / results[n]["median"]["native"] for n in names]
        ax.bar([x + (i - 1.5) * width for x in range(len(names))], vals, width, label=e)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30)
    ax.set_ylabel("run time relative to native gcc -O2")
    ax.set_title("wasm2native benchmark suite (lower is better)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="timed runs per engine and benchmark")
    ap.add_argument("--only", help="comma-separated benchmark names")
    ap.add_argument("--skip-setup", action="store_true")
    ap.add_argument("--metric", choices=["cpu", "wall"], default="cpu",
                    help="what the table reports: CPU time (default; robust on a shared machine) "
                         "or wall-clock time")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--cpu-levels-only", action="store_true",
                    help="only the --target-cpu table (what chose build's default level)")
    ap.add_argument("--compile-scale-only", action="store_true",
                    help="only the compile table of CPython and cc1plus (bench/big_modules.py)")
    args = ap.parse_args()
    for tool in ("gcc", "clang-19"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found (bench/run installs it)")
    log("building wasm2native")
    subprocess.run(["cargo", "build", "--release", "-p", "wasm2native"], cwd=ROOT, check=True)
    if args.compile_scale_only:
        rows, differs = big_modules.compile_scale(max(3, min(args.runs, 5)), log)
        print(big_modules.report(rows, max(3, min(args.runs, 5)), differs))
        sys.exit(1 if differs else 0)
    benches = suite()
    if args.only:
        keep = set(args.only.split(","))
        benches = [b for b in benches if b.name in keep]
    t0 = time.time()
    build(benches, args.jobs)
    log(f"built in {time.time() - t0:.0f}s; timing {args.runs} runs per engine")
    if args.cpu_levels_only:
        levels, level_diffs = cpu_levels(benches, args.runs)
        print(report_cpu_levels(levels, args.runs))
        sys.exit(1 if level_diffs else 0)
    results = bench_runs(benches, args.runs, args.metric)
    start, start_same = startup(max(20, args.runs * 4))
    comp = compile_times(benches, max(3, min(args.runs, 5)))
    levels, level_diffs = cpu_levels(benches, args.runs)
    scale_runs = max(3, min(args.runs, 5))
    scale, scale_diffs = big_modules.compile_scale(scale_runs, log) if not args.only else ([], [])
    table, g_nat, g_wt = report(benches, results, start, start_same, comp, args.runs, args.metric)
    table += "\n" + report_cpu_levels(levels, args.runs)
    if scale:
        table += "\n" + big_modules.report(scale, scale_runs, scale_diffs)
    print(table)
    if not args.only:
        with open(os.path.join(BENCH, "results.md"), "w") as f:
            f.write("# wasm2native benchmark results\n\nProduced by `bench/run`"
                    f" on {cpu_model()} ({os.cpu_count()} CPUs).\n\n" + table)
        chart(benches, results, os.path.join(BENCH, "results.png"))
    diffs = [b.name for b in benches if not all(results[b.name]["same"].values())] + level_diffs + scale_diffs
    if diffs:
        log("OUTPUT DIFFERS for: " + ", ".join(diffs))
        sys.exit(1)


if __name__ == "__main__":
    main()
