//! Which optional tools the tests can use here, as cfgs for the test
//! files: a test that needs an absent tool is compiled `#[ignore]` with
//! the reason, so `cargo test` lists it as "ignored, <reason>" and counts
//! it in its summary, instead of passing without having run.
//!
//! `gantry_no_nvim`: Neovim is not on PATH (unless GANTRY_REQUIRE_NEOVIM
//! is set: CI wants the test to run and fail loudly then).
//! `gantry_no_terraform`: /usr/local/bin/terraform is absent.
//! `gantry_no_terraform_aws`: Terraform or the AWS provider mirror
//! (/opt/tf-plugins) is absent.
//! `gantry_no_script`: /usr/bin/script (a pseudo-terminal) is absent.
//! `gantry_no_dist`: dist (cargo-dist, `cargo install cargo-dist`) is not
//! on PATH.
//!
//! Probed when the build script runs: after installing a tool, `touch
//! build.rs` (or change PATH) to have it found.

use std::path::Path;

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=GANTRY_REQUIRE_NEOVIM");
    for cfg in [
        "gantry_no_nvim",
        "gantry_no_terraform",
        "gantry_no_terraform_aws",
        "gantry_no_script",
        "gantry_no_dist",
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    if !on_path("nvim") && std::env::var_os("GANTRY_REQUIRE_NEOVIM").is_none() {
        println!("cargo::rustc-cfg=gantry_no_nvim");
    }
    let terraform = Path::new("/usr/local/bin/terraform").is_file();
    if !terraform {
        println!("cargo::rustc-cfg=gantry_no_terraform");
    }
    if !terraform || !Path::new("/opt/tf-plugins/registry.terraform.io/hashicorp/aws").is_dir() {
        println!("cargo::rustc-cfg=gantry_no_terraform_aws");
    }
    if !Path::new("/usr/bin/script").is_file() {
        println!("cargo::rustc-cfg=gantry_no_script");
    }
    if !on_path("dist") {
        println!("cargo::rustc-cfg=gantry_no_dist");
    }
}
