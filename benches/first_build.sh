#!/usr/bin/env bash
# The first hour's build, measured as a new user meets it: a fresh clone
# and an empty target/, `cargo build`, then `cargo test --workspace`'s
# build. Prints the time of each, which AWS SDK crates the second step
# compiled again (none should be: one feature set for both), and the size
# of target/ (under 4 GB). Exits 1 if either fails.
#
#   benches/first_build.sh [REV]      (default HEAD; takes ~15 min on 2 cores)
#
# KEEP=1 keeps the clone and its target/ (to run the tests in it next).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:-HEAD}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gantry-first-build.XXXXXX")"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
git -C "$work/clone" checkout -q "$rev"
cd "$work/clone"
export CARGO_TARGET_DIR="$work/clone/target"
export CARGO_INCREMENTAL=0

t0=$(date +%s)
cargo build 2>&1 | tee "$work/build.log" | grep -E "^error|warning: unused" || true
t1=$(date +%s)
cargo test --workspace --no-run 2>&1 | tee "$work/test.log" | grep -E "^error" || true
t2=$(date +%s)

again=$(grep -E "^\s+Compiling aws-(sdk|config|smithy|runtime|sigv4|types)" "$work/test.log" | awk '{print $2}' | sort -u || true)
size_kb=$(du -sk "$CARGO_TARGET_DIR" | cut -f1)
size_gb=$(awk -v k="$size_kb" 'BEGIN { printf "%.2f", k / 1024 / 1024 }')
bin_mb=$(du -m "$CARGO_TARGET_DIR/debug/gantry" | cut -f1)

echo "first build (cargo build):             $((t1 - t0)) s"
echo "then cargo test --workspace --no-run:  $((t2 - t1)) s"
echo "AWS SDK crates compiled again:         ${again:-none}" | tr '\n' ' '; echo
echo "target/ after both:                    ${size_gb} GB (limit 4)"
echo "debug binary:                          ${bin_mb} MB"
[ -n "${KEEP:-}" ] && echo "kept: $work/clone"
status=0
[ -z "$again" ] || { echo "FAIL: cargo test rebuilt AWS SDK crates"; status=1; }
awk -v k="$size_kb" 'BEGIN { exit !(k > 4 * 1024 * 1024) }' && { echo "FAIL: target/ is over 4 GB"; status=1; }
exit $status
