//! Compiles the C stand-in for glibc's `_dl_find_object` that musl-linked executables need
//! (`src/musl_compat.c`); it becomes a member of the runtime archive of its own.

fn main() {
    println!("cargo:rerun-if-changed=src/musl_compat.c");
    cc::Build::new()
        .file("src/musl_compat.c")
        .opt_level(2)
        .compile("w2n_musl_compat");
}
