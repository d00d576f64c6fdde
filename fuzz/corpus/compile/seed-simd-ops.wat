;; simd-ops.wat — every v128 lane operator of wasm 2.0 SIMD over a table of edge-case inputs.
;;
;; For each operator, the program applies it to every input vector (unary), every ordered pair of
;; inputs (binary; bitselect uses the third operand (a xor b)), or every input with 16 shift
;; counts (shifts), folds the results into a 128-bit hash and prints "name hash" as 32 hex digits
;; (lane bytes, memory order). Float results are NaN-canonicalised first (wasm leaves NaN sign and
;; payload nondeterministic), except for abs/neg/pmin/pmax, which are exact.
;; Generated; the expected output is what wasmtime 49 prints.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  (data (i32.const 16384) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\ff\fe\80\7f\81\00\01\7e\80\00\ff\ff\7f\ff\00\80\00\80\ff\7f\ff\ff\01\00\00\00\01\80\00\40\00\c0\00\00\00\80\ff\ff\ff\7f\ff\ff\ff\ff\01\00\00\00\00\00\00\00\00\00\00\80\ff\ff\ff\ff\ff\ff\ff\7f\00\00\c0\3f\00\00\20\c0\00\00\c0\7f\00\00\80\ff\00\00\00\80\00\00\00\00\00\00\00\4f\00\00\80\4f\00\00\60\40\00\00\00\bf\00\00\80\7f\00\00\01\00\00\00\00\00\00\00\04\40\00\00\00\00\00\00\f8\bf\01\00\00\00\00\00\f8\7f\00\00\00\00\00\00\00\80\00\00\08\00\00\00\f0\41\00\00\20\00\00\00\e0\c1\a5\4d\ca\18\25\30\bb\1d\6d\13\2c\de\d6\23\7b\2e\00\00\20\40\00\00\60\c0\f9\02\15\50\f9\02\15\d0\00\00\00\00\00\00\f0\7f\9c\75\00\88\3c\e4\37\7e\01\00\00\cf\01\00\c0\ff\00\00\00\3f\00\00\c0\bf\00\00\00\00\00\00\e0\bf\00\00\e0\ff\ff\ff\df\41")
  (data (i32.const 8192) "i8x16.addi8x16.subi8x16.add_sat_si8x16.add_sat_ui8x16.sub_sat_si8x16.sub_sat_ui8x16.min_si8x16.min_ui8x16.max_si8x16.max_ui8x16.avgr_ui8x16.eqi8x16.nei8x16.lt_si8x16.lt_ui8x16.gt_si8x16.gt_ui8x16.le_si8x16.le_ui8x16.ge_si8x16.ge_ui8x16.narrow_i16x8_si8x16.narrow_i16x8_ui8x16.swizzlei16x8.addi16x8.subi16x8.muli16x8.add_sat_si16x8.add_sat_ui16x8.sub_sat_si16x8.sub_sat_ui16x8.min_si16x8.min_ui16x8.max_si16x8.max_ui16x8.avgr_ui16x8.eqi16x8.nei16x8.lt_si16x8.lt_ui16x8.gt_si16x8.gt_ui16x8.le_si16x8.le_ui16x8.ge_si16x8.ge_ui16x8.narrow_i32x4_si16x8.narrow_i32x4_ui16x8.q15mulr_sat_si16x8.extmul_low_i8x16_si16x8.extmul_high_i8x16_si16x8.extmul_low_i8x16_ui16x8.extmul_high_i8x16_ui32x4.addi32x4.subi32x4.muli32x4.min_si32x4.min_ui32x4.max_si32x4.max_ui32x4.eqi32x4.nei32x4.lt_si32x4.lt_ui32x4.gt_si32x4.gt_ui32x4.le_si32x4.le_ui32x4.ge_si32x4.ge_ui32x4.dot_i16x8_si32x4.extmul_low_i16x8_si32x4.extmul_high_i16x8_si32x4.extmul_low_i16x8_ui32x4.extmul_high_i16x8_ui64x2.addi64x2.subi64x2.muli64x2.eqi64x2.nei64x2.lt_si64x2.gt_si64x2.le_si64x2.ge_si64x2.extmul_low_i32x4_si64x2.extmul_high_i32x4_si64x2.extmul_low_i32x4_ui64x2.extmul_high_i32x4_uv128.andv128.andnotv128.orv128.xorf32x4.addf32x4.subf32x4.mulf32x4.divf32x4.minf32x4.maxf32x4.eqf32x4.nef32x4.ltf32x4.gtf32x4.lef32x4.gef32x4.pminf32x4.pmaxf32x4.sqrtf32x4.ceilf32x4.floorf32x4.truncf32x4.nearestf32x4.absf32x4.negf32x4.convert_i32x4_sf32x4.convert_i32x4_uf32x4.demote_f64x2_zerof64x2.addf64x2.subf64x2.mulf64x2.divf64x2.minf64x2.maxf64x2.eqf64x2.nef64x2.ltf64x2.gtf64x2.lef64x2.gef64x2.pminf64x2.pmaxf64x2.sqrtf64x2.ceilf64x2.floorf64x2.truncf64x2.nearestf64x2.absf64x2.negf64x2.convert_low_i32x4_sf64x2.convert_low_i32x4_uf64x2.promote_low_f32x4i8x16.absi8x16.negi8x16.popcnti16x8.absi16x8.negi16x8.extadd_pairwise_i8x16_si16x8.extadd_pairwise_i8x16_ui16x8.extend_low_i8x16_si16x8.extend_high_i8x16_si16x8.extend_low_i8x16_ui16x8.extend_high_i8x16_ui32x4.absi32x4.negi32x4.extadd_pairwise_i16x8_si32x4.extadd_pairwise_i16x8_ui32x4.extend_low_i16x8_si32x4.extend_high_i16x8_si32x4.extend_low_i16x8_ui32x4.extend_high_i16x8_ui32x4.trunc_sat_f32x4_si32x4.trunc_sat_f32x4_ui32x4.trunc_sat_f64x2_s_zeroi32x4.trunc_sat_f64x2_u_zeroi64x2.absi64x2.negi64x2.extend_low_i32x4_si64x2.extend_high_i32x4_si64x2.extend_low_i32x4_ui64x2.extend_high_i32x4_uv128.notv128.bitselecti8x16.shli8x16.shr_si8x16.shr_ui16x8.shli16x8.shr_si16x8.shr_ui32x4.shli32x4.shr_si32x4.shr_ui64x2.shli64x2.shr_si64x2.shr_uv128.any_truei8x16.all_truei16x8.all_truei32x4.all_truei64x2.all_truei8x16.bitmaski16x8.bitmaski32x4.bitmaski64x2.bitmaski8x16.splati16x8.splati32x4.splati64x2.splatf32x4.splatf64x2.splat")
  (data (i32.const 1024) "\00\00\00\00\01\00\00\00\07\00\00\00\08\00\00\00\09\00\00\00\0f\00\00\00\10\00\00\00\11\00\00\00\1f\00\00\00\20\00\00\00\21\00\00\00\3f\00\00\00\40\00\00\00\41\00\00\00\7f\00\00\00\ff\ff\ff\ff")

  ;; Output buffer at 512.., iovec at 0, nwritten at 8.
  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $hexdigit (param $d i32) (result i32)
    (select (i32.add (local.get $d) (i32.const 48)) (i32.add (local.get $d) (i32.const 87))
            (i32.lt_u (local.get $d) (i32.const 10))))
  ;; Prints name, a space, the 16 bytes of $v in hex and a newline.
  (func $print (param $name i32) (param $len i32) (param $v v128)
    (local $i i32) (local $byte i32)
    (call $write (local.get $name) (local.get $len))
    (v128.store (i32.const 16) (local.get $v))
    (i32.store8 (i32.const 512) (i32.const 32))
    (loop $l
      (local.set $byte (i32.load8_u offset=16 (local.get $i)))
      (i32.store8 offset=513 (i32.shl (local.get $i) (i32.const 1))
        (call $hexdigit (i32.shr_u (local.get $byte) (i32.const 4))))
      (i32.store8 offset=514 (i32.shl (local.get $i) (i32.const 1))
        (call $hexdigit (i32.and (local.get $byte) (i32.const 15))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16))))
    (i32.store8 (i32.const 545) (i32.const 10))
    (call $write (i32.const 512) (i32.const 34)))
  (func $mix (param $h v128) (param $r v128) (result v128)
    (v128.xor
      (i32x4.add (i32x4.mul (local.get $h) (v128.const i32x4 0x01000193 0x01000193 0x01000193 0x01000193))
                 (local.get $r))
      (i8x16.shuffle 5 10 15 0 9 14 3 4 13 2 7 8 1 6 11 12 (local.get $h) (local.get $h))))
  (func $canon_f32x4 (param $v v128) (result v128)
    (v128.bitselect (local.get $v) (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)
                    (f32x4.eq (local.get $v) (local.get $v))))
  (func $canon_f64x2 (param $v v128) (result v128)
    (v128.bitselect (local.get $v) (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)
                    (f64x2.eq (local.get $v) (local.get $v))))

  (type $op (func (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)))
  ;; Applies operator $k of kind $kind (0 binary, 1 unary, 2 shift, 3 reduction) to all inputs.
  (func $run (param $k i32) (param $kind i32) (param $name i32) (param $len i32)
    (local $h v128) (local $a v128) (local $b v128) (local $s i32) (local $pa i32) (local $i i32) (local $j i32)
    (loop $li
      (local.set $pa (i32.add (i32.const 16384) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $a (v128.load (local.get $pa)))
      (local.set $j (i32.const 0))
      (loop $lj
        (local.set $b (v128.load offset=16384 (i32.shl (local.get $j) (i32.const 4))))
        (local.set $s (i32.load offset=1024 (i32.shl (local.get $j) (i32.const 2))))
        (local.set $h (call $mix (local.get $h)
          (call_indirect (type $op) (local.get $a) (local.get $b) (v128.xor (local.get $a) (local.get $b))
                         (local.get $s) (local.get $pa) (local.get $i) (local.get $k))))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1)))
                             (select (i32.const 16) (select (i32.const 16) (i32.const 1) (i32.eq (local.get $kind) (i32.const 2)))
                                     (i32.eqz (local.get $kind))))))
      (br_if $li (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16))))
    (call $print (local.get $name) (local.get $len) (local.get $h)))

  (table 198 funcref)
  (elem (i32.const 0) func $op0 $op1 $op2 $op3 $op4 $op5 $op6 $op7 $op8 $op9 $op10 $op11 $op12 $op13 $op14 $op15 $op16 $op17 $op18 $op19 $op20 $op21 $op22 $op23 $op24 $op25 $op26 $op27 $op28 $op29 $op30 $op31 $op32 $op33 $op34 $op35 $op36 $op37 $op38 $op39 $op40 $op41 $op42 $op43 $op44 $op45 $op46 $op47 $op48 $op49 $op50 $op51 $op52 $op53 $op54 $op55 $op56 $op57 $op58 $op59 $op60 $op61 $op62 $op63 $op64 $op65 $op66 $op67 $op68 $op69 $op70 $op71 $op72 $op73 $op74 $op75 $op76 $op77 $op78 $op79 $op80 $op81 $op82 $op83 $op84 $op85 $op86 $op87 $op88 $op89 $op90 $op91 $op92 $op93 $op94 $op95 $op96 $op97 $op98 $op99 $op100 $op101 $op102 $op103 $op104 $op105 $op106 $op107 $op108 $op109 $op110 $op111 $op112 $op113 $op114 $op115 $op116 $op117 $op118 $op119 $op120 $op121 $op122 $op123 $op124 $op125 $op126 $op127 $op128 $op129 $op130 $op131 $op132 $op133 $op134 $op135 $op136 $op137 $op138 $op139 $op140 $op141 $op142 $op143 $op144 $op145 $op146 $op147 $op148 $op149 $op150 $op151 $op152 $op153 $op154 $op155 $op156 $op157 $op158 $op159 $op160 $op161 $op162 $op163 $op164 $op165 $op166 $op167 $op168 $op169 $op170 $op171 $op172 $op173 $op174 $op175 $op176 $op177 $op178 $op179 $op180 $op181 $op182 $op183 $op184 $op185 $op186 $op187 $op188 $op189 $op190 $op191 $op192 $op193 $op194 $op195 $op196 $op197)
  (func $op0 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.add (local.get $a) (local.get $b))) ;; i8x16.add
  (func $op1 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.sub (local.get $a) (local.get $b))) ;; i8x16.sub
  (func $op2 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.add_sat_s (local.get $a) (local.get $b))) ;; i8x16.add_sat_s
  (func $op3 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.add_sat_u (local.get $a) (local.get $b))) ;; i8x16.add_sat_u
  (func $op4 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.sub_sat_s (local.get $a) (local.get $b))) ;; i8x16.sub_sat_s
  (func $op5 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.sub_sat_u (local.get $a) (local.get $b))) ;; i8x16.sub_sat_u
  (func $op6 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.min_s (local.get $a) (local.get $b))) ;; i8x16.min_s
  (func $op7 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.min_u (local.get $a) (local.get $b))) ;; i8x16.min_u
  (func $op8 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.max_s (local.get $a) (local.get $b))) ;; i8x16.max_s
  (func $op9 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.max_u (local.get $a) (local.get $b))) ;; i8x16.max_u
  (func $op10 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.avgr_u (local.get $a) (local.get $b))) ;; i8x16.avgr_u
  (func $op11 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.eq (local.get $a) (local.get $b))) ;; i8x16.eq
  (func $op12 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.ne (local.get $a) (local.get $b))) ;; i8x16.ne
  (func $op13 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.lt_s (local.get $a) (local.get $b))) ;; i8x16.lt_s
  (func $op14 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.lt_u (local.get $a) (local.get $b))) ;; i8x16.lt_u
  (func $op15 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.gt_s (local.get $a) (local.get $b))) ;; i8x16.gt_s
  (func $op16 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.gt_u (local.get $a) (local.get $b))) ;; i8x16.gt_u
  (func $op17 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.le_s (local.get $a) (local.get $b))) ;; i8x16.le_s
  (func $op18 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.le_u (local.get $a) (local.get $b))) ;; i8x16.le_u
  (func $op19 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.ge_s (local.get $a) (local.get $b))) ;; i8x16.ge_s
  (func $op20 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.ge_u (local.get $a) (local.get $b))) ;; i8x16.ge_u
  (func $op21 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.narrow_i16x8_s (local.get $a) (local.get $b))) ;; i8x16.narrow_i16x8_s
  (func $op22 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.narrow_i16x8_u (local.get $a) (local.get $b))) ;; i8x16.narrow_i16x8_u
  (func $op23 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.swizzle (local.get $a) (local.get $b))) ;; i8x16.swizzle
  (func $op24 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.add (local.get $a) (local.get $b))) ;; i16x8.add
  (func $op25 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.sub (local.get $a) (local.get $b))) ;; i16x8.sub
  (func $op26 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.mul (local.get $a) (local.get $b))) ;; i16x8.mul
  (func $op27 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.add_sat_s (local.get $a) (local.get $b))) ;; i16x8.add_sat_s
  (func $op28 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.add_sat_u (local.get $a) (local.get $b))) ;; i16x8.add_sat_u
  (func $op29 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.sub_sat_s (local.get $a) (local.get $b))) ;; i16x8.sub_sat_s
  (func $op30 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.sub_sat_u (local.get $a) (local.get $b))) ;; i16x8.sub_sat_u
  (func $op31 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.min_s (local.get $a) (local.get $b))) ;; i16x8.min_s
  (func $op32 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.min_u (local.get $a) (local.get $b))) ;; i16x8.min_u
  (func $op33 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.max_s (local.get $a) (local.get $b))) ;; i16x8.max_s
  (func $op34 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.max_u (local.get $a) (local.get $b))) ;; i16x8.max_u
  (func $op35 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.avgr_u (local.get $a) (local.get $b))) ;; i16x8.avgr_u
  (func $op36 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.eq (local.get $a) (local.get $b))) ;; i16x8.eq
  (func $op37 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.ne (local.get $a) (local.get $b))) ;; i16x8.ne
  (func $op38 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.lt_s (local.get $a) (local.get $b))) ;; i16x8.lt_s
  (func $op39 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.lt_u (local.get $a) (local.get $b))) ;; i16x8.lt_u
  (func $op40 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.gt_s (local.get $a) (local.get $b))) ;; i16x8.gt_s
  (func $op41 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.gt_u (local.get $a) (local.get $b))) ;; i16x8.gt_u
  (func $op42 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.le_s (local.get $a) (local.get $b))) ;; i16x8.le_s
  (func $op43 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.le_u (local.get $a) (local.get $b))) ;; i16x8.le_u
  (func $op44 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.ge_s (local.get $a) (local.get $b))) ;; i16x8.ge_s
  (func $op45 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.ge_u (local.get $a) (local.get $b))) ;; i16x8.ge_u
  (func $op46 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.narrow_i32x4_s (local.get $a) (local.get $b))) ;; i16x8.narrow_i32x4_s
  (func $op47 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.narrow_i32x4_u (local.get $a) (local.get $b))) ;; i16x8.narrow_i32x4_u
  (func $op48 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.q15mulr_sat_s (local.get $a) (local.get $b))) ;; i16x8.q15mulr_sat_s
  (func $op49 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extmul_low_i8x16_s (local.get $a) (local.get $b))) ;; i16x8.extmul_low_i8x16_s
  (func $op50 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extmul_high_i8x16_s (local.get $a) (local.get $b))) ;; i16x8.extmul_high_i8x16_s
  (func $op51 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extmul_low_i8x16_u (local.get $a) (local.get $b))) ;; i16x8.extmul_low_i8x16_u
  (func $op52 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extmul_high_i8x16_u (local.get $a) (local.get $b))) ;; i16x8.extmul_high_i8x16_u
  (func $op53 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.add (local.get $a) (local.get $b))) ;; i32x4.add
  (func $op54 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.sub (local.get $a) (local.get $b))) ;; i32x4.sub
  (func $op55 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.mul (local.get $a) (local.get $b))) ;; i32x4.mul
  (func $op56 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.min_s (local.get $a) (local.get $b))) ;; i32x4.min_s
  (func $op57 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.min_u (local.get $a) (local.get $b))) ;; i32x4.min_u
  (func $op58 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.max_s (local.get $a) (local.get $b))) ;; i32x4.max_s
  (func $op59 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.max_u (local.get $a) (local.get $b))) ;; i32x4.max_u
  (func $op60 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.eq (local.get $a) (local.get $b))) ;; i32x4.eq
  (func $op61 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.ne (local.get $a) (local.get $b))) ;; i32x4.ne
  (func $op62 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.lt_s (local.get $a) (local.get $b))) ;; i32x4.lt_s
  (func $op63 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.lt_u (local.get $a) (local.get $b))) ;; i32x4.lt_u
  (func $op64 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.gt_s (local.get $a) (local.get $b))) ;; i32x4.gt_s
  (func $op65 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.gt_u (local.get $a) (local.get $b))) ;; i32x4.gt_u
  (func $op66 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.le_s (local.get $a) (local.get $b))) ;; i32x4.le_s
  (func $op67 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.le_u (local.get $a) (local.get $b))) ;; i32x4.le_u
  (func $op68 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.ge_s (local.get $a) (local.get $b))) ;; i32x4.ge_s
  (func $op69 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.ge_u (local.get $a) (local.get $b))) ;; i32x4.ge_u
  (func $op70 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.dot_i16x8_s (local.get $a) (local.get $b))) ;; i32x4.dot_i16x8_s
  (func $op71 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extmul_low_i16x8_s (local.get $a) (local.get $b))) ;; i32x4.extmul_low_i16x8_s
  (func $op72 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extmul_high_i16x8_s (local.get $a) (local.get $b))) ;; i32x4.extmul_high_i16x8_s
  (func $op73 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extmul_low_i16x8_u (local.get $a) (local.get $b))) ;; i32x4.extmul_low_i16x8_u
  (func $op74 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extmul_high_i16x8_u (local.get $a) (local.get $b))) ;; i32x4.extmul_high_i16x8_u
  (func $op75 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.add (local.get $a) (local.get $b))) ;; i64x2.add
  (func $op76 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.sub (local.get $a) (local.get $b))) ;; i64x2.sub
  (func $op77 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.mul (local.get $a) (local.get $b))) ;; i64x2.mul
  (func $op78 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.eq (local.get $a) (local.get $b))) ;; i64x2.eq
  (func $op79 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.ne (local.get $a) (local.get $b))) ;; i64x2.ne
  (func $op80 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.lt_s (local.get $a) (local.get $b))) ;; i64x2.lt_s
  (func $op81 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.gt_s (local.get $a) (local.get $b))) ;; i64x2.gt_s
  (func $op82 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.le_s (local.get $a) (local.get $b))) ;; i64x2.le_s
  (func $op83 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.ge_s (local.get $a) (local.get $b))) ;; i64x2.ge_s
  (func $op84 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extmul_low_i32x4_s (local.get $a) (local.get $b))) ;; i64x2.extmul_low_i32x4_s
  (func $op85 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extmul_high_i32x4_s (local.get $a) (local.get $b))) ;; i64x2.extmul_high_i32x4_s
  (func $op86 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extmul_low_i32x4_u (local.get $a) (local.get $b))) ;; i64x2.extmul_low_i32x4_u
  (func $op87 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extmul_high_i32x4_u (local.get $a) (local.get $b))) ;; i64x2.extmul_high_i32x4_u
  (func $op88 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.and (local.get $a) (local.get $b))) ;; v128.and
  (func $op89 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.andnot (local.get $a) (local.get $b))) ;; v128.andnot
  (func $op90 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.or (local.get $a) (local.get $b))) ;; v128.or
  (func $op91 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.xor (local.get $a) (local.get $b))) ;; v128.xor
  (func $op92 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.add (local.get $a) (local.get $b)))) ;; f32x4.add
  (func $op93 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.sub (local.get $a) (local.get $b)))) ;; f32x4.sub
  (func $op94 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.mul (local.get $a) (local.get $b)))) ;; f32x4.mul
  (func $op95 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.div (local.get $a) (local.get $b)))) ;; f32x4.div
  (func $op96 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.min (local.get $a) (local.get $b)))) ;; f32x4.min
  (func $op97 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.max (local.get $a) (local.get $b)))) ;; f32x4.max
  (func $op98 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.eq (local.get $a) (local.get $b))) ;; f32x4.eq
  (func $op99 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.ne (local.get $a) (local.get $b))) ;; f32x4.ne
  (func $op100 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.lt (local.get $a) (local.get $b))) ;; f32x4.lt
  (func $op101 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.gt (local.get $a) (local.get $b))) ;; f32x4.gt
  (func $op102 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.le (local.get $a) (local.get $b))) ;; f32x4.le
  (func $op103 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.ge (local.get $a) (local.get $b))) ;; f32x4.ge
  (func $op104 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.pmin (local.get $a) (local.get $b))) ;; f32x4.pmin
  (func $op105 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.pmax (local.get $a) (local.get $b))) ;; f32x4.pmax
  (func $op106 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.sqrt (local.get $a)))) ;; f32x4.sqrt
  (func $op107 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.ceil (local.get $a)))) ;; f32x4.ceil
  (func $op108 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.floor (local.get $a)))) ;; f32x4.floor
  (func $op109 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.trunc (local.get $a)))) ;; f32x4.trunc
  (func $op110 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.nearest (local.get $a)))) ;; f32x4.nearest
  (func $op111 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.abs (local.get $a))) ;; f32x4.abs
  (func $op112 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.neg (local.get $a))) ;; f32x4.neg
  (func $op113 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.convert_i32x4_s (local.get $a)))) ;; f32x4.convert_i32x4_s
  (func $op114 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.convert_i32x4_u (local.get $a)))) ;; f32x4.convert_i32x4_u
  (func $op115 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f32x4 (f32x4.demote_f64x2_zero (local.get $a)))) ;; f32x4.demote_f64x2_zero
  (func $op116 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.add (local.get $a) (local.get $b)))) ;; f64x2.add
  (func $op117 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.sub (local.get $a) (local.get $b)))) ;; f64x2.sub
  (func $op118 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.mul (local.get $a) (local.get $b)))) ;; f64x2.mul
  (func $op119 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.div (local.get $a) (local.get $b)))) ;; f64x2.div
  (func $op120 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.min (local.get $a) (local.get $b)))) ;; f64x2.min
  (func $op121 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.max (local.get $a) (local.get $b)))) ;; f64x2.max
  (func $op122 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.eq (local.get $a) (local.get $b))) ;; f64x2.eq
  (func $op123 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.ne (local.get $a) (local.get $b))) ;; f64x2.ne
  (func $op124 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.lt (local.get $a) (local.get $b))) ;; f64x2.lt
  (func $op125 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.gt (local.get $a) (local.get $b))) ;; f64x2.gt
  (func $op126 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.le (local.get $a) (local.get $b))) ;; f64x2.le
  (func $op127 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.ge (local.get $a) (local.get $b))) ;; f64x2.ge
  (func $op128 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.pmin (local.get $a) (local.get $b))) ;; f64x2.pmin
  (func $op129 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.pmax (local.get $a) (local.get $b))) ;; f64x2.pmax
  (func $op130 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.sqrt (local.get $a)))) ;; f64x2.sqrt
  (func $op131 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.ceil (local.get $a)))) ;; f64x2.ceil
  (func $op132 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.floor (local.get $a)))) ;; f64x2.floor
  (func $op133 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.trunc (local.get $a)))) ;; f64x2.trunc
  (func $op134 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.nearest (local.get $a)))) ;; f64x2.nearest
  (func $op135 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.abs (local.get $a))) ;; f64x2.abs
  (func $op136 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.neg (local.get $a))) ;; f64x2.neg
  (func $op137 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.convert_low_i32x4_s (local.get $a)))) ;; f64x2.convert_low_i32x4_s
  (func $op138 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.convert_low_i32x4_u (local.get $a)))) ;; f64x2.convert_low_i32x4_u
  (func $op139 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (call $canon_f64x2 (f64x2.promote_low_f32x4 (local.get $a)))) ;; f64x2.promote_low_f32x4
  (func $op140 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.abs (local.get $a))) ;; i8x16.abs
  (func $op141 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.neg (local.get $a))) ;; i8x16.neg
  (func $op142 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.popcnt (local.get $a))) ;; i8x16.popcnt
  (func $op143 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.abs (local.get $a))) ;; i16x8.abs
  (func $op144 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.neg (local.get $a))) ;; i16x8.neg
  (func $op145 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extadd_pairwise_i8x16_s (local.get $a))) ;; i16x8.extadd_pairwise_i8x16_s
  (func $op146 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extadd_pairwise_i8x16_u (local.get $a))) ;; i16x8.extadd_pairwise_i8x16_u
  (func $op147 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extend_low_i8x16_s (local.get $a))) ;; i16x8.extend_low_i8x16_s
  (func $op148 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extend_high_i8x16_s (local.get $a))) ;; i16x8.extend_high_i8x16_s
  (func $op149 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extend_low_i8x16_u (local.get $a))) ;; i16x8.extend_low_i8x16_u
  (func $op150 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.extend_high_i8x16_u (local.get $a))) ;; i16x8.extend_high_i8x16_u
  (func $op151 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.abs (local.get $a))) ;; i32x4.abs
  (func $op152 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.neg (local.get $a))) ;; i32x4.neg
  (func $op153 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extadd_pairwise_i16x8_s (local.get $a))) ;; i32x4.extadd_pairwise_i16x8_s
  (func $op154 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extadd_pairwise_i16x8_u (local.get $a))) ;; i32x4.extadd_pairwise_i16x8_u
  (func $op155 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extend_low_i16x8_s (local.get $a))) ;; i32x4.extend_low_i16x8_s
  (func $op156 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extend_high_i16x8_s (local.get $a))) ;; i32x4.extend_high_i16x8_s
  (func $op157 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extend_low_i16x8_u (local.get $a))) ;; i32x4.extend_low_i16x8_u
  (func $op158 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.extend_high_i16x8_u (local.get $a))) ;; i32x4.extend_high_i16x8_u
  (func $op159 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.trunc_sat_f32x4_s (local.get $a))) ;; i32x4.trunc_sat_f32x4_s
  (func $op160 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.trunc_sat_f32x4_u (local.get $a))) ;; i32x4.trunc_sat_f32x4_u
  (func $op161 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.trunc_sat_f64x2_s_zero (local.get $a))) ;; i32x4.trunc_sat_f64x2_s_zero
  (func $op162 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.trunc_sat_f64x2_u_zero (local.get $a))) ;; i32x4.trunc_sat_f64x2_u_zero
  (func $op163 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.abs (local.get $a))) ;; i64x2.abs
  (func $op164 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.neg (local.get $a))) ;; i64x2.neg
  (func $op165 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extend_low_i32x4_s (local.get $a))) ;; i64x2.extend_low_i32x4_s
  (func $op166 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extend_high_i32x4_s (local.get $a))) ;; i64x2.extend_high_i32x4_s
  (func $op167 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extend_low_i32x4_u (local.get $a))) ;; i64x2.extend_low_i32x4_u
  (func $op168 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.extend_high_i32x4_u (local.get $a))) ;; i64x2.extend_high_i32x4_u
  (func $op169 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.not (local.get $a))) ;; v128.not
  (func $op170 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (v128.bitselect (local.get $a) (local.get $b) (local.get $c))) ;; v128.bitselect
  (func $op171 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.shl (local.get $a) (local.get $s))) ;; i8x16.shl
  (func $op172 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.shr_s (local.get $a) (local.get $s))) ;; i8x16.shr_s
  (func $op173 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.shr_u (local.get $a) (local.get $s))) ;; i8x16.shr_u
  (func $op174 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.shl (local.get $a) (local.get $s))) ;; i16x8.shl
  (func $op175 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.shr_s (local.get $a) (local.get $s))) ;; i16x8.shr_s
  (func $op176 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.shr_u (local.get $a) (local.get $s))) ;; i16x8.shr_u
  (func $op177 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.shl (local.get $a) (local.get $s))) ;; i32x4.shl
  (func $op178 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.shr_s (local.get $a) (local.get $s))) ;; i32x4.shr_s
  (func $op179 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.shr_u (local.get $a) (local.get $s))) ;; i32x4.shr_u
  (func $op180 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.shl (local.get $a) (local.get $s))) ;; i64x2.shl
  (func $op181 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.shr_s (local.get $a) (local.get $s))) ;; i64x2.shr_s
  (func $op182 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.shr_u (local.get $a) (local.get $s))) ;; i64x2.shr_u
  (func $op183 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (v128.any_true (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; v128.any_true
  (func $op184 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i8x16.all_true (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i8x16.all_true
  (func $op185 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i16x8.all_true (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i16x8.all_true
  (func $op186 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i32x4.all_true (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i32x4.all_true
  (func $op187 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i64x2.all_true (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i64x2.all_true
  (func $op188 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i8x16.bitmask (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i8x16.bitmask
  (func $op189 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i16x8.bitmask (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i16x8.bitmask
  (func $op190 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i32x4.bitmask (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i32x4.bitmask
  (func $op191 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.add (i64x2.bitmask (local.get $a)) (i32.mul (local.get $i) (i32.const 0x10000))))) ;; i64x2.bitmask
  (func $op192 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i8x16.splat (i32.load (local.get $pa)))) ;; i8x16.splat
  (func $op193 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i16x8.splat (i32.load offset=2 (local.get $pa)))) ;; i16x8.splat
  (func $op194 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i32x4.splat (i32.load offset=4 (local.get $pa)))) ;; i32x4.splat
  (func $op195 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (i64x2.splat (i64.load offset=8 (local.get $pa)))) ;; i64x2.splat
  (func $op196 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f32x4.splat (f32.load offset=8 (local.get $pa)))) ;; f32x4.splat
  (func $op197 (type $op) (param $a v128) (param $b v128) (param $c v128) (param $s i32) (param $pa i32) (param $i i32) (result v128)
    (f64x2.splat (f64.load (local.get $pa)))) ;; f64x2.splat
  (func (export "_start")
    (call $run (i32.const 0) (i32.const 0) (i32.const 8192) (i32.const 9))
    (call $run (i32.const 1) (i32.const 0) (i32.const 8201) (i32.const 9))
    (call $run (i32.const 2) (i32.const 0) (i32.const 8210) (i32.const 15))
    (call $run (i32.const 3) (i32.const 0) (i32.const 8225) (i32.const 15))
    (call $run (i32.const 4) (i32.const 0) (i32.const 8240) (i32.const 15))
    (call $run (i32.const 5) (i32.const 0) (i32.const 8255) (i32.const 15))
    (call $run (i32.const 6) (i32.const 0) (i32.const 8270) (i32.const 11))
    (call $run (i32.const 7) (i32.const 0) (i32.const 8281) (i32.const 11))
    (call $run (i32.const 8) (i32.const 0) (i32.const 8292) (i32.const 11))
    (call $run (i32.const 9) (i32.const 0) (i32.const 8303) (i32.const 11))
    (call $run (i32.const 10) (i32.const 0) (i32.const 8314) (i32.const 12))
    (call $run (i32.const 11) (i32.const 0) (i32.const 8326) (i32.const 8))
    (call $run (i32.const 12) (i32.const 0) (i32.const 8334) (i32.const 8))
    (call $run (i32.const 13) (i32.const 0) (i32.const 8342) (i32.const 10))
    (call $run (i32.const 14) (i32.const 0) (i32.const 8352) (i32.const 10))
    (call $run (i32.const 15) (i32.const 0) (i32.const 8362) (i32.const 10))
    (call $run (i32.const 16) (i32.const 0) (i32.const 8372) (i32.const 10))
    (call $run (i32.const 17) (i32.const 0) (i32.const 8382) (i32.const 10))
    (call $run (i32.const 18) (i32.const 0) (i32.const 8392) (i32.const 10))
    (call $run (i32.const 19) (i32.const 0) (i32.const 8402) (i32.const 10))
    (call $run (i32.const 20) (i32.const 0) (i32.const 8412) (i32.const 10))
    (call $run (i32.const 21) (i32.const 0) (i32.const 8422) (i32.const 20))
    (call $run (i32.const 22) (i32.const 0) (i32.const 8442) (i32.const 20))
    (call $run (i32.const 23) (i32.const 0) (i32.const 8462) (i32.const 13))
    (call $run (i32.const 24) (i32.const 0) (i32.const 8475) (i32.const 9))
    (call $run (i32.const 25) (i32.const 0) (i32.const 8484) (i32.const 9))
    (call $run (i32.const 26) (i32.const 0) (i32.const 8493) (i32.const 9))
    (call $run (i32.const 27) (i32.const 0) (i32.const 8502) (i32.const 15))
    (call $run (i32.const 28) (i32.const 0) (i32.const 8517) (i32.const 15))
    (call $run (i32.const 29) (i32.const 0) (i32.const 8532) (i32.const 15))
    (call $run (i32.const 30) (i32.const 0) (i32.const 8547) (i32.const 15))
    (call $run (i32.const 31) (i32.const 0) (i32.const 8562) (i32.const 11))
    (call $run (i32.const 32) (i32.const 0) (i32.const 8573) (i32.const 11))
    (call $run (i32.const 33) (i32.const 0) (i32.const 8584) (i32.const 11))
    (call $run (i32.const 34) (i32.const 0) (i32.const 8595) (i32.const 11))
    (call $run (i32.const 35) (i32.const 0) (i32.const 8606) (i32.const 12))
    (call $run (i32.const 36) (i32.const 0) (i32.const 8618) (i32.const 8))
    (call $run (i32.const 37) (i32.const 0) (i32.const 8626) (i32.const 8))
    (call $run (i32.const 38) (i32.const 0) (i32.const 8634) (i32.const 10))
    (call $run (i32.const 39) (i32.const 0) (i32.const 8644) (i32.const 10))
    (call $run (i32.const 40) (i32.const 0) (i32.const 8654) (i32.const 10))
    (call $run (i32.const 41) (i32.const 0) (i32.const 8664) (i32.const 10))
    (call $run (i32.const 42) (i32.const 0) (i32.const 8674) (i32.const 10))
    (call $run (i32.const 43) (i32.const 0) (i32.const 8684) (i32.const 10))
    (call $run (i32.const 44) (i32.const 0) (i32.const 8694) (i32.const 10))
    (call $run (i32.const 45) (i32.const 0) (i32.const 8704) (i32.const 10))
    (call $run (i32.const 46) (i32.const 0) (i32.const 8714) (i32.const 20))
    (call $run (i32.const 47) (i32.const 0) (i32.const 8734) (i32.const 20))
    (call $run (i32.const 48) (i32.const 0) (i32.const 8754) (i32.const 19))
    (call $run (i32.const 49) (i32.const 0) (i32.const 8773) (i32.const 24))
    (call $run (i32.const 50) (i32.const 0) (i32.const 8797) (i32.const 25))
    (call $run (i32.const 51) (i32.const 0) (i32.const 8822) (i32.const 24))
    (call $run (i32.const 52) (i32.const 0) (i32.const 8846) (i32.const 25))
    (call $run (i32.const 53) (i32.const 0) (i32.const 8871) (i32.const 9))
    (call $run (i32.const 54) (i32.const 0) (i32.const 8880) (i32.const 9))
    (call $run (i32.const 55) (i32.const 0) (i32.const 8889) (i32.const 9))
    (call $run (i32.const 56) (i32.const 0) (i32.const 8898) (i32.const 11))
    (call $run (i32.const 57) (i32.const 0) (i32.const 8909) (i32.const 11))
    (call $run (i32.const 58) (i32.const 0) (i32.const 8920) (i32.const 11))
    (call $run (i32.const 59) (i32.const 0) (i32.const 8931) (i32.const 11))
    (call $run (i32.const 60) (i32.const 0) (i32.const 8942) (i32.const 8))
    (call $run (i32.const 61) (i32.const 0) (i32.const 8950) (i32.const 8))
    (call $run (i32.const 62) (i32.const 0) (i32.const 8958) (i32.const 10))
    (call $run (i32.const 63) (i32.const 0) (i32.const 8968) (i32.const 10))
    (call $run (i32.const 64) (i32.const 0) (i32.const 8978) (i32.const 10))
    (call $run (i32.const 65) (i32.const 0) (i32.const 8988) (i32.const 10))
    (call $run (i32.const 66) (i32.const 0) (i32.const 8998) (i32.const 10))
    (call $run (i32.const 67) (i32.const 0) (i32.const 9008) (i32.const 10))
    (call $run (i32.const 68) (i32.const 0) (i32.const 9018) (i32.const 10))
    (call $run (i32.const 69) (i32.const 0) (i32.const 9028) (i32.const 10))
    (call $run (i32.const 70) (i32.const 0) (i32.const 9038) (i32.const 17))
    (call $run (i32.const 71) (i32.const 0) (i32.const 9055) (i32.const 24))
    (call $run (i32.const 72) (i32.const 0) (i32.const 9079) (i32.const 25))
    (call $run (i32.const 73) (i32.const 0) (i32.const 9104) (i32.const 24))
    (call $run (i32.const 74) (i32.const 0) (i32.const 9128) (i32.const 25))
    (call $run (i32.const 75) (i32.const 0) (i32.const 9153) (i32.const 9))
    (call $run (i32.const 76) (i32.const 0) (i32.const 9162) (i32.const 9))
    (call $run (i32.const 77) (i32.const 0) (i32.const 9171) (i32.const 9))
    (call $run (i32.const 78) (i32.const 0) (i32.const 9180) (i32.const 8))
    (call $run (i32.const 79) (i32.const 0) (i32.const 9188) (i32.const 8))
    (call $run (i32.const 80) (i32.const 0) (i32.const 9196) (i32.const 10))
    (call $run (i32.const 81) (i32.const 0) (i32.const 9206) (i32.const 10))
    (call $run (i32.const 82) (i32.const 0) (i32.const 9216) (i32.const 10))
    (call $run (i32.const 83) (i32.const 0) (i32.const 9226) (i32.const 10))
    (call $run (i32.const 84) (i32.const 0) (i32.const 9236) (i32.const 24))
    (call $run (i32.const 85) (i32.const 0) (i32.const 9260) (i32.const 25))
    (call $run (i32.const 86) (i32.const 0) (i32.const 9285) (i32.const 24))
    (call $run (i32.const 87) (i32.const 0) (i32.const 9309) (i32.const 25))
    (call $run (i32.const 88) (i32.const 0) (i32.const 9334) (i32.const 8))
    (call $run (i32.const 89) (i32.const 0) (i32.const 9342) (i32.const 11))
    (call $run (i32.const 90) (i32.const 0) (i32.const 9353) (i32.const 7))
    (call $run (i32.const 91) (i32.const 0) (i32.const 9360) (i32.const 8))
    (call $run (i32.const 92) (i32.const 0) (i32.const 9368) (i32.const 9))
    (call $run (i32.const 93) (i32.const 0) (i32.const 9377) (i32.const 9))
    (call $run (i32.const 94) (i32.const 0) (i32.const 9386) (i32.const 9))
    (call $run (i32.const 95) (i32.const 0) (i32.const 9395) (i32.const 9))
    (call $run (i32.const 96) (i32.const 0) (i32.const 9404) (i32.const 9))
    (call $run (i32.const 97) (i32.const 0) (i32.const 9413) (i32.const 9))
    (call $run (i32.const 98) (i32.const 0) (i32.const 9422) (i32.const 8))
    (call $run (i32.const 99) (i32.const 0) (i32.const 9430) (i32.const 8))
    (call $run (i32.const 100) (i32.const 0) (i32.const 9438) (i32.const 8))
    (call $run (i32.const 101) (i32.const 0) (i32.const 9446) (i32.const 8))
    (call $run (i32.const 102) (i32.const 0) (i32.const 9454) (i32.const 8))
    (call $run (i32.const 103) (i32.const 0) (i32.const 9462) (i32.const 8))
    (call $run (i32.const 104) (i32.const 0) (i32.const 9470) (i32.const 10))
    (call $run (i32.const 105) (i32.const 0) (i32.const 9480) (i32.const 10))
    (call $run (i32.const 106) (i32.const 1) (i32.const 9490) (i32.const 10))
    (call $run (i32.const 107) (i32.const 1) (i32.const 9500) (i32.const 10))
    (call $run (i32.const 108) (i32.const 1) (i32.const 9510) (i32.const 11))
    (call $run (i32.const 109) (i32.const 1) (i32.const 9521) (i32.const 11))
    (call $run (i32.const 110) (i32.const 1) (i32.const 9532) (i32.const 13))
    (call $run (i32.const 111) (i32.const 1) (i32.const 9545) (i32.const 9))
    (call $run (i32.const 112) (i32.const 1) (i32.const 9554) (i32.const 9))
    (call $run (i32.const 113) (i32.const 1) (i32.const 9563) (i32.const 21))
    (call $run (i32.const 114) (i32.const 1) (i32.const 9584) (i32.const 21))
    (call $run (i32.const 115) (i32.const 1) (i32.const 9605) (i32.const 23))
    (call $run (i32.const 116) (i32.const 0) (i32.const 9628) (i32.const 9))
    (call $run (i32.const 117) (i32.const 0) (i32.const 9637) (i32.const 9))
    (call $run (i32.const 118) (i32.const 0) (i32.const 9646) (i32.const 9))
    (call $run (i32.const 119) (i32.const 0) (i32.const 9655) (i32.const 9))
    (call $run (i32.const 120) (i32.const 0) (i32.const 9664) (i32.const 9))
    (call $run (i32.const 121) (i32.const 0) (i32.const 9673) (i32.const 9))
    (call $run (i32.const 122) (i32.const 0) (i32.const 9682) (i32.const 8))
    (call $run (i32.const 123) (i32.const 0) (i32.const 9690) (i32.const 8))
    (call $run (i32.const 124) (i32.const 0) (i32.const 9698) (i32.const 8))
    (call $run (i32.const 125) (i32.const 0) (i32.const 9706) (i32.const 8))
    (call $run (i32.const 126) (i32.const 0) (i32.const 9714) (i32.const 8))
    (call $run (i32.const 127) (i32.const 0) (i32.const 9722) (i32.const 8))
    (call $run (i32.const 128) (i32.const 0) (i32.const 9730) (i32.const 10))
    (call $run (i32.const 129) (i32.const 0) (i32.const 9740) (i32.const 10))
    (call $run (i32.const 130) (i32.const 1) (i32.const 9750) (i32.const 10))
    (call $run (i32.const 131) (i32.const 1) (i32.const 9760) (i32.const 10))
    (call $run (i32.const 132) (i32.const 1) (i32.const 9770) (i32.const 11))
    (call $run (i32.const 133) (i32.const 1) (i32.const 9781) (i32.const 11))
    (call $run (i32.const 134) (i32.const 1) (i32.const 9792) (i32.const 13))
    (call $run (i32.const 135) (i32.const 1) (i32.const 9805) (i32.const 9))
    (call $run (i32.const 136) (i32.const 1) (i32.const 9814) (i32.const 9))
    (call $run (i32.const 137) (i32.const 1) (i32.const 9823) (i32.const 25))
    (call $run (i32.const 138) (i32.const 1) (i32.const 9848) (i32.const 25))
    (call $run (i32.const 139) (i32.const 1) (i32.const 9873) (i32.const 23))
    (call $run (i32.const 140) (i32.const 1) (i32.const 9896) (i32.const 9))
    (call $run (i32.const 141) (i32.const 1) (i32.const 9905) (i32.const 9))
    (call $run (i32.const 142) (i32.const 1) (i32.const 9914) (i32.const 12))
    (call $run (i32.const 143) (i32.const 1) (i32.const 9926) (i32.const 9))
    (call $run (i32.const 144) (i32.const 1) (i32.const 9935) (i32.const 9))
    (call $run (i32.const 145) (i32.const 1) (i32.const 9944) (i32.const 29))
    (call $run (i32.const 146) (i32.const 1) (i32.const 9973) (i32.const 29))
    (call $run (i32.const 147) (i32.const 1) (i32.const 10002) (i32.const 24))
    (call $run (i32.const 148) (i32.const 1) (i32.const 10026) (i32.const 25))
    (call $run (i32.const 149) (i32.const 1) (i32.const 10051) (i32.const 24))
    (call $run (i32.const 150) (i32.const 1) (i32.const 10075) (i32.const 25))
    (call $run (i32.const 151) (i32.const 1) (i32.const 10100) (i32.const 9))
    (call $run (i32.const 152) (i32.const 1) (i32.const 10109) (i32.const 9))
    (call $run (i32.const 153) (i32.const 1) (i32.const 10118) (i32.const 29))
    (call $run (i32.const 154) (i32.const 1) (i32.const 10147) (i32.const 29))
    (call $run (i32.const 155) (i32.const 1) (i32.const 10176) (i32.const 24))
    (call $run (i32.const 156) (i32.const 1) (i32.const 10200) (i32.const 25))
    (call $run (i32.const 157) (i32.const 1) (i32.const 10225) (i32.const 24))
    (call $run (i32.const 158) (i32.const 1) (i32.const 10249) (i32.const 25))
    (call $run (i32.const 159) (i32.const 1) (i32.const 10274) (i32.const 23))
    (call $run (i32.const 160) (i32.const 1) (i32.const 10297) (i32.const 23))
    (call $run (i32.const 161) (i32.const 1) (i32.const 10320) (i32.const 28))
    (call $run (i32.const 162) (i32.const 1) (i32.const 10348) (i32.const 28))
    (call $run (i32.const 163) (i32.const 1) (i32.const 10376) (i32.const 9))
    (call $run (i32.const 164) (i32.const 1) (i32.const 10385) (i32.const 9))
    (call $run (i32.const 165) (i32.const 1) (i32.const 10394) (i32.const 24))
    (call $run (i32.const 166) (i32.const 1) (i32.const 10418) (i32.const 25))
    (call $run (i32.const 167) (i32.const 1) (i32.const 10443) (i32.const 24))
    (call $run (i32.const 168) (i32.const 1) (i32.const 10467) (i32.const 25))
    (call $run (i32.const 169) (i32.const 1) (i32.const 10492) (i32.const 8))
    (call $run (i32.const 170) (i32.const 0) (i32.const 10500) (i32.const 14))
    (call $run (i32.const 171) (i32.const 2) (i32.const 10514) (i32.const 9))
    (call $run (i32.const 172) (i32.const 2) (i32.const 10523) (i32.const 11))
    (call $run (i32.const 173) (i32.const 2) (i32.const 10534) (i32.const 11))
    (call $run (i32.const 174) (i32.const 2) (i32.const 10545) (i32.const 9))
    (call $run (i32.const 175) (i32.const 2) (i32.const 10554) (i32.const 11))
    (call $run (i32.const 176) (i32.const 2) (i32.const 10565) (i32.const 11))
    (call $run (i32.const 177) (i32.const 2) (i32.const 10576) (i32.const 9))
    (call $run (i32.const 178) (i32.const 2) (i32.const 10585) (i32.const 11))
    (call $run (i32.const 179) (i32.const 2) (i32.const 10596) (i32.const 11))
    (call $run (i32.const 180) (i32.const 2) (i32.const 10607) (i32.const 9))
    (call $run (i32.const 181) (i32.const 2) (i32.const 10616) (i32.const 11))
    (call $run (i32.const 182) (i32.const 2) (i32.const 10627) (i32.const 11))
    (call $run (i32.const 183) (i32.const 3) (i32.const 10638) (i32.const 13))
    (call $run (i32.const 184) (i32.const 3) (i32.const 10651) (i32.const 14))
    (call $run (i32.const 185) (i32.const 3) (i32.const 10665) (i32.const 14))
    (call $run (i32.const 186) (i32.const 3) (i32.const 10679) (i32.const 14))
    (call $run (i32.const 187) (i32.const 3) (i32.const 10693) (i32.const 14))
    (call $run (i32.const 188) (i32.const 3) (i32.const 10707) (i32.const 13))
    (call $run (i32.const 189) (i32.const 3) (i32.const 10720) (i32.const 13))
    (call $run (i32.const 190) (i32.const 3) (i32.const 10733) (i32.const 13))
    (call $run (i32.const 191) (i32.const 3) (i32.const 10746) (i32.const 13))
    (call $run (i32.const 192) (i32.const 1) (i32.const 10759) (i32.const 11))
    (call $run (i32.const 193) (i32.const 1) (i32.const 10770) (i32.const 11))
    (call $run (i32.const 194) (i32.const 1) (i32.const 10781) (i32.const 11))
    (call $run (i32.const 195) (i32.const 1) (i32.const 10792) (i32.const 11))
    (call $run (i32.const 196) (i32.const 1) (i32.const 10803) (i32.const 11))
    (call $run (i32.const 197) (i32.const 1) (i32.const 10814) (i32.const 11))
  )
)
