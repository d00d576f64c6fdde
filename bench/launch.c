/* Start-up timer for bench/run: spawns argv[2..] argv[1] times (stdout to /dev/null) and
 * prints the median wall-clock time of one spawn-to-exit, in microseconds. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
extern char **environ;
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: launch N cmd args...\n"); return 2; }
    int n = atoi(argv[1]);
    double *t = malloc(sizeof *t * n);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    for (int i = 0; i < n; i++) {
        struct timespec a, b;
        pid_t pid; int st;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ) != 0) { perror("posix_spawn"); return 1; }
        waitpid(pid, &st, 0);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) { fprintf(stderr, "launch: %s failed\n", argv[2]); return 1; }
        t[i] = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
    }
    qsort(t, n, sizeof *t, cmp);
    printf("%.1f\n", t[n / 2]);
    return 0;
}
