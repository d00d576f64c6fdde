;; add.wat — a library-style module with no `_start`: one exported function.
;;
;; Used with `--invoke`: `wasm2native run --invoke add add.wat 2 3` prints 5, as
;; `wasmtime run --invoke add add.wat 2 3` does.
(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))
)
