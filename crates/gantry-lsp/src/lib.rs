//! `gantry lsp`: a language server over stdio that gives editors what
//! `gantry validate` gives the terminal, as the user types.
//!
//! - diagnostics of the whole module directory on every change (checked by
//!   [`scheduler`] off the main thread, superseded by newer edits);
//! - hover, completion, go-to-definition, quick fixes and formatting,
//!   answered from the same model, schema tables and formatter as the CLI.
//!
//! Invariant: the top layer beside the CLI; it reads configuration and
//! schemas and never plans, applies or talks to AWS.

pub mod analysis;
mod completion;
mod hover;
mod locate;
pub mod memory;
pub mod scheduler;
mod server;
pub mod text;

pub use server::{capabilities, serve, ServerError};

/// Serves the editor on stdin/stdout until it shuts down.
pub fn run_stdio() -> Result<(), ServerError> {
    memory::keep_freed_pages();
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let env: Vec<(String, String)> = std::env::vars().collect();
    serve(connection, gantry_config::vars::Inputs::env_from(env))?;
    io_threads.join().map_err(ServerError::Io)
}

#[cfg(test)]
mod corpus_tests;
