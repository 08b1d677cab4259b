#!/usr/bin/env bash
# Build the benchmark environment and list the corpora the benchmarks read.
#
#   bash benchmarks/setup_corpora.sh            # venv + installed trees
#   PYTHON=python3.12 bash benchmarks/setup_corpora.sh   # another interpreter
#   MIRRORS=<folder of fetched bare git dirs> bash benchmarks/setup_corpora.sh   # + snapshots
#
# The venv (benchmarks/.venv-bench, gitignored) holds flake8, this project in editable
# mode (and the runtime package when present), scipy, scikit-image and astropy from
# PyPI.  Their installed source trees are the precision/speed corpora; extra real trees
# (fetched git snapshots) may be placed under $EXTRA_CORPORA (default /tmp/corpora),
# one directory per tree.  Nothing from those trees is ever committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv-bench"
python="${PYTHON:-python3}"
extra="${EXTRA_CORPORA:-/tmp/corpora}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet flake8 scipy scikit-image astropy numpy
editable=(-e "$root")
if [ -f "$root/runtime/pyproject.toml" ]; then
    editable+=(-e "$root/runtime")
fi
"$venv/bin/python" -m pip install --quiet "${editable[@]}"

# Fetched snapshots (bare git dirs named owner+repo/...) become trees of *.py files.
if [ -n "${MIRRORS:-}" ]; then
    for gitdir in "$MIRRORS"/*/repo "$MIRRORS"/*/repo/.git; do
        [ -d "$gitdir" ] || continue
        owner_repo="$(basename "$(dirname "${gitdir%/.git}")")"
        dest="$extra/${owner_repo#*+}"
        [ -d "$dest" ] && continue
        mkdir -p "$dest"
        git --git-dir="$gitdir" archive HEAD -- '*.py' | tar -x -C "$dest" || true
    done
fi

corpora="$here/.venv-bench/corpora.txt"
"$venv/bin/python" - "$extra" >"$corpora" <<'PY'
import importlib, pathlib, sys

for name in ("scipy", "skimage", "astropy"):
    module = importlib.import_module(name)
    print(f"{name}\t{pathlib.Path(module.__file__).parent}")
extra = pathlib.Path(sys.argv[1])
if extra.is_dir():
    for tree in sorted(p for p in extra.iterdir() if p.is_dir()):
        print(f"{tree.name}\t{tree}")
PY
echo "corpora (name, path) written to $corpora:"
while IFS=$'\t' read -r name path; do
    files=$(find "$path" -name '*.py' | wc -l)
    lines=$(find "$path" -name '*.py' -print0 | xargs -0 cat | wc -l)
    printf '  %-24s %6s files %9s lines  %s\n' "$name" "$files" "$lines" "$path"
done <"$corpora"
"$venv/bin/python" -m flake8 --version
