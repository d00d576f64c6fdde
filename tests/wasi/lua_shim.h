/* Included (-include) into every Lua source when building Lua for wasm32-wasi in tests/wasi.rs.
 * wasi-libc has no setjmp/longjmp, so a Lua error cannot unwind: LUAI_THROW (see the -D flags
 * in tests/wasi.rs) reports the error and exits with status 1 instead. pcall/error therefore
 * end the program; the test scripts do not raise errors. */
#ifndef W2N_LUA_SHIM_H
#define W2N_LUA_SHIM_H
struct lua_State;
_Noreturn void w2n_lua_throw(struct lua_State *L, int status);
#endif
