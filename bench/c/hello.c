/* Start-up benchmark: prints one line and exits. */
#include <stdio.h>
int main(void) { puts("Hello, world!"); return 0; }
