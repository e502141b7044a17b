/*
 * getprocname: prints a process's name (its comm).
 *   getprocname        the caller's own name, from the kernel's task by prctl(PR_GET_NAME)
 *   getprocname PID    the name of process PID, from /proc/PID/comm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

static int print_own_name(void)
{
    char name[17] = "";
    if (prctl(PR_GET_NAME, name, 0, 0, 0) != 0) {
        perror("getprocname: prctl");
        return 1;
    }
    printf("%s\n", name);
    return 0;
}

static int print_name_of(const char *pid)
{
    char *end;
    strtol(pid, &end, 10);
    if (*pid == '\0' || *end != '\0') {
        fprintf(stderr, "getprocname: not a pid: %s\n", pid);
        return 2;
    }
    char path[64];
    char name[64] = "";
    snprintf(path, sizeof path, "/proc/%s/comm", pid);
    FILE *file = fopen(path, "r");
    if (file == NULL || fgets(name, sizeof name, file) == NULL) {
        fprintf(stderr, "getprocname: no process %s\n", pid);
        return 1;
    }
    fclose(file);
    name[strcspn(name, "\n")] = '\0';
    printf("%s\n", name);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "usage: getprocname [PID]\n");
        return 2;
    }
    return argc == 2 ? print_name_of(argv[1]) : print_own_name();
}
