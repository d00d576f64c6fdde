//! Errors the compiler reports to users. Every malformed or unsupported input ends here,
//! never in a panic.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CompileError {
    #[error("invalid module: {0}")]
    Invalid(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The module needs features that are implemented but turned off.
    #[error("{0}")]
    NotEnabled(String),
    #[error(
        "this is a WebAssembly component; wasm2native compiles core modules \
         (build one without the component wrapper, e.g. a wasm32-wasip1 target)"
    )]
    Component,
    #[error("{0}")]
    Import(String),
    #[error("{func}: {message}")]
    Function { func: String, message: String },
    #[error("code generation failed: {0}")]
    Codegen(String),
    #[error("linking failed: {0}")]
    Link(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = CompileError> = std::result::Result<T, E>;
