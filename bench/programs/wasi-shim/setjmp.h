/* wasm32-wasi has no setjmp/longjmp without the exception-handling proposal. The benchmark
 * programs never raise an error that must be caught, so a failed "longjmp" aborts. */
#ifndef W2N_BENCH_SETJMP_H
#define W2N_BENCH_SETJMP_H
#include <stdlib.h>
typedef int jmp_buf[1];
#define setjmp(b) ((void)(b), 0)
#define _setjmp(b) ((void)(b), 0)
#define longjmp(b, v) ((void)(b), (void)(v), abort())
#define _longjmp(b, v) ((void)(b), (void)(v), abort())
#endif
