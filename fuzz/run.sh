#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (seconds each, default 60),
# seeded from the project's own configurations. A crash is written to
# fuzz/artifacts/<target>/: copy it into fuzz/regressions/<target>/ (the
# regression test replays every kept finding through every target in each
# `cargo test`) and fix it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
for target in validate fmt plan; do
  mkdir -p "corpus/$target"
  for f in $(git -C .. ls-files 'examples/*.tf' 'testdata/*.tf' 'fuzz/regressions/*'); do
    cp "../$f" "corpus/$target/seed-$(echo "$f" | tr '/' '_')"
  done
  # Stable Rust: no sanitizer (ASan needs nightly); panics and inputs that
  # take over 10 s (hcl-edit has backtracked for minutes) are the findings.
  cargo fuzz run "$target" --sanitizer none -O "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -max_len=16384 -dict=hcl.dict -print_final_stats=1
done
