#!/bin/bash
# usage: bench/compare-compile.sh WEIR_A WEIR_B PROJECT [compile args...]
# WEIR_A/WEIR_B: two checkouts with a built dist/ (e.g. a `git worktree` of main and this one).
# Compiles a copy of PROJECT from an empty target/ with each, at the same path (root_path is in the
# manifest), and compares target/manifest.json, target/weir_manifest.json and target/compiled/**
# with generated_at, invocation_id and the partial-parse generation masked. Exit 0: identical.
set -e
A=$1; B=$2; SRC=$3; shift 3
W=${TMPDIR:-/tmp}/weir-compare; rm -rf "$W"; mkdir -p "$W"
for side in a b; do
  dir=$W/proj; rm -rf "$dir"; cp -r "$SRC" "$dir"; rm -rf "$dir/target"
  weir=$A; [ $side = b ] && weir=$B
  (cd "$dir" && node "$weir/bin/weir.js" compile -q "$@" >/dev/null)
  mkdir -p "$W/$side"
  for f in manifest.json weir_manifest.json; do
    sed -E 's/"(generated_at|invocation_id|generation|partial_parse)": ?"[^"]*"/"\1":"X"/g' "$dir/target/$f" > "$W/$side/$f"
  done
  mv "$dir/target/compiled" "$W/$side/compiled"
done
if cmp "$W/a/manifest.json" "$W/b/manifest.json" && cmp "$W/a/weir_manifest.json" "$W/b/weir_manifest.json" && diff -r "$W/a/compiled" "$W/b/compiled"; then
  echo "identical: $(find "$W/a/compiled" -type f | wc -l) compiled files, manifest.json $(wc -c < "$W/a/manifest.json") bytes"
else
  echo "DIFFERENT (outputs in $W/a and $W/b)"; exit 1
fi
