/* tinyps: lists the processes as "pid comm", one a line, in the order /proc returns them. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

static int is_pid(const char *name)
{
    for (const char *c = name; *c != '\0'; c++) {
        if (!isdigit((unsigned char) *c)) {
            return 0;
        }
    }
    return *name != '\0';
}

int main(void)
{
    DIR *proc = opendir("/proc");
    if (proc == NULL) {
        perror("tinyps: /proc");
        return 1;
    }
    printf("PID COMM\n");
    for (struct dirent *entry = readdir(proc); entry != NULL; entry = readdir(proc)) {
        if (!is_pid(entry->d_name)) {
            continue;
        }
        char path[sizeof entry->d_name + 16];
        char comm[64] = "";
        snprintf(path, sizeof path, "/proc/%s/comm", entry->d_name);
        FILE *file = fopen(path, "r");
        if (file == NULL) {
            continue; /* the process exited while we listed it */
        }
        if (fgets(comm, sizeof comm, file) != NULL) {
            comm[strcspn(comm, "\n")] = '\0';
        }
        fclose(file);
        printf("%s %s\n", entry->d_name, comm);
    }
    closedir(proc);
    return 0;
}
