/* Runtime half of lua_shim.h: the error "throw" of Lua built without setjmp, and stand-ins for
 * the C library calls wasi-libc lacks (a sandboxed program has no shell). */
#include <stdio.h>
#include <stdlib.h>
#include "lua.h"

_Noreturn void w2n_lua_throw(lua_State *L, int status) {
    const char *msg = lua_tostring(L, -1);
    fflush(stdout);
    fprintf(stderr, "lua: %s (status %d)\n", msg ? msg : "(error object is not a string)", status);
    exit(1);
}

int system(const char *cmd) {
    return cmd ? -1 : 0; /* no shell */
}

FILE *tmpfile(void) {
    return NULL; /* io.tmpfile() fails: no place for anonymous files in the sandbox */
}
