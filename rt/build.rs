//! Compiles the tiny C shim for sigsetjmp/siglongjmp (`src/catch.c`), which Rust cannot
//! express soundly itself.

fn main() {
    println!("cargo:rerun-if-changed=src/catch.c");
    cc::Build::new()
        .file("src/catch.c")
        .opt_level(2)
        .compile("w2n_catch");
}
