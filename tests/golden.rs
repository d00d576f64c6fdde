//! Golden snapshots of the translator: the Cranelift IR `wasm2native build --emit clif`
//! writes for each `tests/golden/*.wat` must equal the checked-in `.clif` file (and
//! `--emit asm` must disassemble every function). After an
//! intended change, regenerate with `UPDATE_GOLDEN=1 cargo test --release --test golden` and
//! review the diff.

mod common;

use common::{build, file_stem, TempDir};

#[test]
fn translator_output_matches_snapshots() {
    let dir = TempDir::new("golden");
    let golden = common::repo_root().join("tests/golden");
    let inputs: Vec<_> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    assert!(inputs.len() >= 3, "golden inputs missing");
    let mut mismatches = Vec::new();
    for input in &inputs {
        let name = file_stem(input);
        let out = dir.join(&name);
        build(input, &out, &["--emit", "clif", "--emit", "asm"]).assert_success();
        let clif = std::fs::read_to_string(out.with_extension("clif")).unwrap();
        // The disassembly depends on the host CPU's features: check its shape, not its text.
        let asm = std::fs::read_to_string(out.with_extension("s")).unwrap();
        let functions =
            clif.matches("\nfunction ").count() + usize::from(clif.starts_with("function "));
        // Every function returns somewhere, or ends in a tail call.
        let exits = asm.matches("retq").count() + asm.matches("return_call").count();
        assert!(exits >= functions, "{name}: disassembly:\n{asm}");
        let expected_path = input.with_extension("clif");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&expected_path, &clif).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if clif != expected {
            mismatches.push(format!("{name}: expected\n{expected}\n--- got\n{clif}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "translator output changed:\n{}",
        mismatches.join("\n")
    );
}
