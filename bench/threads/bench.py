"""Driver of bench/threads/run: build, run alternately, print medians and ratios (Markdown).

Each program prints `metric value` lines (ns or µs, see the .wat headers); every metric is
collected per run and reported as the median over the runs.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "bench", "threads")
W2N = os.path.join(ROOT, "target", "release", "wasm2native")
WASMTIME = os.path.join(ROOT, ".venv", "bin", "wasmtime36")
PROGRAMS = ["spawn-join", "ping-pong", "mutex", "kernel"]
# (metric, row label, lower is better)
ROWS = [
    ("spawn-join-ns", "thread spawn + join (µs)", 1e-3),
    ("ping-pong-ns", "wait/notify ping-pong round trip (µs)", 1e-3),
    ("mutex-ns", "contended mutex, 4 threads (ns per lock+unlock)", 1),
    ("kernel-1-us", "parallel kernel, 1 thread (ms)", 1e-3),
    ("kernel-2-us", "parallel kernel, 2 threads (ms)", 1e-3),
    ("kernel-speedup", "parallel kernel speed-up 1 → 2 threads (×)", 1),
]


def build(tmp):
    exes = {}
    for p in PROGRAMS:
        native = os.path.join(tmp, p + "-native")
        subprocess.run(["gcc", "-O2", "-pthread", "-o", native,
                        os.path.join(HERE, "c", p + ".c")], check=True)
        w2n = os.path.join(tmp, p + "-w2n")
        wat = os.path.join(HERE, p + ".wat")
        subprocess.run([W2N, "build", wat, "-o", w2n], check=True)
        exes[p] = {
            "native": [native],
            "wasm2native": [w2n],
            "wasmtime 36": [WASMTIME, "run", "-W", "threads", "-S", "threads", wat],
        }
    return exes


def run_once(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300).stdout
    metrics = {}
    for line in out.splitlines():
        k, v = line.split()
        metrics[k] = float(v)
    if "kernel-1-us" in metrics:
        metrics["kernel-speedup"] = metrics["kernel-1-us"] / metrics["kernel-2-us"]
    return metrics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    runtimes = ["native", "wasm2native", "wasmtime 36"]
    samples = {r: {} for r in runtimes}
    with tempfile.TemporaryDirectory() as tmp:
        exes = build(tmp)
        for i in range(args.runs):
            print(f"run {i + 1}/{args.runs}", file=sys.stderr)
            for p in PROGRAMS:
                for r in runtimes:  # alternate runtimes within each round
                    for k, v in run_once(exes[p][r]).items():
                        samples[r].setdefault(k, []).append(v)
    med = {r: {k: statistics.median(v) for k, v in samples[r].items()} for r in runtimes}
    cpus = os.cpu_count()
    print(f"Medians of {args.runs} alternating runs on {cpus} CPUs; "
          "ratios: wasm2native time ÷ the other's (below 1 = wasm2native faster; "
          "for the speed-up row, higher is better).\n")
    print("| benchmark | native (gcc -O2, pthreads) | wasm2native | wasmtime 36 "
          "| wasm2native ÷ native | wasm2native ÷ wasmtime 36 |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, label, scale in ROWS:
        n, w, t = (med[r][key] for r in runtimes)
        fmt = (lambda x: f"{x:.2f}") if key == "kernel-speedup" else (lambda x: f"{x * scale:.1f}")
        print(f"| {label} | {fmt(n)} | {fmt(w)} | {fmt(t)} | {w / n:.2f} | {w / t:.2f} |")
    for r in runtimes:
        if len(set(samples[r]["kernel-sum"])) != 1 or samples[r]["mutex-count"][0] != 1000000:
            sys.exit(f"{r}: wrong results {samples[r]['kernel-sum']} {samples[r]['mutex-count']}")


if __name__ == "__main__":
    main()
