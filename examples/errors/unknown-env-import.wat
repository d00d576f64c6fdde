;; unknown-env-import.wat — imports a function from a module no runtime provides.
;;
;; `env`.`foo` is not part of WASI: compiling must fail with an error naming the import.
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func (export "_start") (call $foo))
)
