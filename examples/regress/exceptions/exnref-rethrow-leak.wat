;; exnref-rethrow-leak.wat — an exception caught with `catch_all_ref` and rethrown with
;; `throw_ref`, a million times, must not accumulate: tests/exceptions_cxx.rs bounds the peak
;; memory of this program (16 MiB; wasmtime 49 stays at ~25 MB).
;;
;; This is the shape of every C++ cleanup (a destructor run while an exception passes) and of
;; `throw;` in the standard encoding, whether LLVM emits it (LLVM 20+) or binaryen translates
;; clang-19's legacy output (`wasm-opt --translate-to-exnref`). wasm2native used to mark every
;; object caught by reference as never to be freed (52 MB here, ~67 bytes per iteration of
;; tests/cxx/throw_loop.cpp). Now the frame that catches it holds it, when its exnrefs cannot
;; leave the frame, and releases it when the frame returns or is unwound (rt/abi/src/exn.rs).
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
