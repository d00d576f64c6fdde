/* Catching wasm traps in-process (the spec-test runner): `w2n_catch` runs a body with a
 * sigsetjmp point registered in a caller-provided slot; the trap path (possibly inside a
 * signal handler, on the alternate stack) calls `w2n_unwind`, which siglongjmps back and
 * restores the signal mask. Nothing between the two may need destructors: compiled wasm
 * frames and the runtime's trap path own no resources. */
#include <setjmp.h>

typedef void (*w2n_body_fn)(void *);

int w2n_catch(w2n_body_fn body, void *data, void **slot) {
    sigjmp_buf buf;
    void *volatile prev = *slot;
    int code = sigsetjmp(buf, 1);
    if (code == 0) {
        *slot = &buf;
        body(data);
    }
    *slot = prev;
    return code;
}

void w2n_unwind(void *jmp, int code) {
    siglongjmp(*(sigjmp_buf *)jmp, code);
}
