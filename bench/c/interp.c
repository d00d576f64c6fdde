/* A bytecode interpreter (stack machine, switch dispatch) running a loop-heavy program. */
#include <stdint.h>
#include <stdio.h>
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, XOR, SHR, DUP, POP, HALT };
static const int32_t prog[] = {
    /* 0 */ PUSH, 0, STORE, 0,            /* i = 0 */
    /* 4 */ PUSH, 1, STORE, 1,            /* acc = 1 */
    /* 8 */ LOAD, 0, PUSH, 10000000, LT, JZ, 48,
    /* 15 */ LOAD, 1, PUSH, 31, MUL, LOAD, 0, ADD, PUSH, 1000003, MOD, STORE, 1,
    /* 28 */ LOAD, 1, LOAD, 1, PUSH, 3, SHR, XOR, STORE, 2,
    /* 38 */ LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 8,
    /* 47 */ POP,
    /* 48 */ LOAD, 1, LOAD, 2, ADD, HALT};
static int64_t run(const int32_t *code) {
    int64_t stack[64], vars[8] = {0}; int sp = 0, pc = 0;
    for (;;) {
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case JZ: { int32_t t = code[pc++]; if (!stack[--sp]) pc = t; break; }
        case JMP: pc = code[pc]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case POP: sp--; break;
        case HALT: return stack[sp - 1];
        }
    }
}
int main(void) {
    printf("interp %lld\n", (long long)run(prog));
    return 0;
}
