# The daily loop. `just` is optional: each recipe is one cargo command.

# Run the whole test suite (what CI runs)
test:
    cargo test --workspace

# Formatting and lints, as CI checks them
lint:
    cargo fmt --check
    cargo clippy --all-targets -- -D warnings

# Format the Rust code
fmt:
    cargo fmt

# Rewrite golden files after an intended output change; review with git diff
golden:
    UPDATE_GOLDEN=1 cargo test --workspace
    git diff --stat testdata/

# Validate the three documentation examples
examples:
    for d in examples/*/; do cargo run -q -- validate "$d"; done

# The first build of a fresh clone: times, SDK crates rebuilt, target/ size.
first-build:
    benches/first_build.sh

# The release archive of this machine's target (dist, i.e. cargo-dist: `cargo install
# cargo-dist`), in target/distrib/ with its checksum
dist:
    dist build --artifacts=local --target "$(rustc -vV | sed -n 's/^host: //p')"

# Validate, plan and re-plan 1,000 / 10,000 / 50,000 terraform_data (chained and independent),
# printing CPU time, peak memory, the ratio to Terraform and the exponent of time against size;
# apply 2,000 chained terraform_data with gantry (and Terraform, when installed), printing the
# ratio; then time the language server's diagnostics of a 5,000-line file after typing;
# then fit how reading a long heredoc line of interpolations grows with its size
bench:
    cargo bench --bench scaling
    cargo bench --bench apply_chain
    cargo bench -p gantry-lsp --bench diagnostics_latency
    cargo bench -p gantry-config --bench heredoc_scaling

# Start LocalStack on 127.0.0.1 as the tests do (installed once into ~/.cache/gantry); Ctrl-C stops it
emulator:
    cargo run -q -p gantry-emulator

# Apply the three documentation examples against the emulator, re-plan, destroy; then deploy
# examples/petstore and call it over HTTP (with and without its API key)
demo:
    emulator/demo.sh

# Fuzz load+validate, fmt and plan (cargo-fuzz, libFuzzer) for SECONDS each, seeded from
# examples/ and testdata/; a crash lands in fuzz/artifacts/ (keep it in fuzz/regressions/)
fuzz seconds="60":
    fuzz/run.sh {{seconds}}
