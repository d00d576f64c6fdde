;; dispatch-loop.wat — a bytecode interpreter in the shape C compilers give `for (;;)
;; switch (*pc++)`: a loop whose head loads the next opcode and ends in `br_table`, each case
;; jumping back to it. wasm2native gives every case its own copy of the dispatch
;; (compiler/src/threaded_dispatch.rs); results and traps must not change.
;;
;; The machine has an accumulator A and a counter N. Opcodes (one byte, some with a one-byte
;; operand): 0 halt, 1 b: A = b, 2 b: N = b, 3 A += N, 4 A *= N, 5 N -= 1,
;; 6 b: if N != 0 jump to address b, 7 A = A / N (unsigned; traps when N = 0),
;; 8 A = i32 at address A (traps out of bounds), 9 b: A = A << 8 | b; any other byte halts.
;; `run` returns A.
;;
;; Checked by tests/differential.rs: each `;; expect NAME: OUTCOME` line is what calling export
;; NAME must do; wasmtime 36 must agree.
;;
;; expect sum: 5050
;; expect factorial: 3628800
;; expect divide: 33
;; expect div_zero: trap: integer divide by zero
;; expect oob: trap: out of bounds memory access
;; expect unknown: 7
(module
  (memory 1)
  (func $run (param $pc i32) (result i32)
    (local $a i32) (local $n i32)
    (block $halt
      (loop $next
        (block $shl (block $load (block $div (block $jnz (block $dec
        (block $mul (block $add (block $setn (block $seta (block $stop
          (i32.load8_u (local.get $pc))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br_table $stop $seta $setn $add $mul $dec $jnz $div $load $shl $halt))
          ;; 0: halt
          (br $halt))
          ;; 1 b: A = b
          (local.set $a (i32.load8_u (local.get $pc)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
          ;; 2 b: N = b
          (local.set $n (i32.load8_u (local.get $pc)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
          ;; 3: A += N
          (local.set $a (i32.add (local.get $a) (local.get $n)))
          (br $next))
          ;; 4: A *= N
          (local.set $a (i32.mul (local.get $a) (local.get $n)))
          (br $next))
          ;; 5: N -= 1
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next))
          ;; 6 b: jump if N != 0 (two ways back to the dispatch)
          (if (local.get $n)
            (then
              (local.set $pc (i32.load8_u (local.get $pc)))
              (br $next)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $next))
          ;; 7: A /= N
          (local.set $a (i32.div_u (local.get $a) (local.get $n)))
          (br $next))
          ;; 8: A = load A
          (local.set $a (i32.load (local.get $a)))
          (br $next))
        ;; 9 b: A = A << 8 | b
        (local.set $a
          (i32.or (i32.shl (local.get $a) (i32.const 8)) (i32.load8_u (local.get $pc))))
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (br $next)))
    (local.get $a))

  ;; A = 0, N = 100; loop at 4: A += N; N -= 1; jnz 4; halt
  (data (i32.const 0) "\01\00\02\64\03\05\06\04\00")
  ;; A = 1, N = 10; loop at 20: A *= N; N -= 1; jnz 20; halt
  (data (i32.const 16) "\01\01\02\0a\04\05\06\14\00")
  ;; A = 100, N = 3; A /= N; halt
  (data (i32.const 32) "\01\64\02\03\07\00")
  ;; A = 7, N = 0; A /= N
  (data (i32.const 48) "\01\07\02\00\07\00")
  ;; A = 0xffffffff; A = load A
  (data (i32.const 64) "\01\ff\09\ff\09\ff\09\ff\08\00")
  ;; A = 7; opcode 42
  (data (i32.const 80) "\01\07\2a")
  (func (export "sum") (result i32) (call $run (i32.const 0)))
  (func (export "factorial") (result i32) (call $run (i32.const 16)))
  (func (export "divide") (result i32) (call $run (i32.const 32)))
  (func (export "div_zero") (result i32) (call $run (i32.const 48)))
  (func (export "oob") (result i32) (call $run (i32.const 64)))
  (func (export "unknown") (result i32) (call $run (i32.const 80)))
)
