;; The legacy exception-handling encoding (try/catch/catch_all/rethrow/delegate), which LLVM 19
;; and Emscripten emit and wasmtime 49 does not run. Each `;; expect NAME: VALUE` line is what
;; `--invoke NAME` prints (tests/exceptions.rs), as the legacy proposal's semantics and its
;; test suite (try_catch.wast, try_delegate.wast, rethrow.wast) define it.
(module
  (tag $e (param i32))
  (tag $f (param i64))
  (tag $g)
  (global $log (mut i32) (i32.const 0))
  (func $throw_e (param i32) (throw $e (local.get 0)))
  (func $note (param i32) (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (local.get 0))))

  ;; expect catch-payload: 43
  (func (export "catch-payload") (result i32)
    try (result i32)
      (call $throw_e (i32.const 42))
      (i32.const 0)
    catch $e
      (i32.add (i32.const 1))
    end)

  ;; expect clause-order: 2000
  (func (export "clause-order") (result i32)
    try (result i32)
      (throw $g)
    catch $e
      (drop) (i32.const 1000)
    catch $g
      (i32.const 2000)
    catch_all
      (i32.const 3000)
    end)

  ;; expect rethrow-outer: 7
  (func (export "rethrow-outer") (result i32)
    try (result i32)
      try
        (call $throw_e (i32.const 7))
      catch_all
        (rethrow 0)
      end
      (i32.const -1)
    catch $e
    end)

  ;; expect delegate-skips: 1
  (func (export "delegate-skips") (result i32)
    try (result i32)
      try (result i32)
        try
          (throw $g)
        delegate 1
        (i32.const -1)
      catch $g
        (i32.const -2)
      end
    catch $g
      (i32.const 1)
    end)

  (func $delegate_to_caller
    try
      (throw $f (i64.const 5))
    delegate 0)
  ;; expect delegate-caller: 5
  (func (export "delegate-caller") (result i64)
    try (result i64)
      (call $delegate_to_caller)
      (i64.const -1)
    catch $f
    end)

  ;; expect nested-rethrow: 9123
  (func (export "nested-rethrow") (result i32)
    (global.set $log (i32.const 0))
    (block $out (result i32)
      (try_table (catch $e $out)
        try
          (call $throw_e (i32.const 9))
        catch $e
          (call $note)
          try
            (rethrow 1)
          catch_all
            (call $note (i32.const 1))
          end
          (call $note (i32.const 2))
          (call $note (i32.const 3))
          (rethrow 0)
        end)
      (i32.const -1))
    (drop)
    (global.get $log))

  ;; expect throw-in-catch: 11
  (func (export "throw-in-catch") (result i32)
    try (result i32)
      try
        (throw $g)
      catch $g
        (call $throw_e (i32.const 11))
      end
      (i32.const -1)
    catch $e
    end)

  ;; expect try-without-catch: 3
  (func (export "try-without-catch") (result i32)
    try (result i32)
      try
        (call $throw_e (i32.const 3))
      end
      (i32.const -1)
    catch $e
    end)

  ;; expect br-out-of-catch: 100
  (func (export "br-out-of-catch") (result i32)
    (block $out (result i32)
      try
        (call $throw_e (i32.const 1))
      catch $e
        (br $out (i32.mul (i32.const 100)))
      end
      (i32.const -1)))

  ;; expect legacy-loop: 1000000
  (func (export "legacy-loop") (result i32)
    (local $i i32) (local $n i32)
    (loop $l
      try
        try
          (call $throw_e (local.get $i))
        catch_all
          (rethrow 0)
        end
      catch $e
        (drop)
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
      end
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (local.get $n))

  ;; expect uncaught-from-legacy: exception
  (func (export "uncaught-from-legacy")
    try
      (throw $g)
    catch $e
      (drop)
    end)
)
