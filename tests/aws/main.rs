//! The end-to-end tests against the AWS emulator (LocalStack, started per
//! test by `crates/gantry-emulator`), and the comparisons with Terraform and
//! the real AWS provider, in one test binary: each of these links the AWS
//! SDK, and one binary instead of sixteen keeps `target/` under 4 GB and
//! links once.

#[path = "../common/mod.rs"]
mod common;

mod aws_balancing;
mod aws_behaviour;
mod aws_cognito;
mod aws_crash;
mod aws_data;
mod aws_domain;
mod aws_examples;
mod aws_family;
mod aws_iam;
mod aws_modules;
mod aws_network;
mod aws_openapi;
mod aws_rest_api_put;
mod aws_stage;
mod aws_supporting;
mod oracle;
mod s3_backend;
