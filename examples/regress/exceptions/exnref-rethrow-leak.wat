;; exnref-rethrow-leak.wat — an exception caught with `catch_all_ref` and rethrown with
;; `throw_ref` is never freed by wasm2native: every iteration below leaks one exception object
;; (at least 32 bytes): the executable's peak RSS is ~52 MB after the million iterations below,
;; and grows with their number, where wasmtime 49's stays at ~25 MB for 10^4 and 10^6 alike.
;;
;; This is the shape of every C++ cleanup (a destructor run while an exception passes) and of
;; `throw;` in the standard encoding, whether LLVM emits it (`-wasm-use-legacy-eh=false`, LLVM
;; 20+) or binaryen translates clang-19's legacy output (`wasm-opt --translate-to-exnref`): a
;; C++ program built that way leaks each exception that passes a destructor (tests/cxx/
;; throw_loop.cpp: ~67 bytes per iteration). The same program in the legacy encoding
;; (`catch_all` + `rethrow`) does not leak.
;;
;; Cause: `catch_ref`/`catch_all_ref` mark the object EXPOSED (rt/abi/src/exn.rs: an exnref
;; may be stored anywhere, so it lives "until the runtime has a collector"). A fix needs exnref
;; ownership through locals (or a collector); tests/exceptions_cxx.rs checks the leak is still
;; there (STANDARD_ENCODING_LEAKS) so that whoever fixes it flips that flag.
;;
;; It lives in a subfolder of examples/regress/ because tests/differential.rs runs the top-level
;; examples under wasmtime 36, which has no exception handling.
(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))
  ;; A function with a "destructor": catch everything by reference, clean up, rethrow.
  (func $with_cleanup (param i32)
    (local $exn exnref)
    (block $cleanup (result exnref)
      (try_table (catch_all_ref $cleanup)
        (call $throw (local.get 0)))
      (return))
    (local.set $exn)
    ;; ... the cleanup would run here ...
    (throw_ref (local.get $exn)))
  (func (export "_start")
    (local $i i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e $h) (call $with_cleanup (local.get $i)))
        (i32.const 0))
      (drop)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000)))))
)
