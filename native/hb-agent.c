/*
 * hb-agent: runs one inspection utility per command line on the serial console, and marks the
 * moment just before it execs the utility so the host can snapshot the guest there.
 *
 * Line protocol (the console is set to no echo; every agent line ends with '\n'):
 *   agent: HB-READY                      ready for one command
 *   host:  <command line>                words separated by blanks, no quoting; the first word
 *                                        is a path or a name searched in /bin:/sbin:/usr/bin:/usr/sbin
 *   agent: HB-BEGIN <pid>                pid of the child that will exec the utility, printed
 *                                        by that child, so it always precedes the output
 *          ... the utility's stdout and stderr, unchanged ...
 *   agent: \nHB-END exit=<n>             or "\nHB-END signal=<n>"; the '\n' before HB-END is the
 *                                        agent's, so output that lacks a final newline stays
 *                                        unambiguous: the host drops exactly that one '\n'
 *   agent: HB-READY
 * An empty line gets HB-READY again. The line HB-PARK parks a child instead: it maps the command
 * page at HB_COMMAND_ADDRESS, prints HB-BEGIN <pid> and calls hb_marker(HB_MARK_PARK), where the
 * host takes the one SVM run-start snapshot; then it runs the command line it finds in that page
 * (a run writes it there in its private copy of the snapshot), or exits 0 if the page is empty, as
 * it is when the host lets the guest go on. A command that cannot be run ends with exit=127 and a
 * line "hb-agent: <command>: <reason>" as its output.
 *
 * Marker: the child calls hb_marker(HB_MARK_EXEC) (see hb-marker.h: fixed address 0x68620000,
 * kind in RDI) after resolving the path and right before execve, so a breakpoint there stops
 * the guest in user mode with the child as the current process: the run-start state.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hb-marker.h"

#define MAX_LINE 4096
#define MAX_WORDS 64

/* S_COLORS=never: sysstat colours its figures on a terminal, and the host reads plain text. */
static char *const environment[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=dumb", "S_COLORS=never",
                                     NULL };

static const char *const search_path[] = { "/bin", "/sbin", "/usr/bin", "/usr/sbin" };

/* The host reads a clean byte stream: no echo of its own commands, no '\r' added to output. */
static void quiet_console(void)
{
    struct termios mode;
    if (tcgetattr(STDIN_FILENO, &mode) == 0) {
        mode.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL);
        mode.c_oflag &= ~OPOST;
        tcsetattr(STDIN_FILENO, TCSANOW, &mode);
    }
}

/* In place and without strtok's hidden state: the parked child splits its command page with it. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int split_words(char *line, char **words)
{
    int count = 0;
    char *at = line;
    while (count < MAX_WORDS - 1) {
        while (is_blank(*at)) {
            at++;
        }
        if (*at == '\0') {
            break;
        }
        words[count++] = at;
        while (*at != '\0' && !is_blank(*at)) {
            at++;
        }
        if (*at != '\0') {
            *at++ = '\0';
        }
    }
    words[count] = NULL;
    return count;
}

static int resolve(const char *name, char *path, size_t size)
{
    if (strchr(name, '/') != NULL) {
        snprintf(path, size, "%s", name);
        return access(path, X_OK);
    }
    for (size_t i = 0; i < sizeof search_path / sizeof search_path[0]; i++) {
        snprintf(path, size, "%s/%s", search_path[i], name);
        if (access(path, X_OK) == 0) {
            return 0;
        }
    }
    errno = ENOENT;
    return -1;
}

static void run_child(char **words)
{
    char path[512];
    if (resolve(words[0], path, sizeof path) != 0) {
        int error = errno;
        printf("HB-BEGIN %d\n", (int) getpid());
        hb_flush_before_marker();
        hb_marker(HB_MARK_MISSING);
        printf("hb-agent: %s: %s\n", words[0], strerror(error));
        _exit(127);
    }
    /* Printed by the child itself, so it always precedes the utility's output. */
    printf("HB-BEGIN %d\n", (int) getpid());
    hb_flush_before_marker();
    hb_marker(HB_MARK_EXEC);
    execve(path, words, environment);
    printf("hb-agent: %s: %s\n", words[0], strerror(errno));
    _exit(127);
}

/*
 * What the parked child uses after the mark, written before it (the command page too), so they
 * are the child's own pages at the snapshot: a run takes no copy-on-write fault on them, and on
 * the fast path every fault is an exit.
 */
static char *parked_words[MAX_WORDS];
static char parked_path[512];

/* After the park marker: the words of the command page, resolved and executed; no HB-BEGIN, no other mark. */
static void run_parked_command(char *page)
{
    page[HB_COMMAND_SIZE - 1] = '\0';
    if (split_words(page, parked_words) == 0) {
        _exit(0);
    }
    if (resolve(parked_words[0], parked_path, sizeof parked_path) == 0) {
        execve(parked_path, parked_words, environment);
    }
    printf("hb-agent: %s: %s\n", parked_words[0], strerror(errno));
    _exit(127);
}

static void park_child(void)
{
    char *page = mmap((void *) HB_COMMAND_ADDRESS, HB_COMMAND_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_POPULATE, -1, 0);
    if (page == MAP_FAILED) {
        printf("HB-BEGIN %d\nhb-agent: cannot map the command page: %s\n", (int) getpid(), strerror(errno));
        _exit(127);
    }
    memset(page, 0, HB_COMMAND_SIZE);
    memset(parked_words, 0, sizeof parked_words);
    memset(parked_path, 0, sizeof parked_path);
    printf("HB-BEGIN %d\n", (int) getpid());
    hb_flush_before_marker();
    hb_marker(HB_MARK_PARK);
    run_parked_command(page);
}

static void run(char **words)
{
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
        printf("HB-BEGIN 0\nhb-agent: fork: %s\n\nHB-END exit=127\n", strerror(errno));
        return;
    }
    if (child == 0) {
        if (strcmp(words[0], "HB-PARK") == 0 && words[1] == NULL) {
            park_child();
        }
        run_child(words);
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            printf("\nHB-END exit=127\n");
            return;
        }
    }
    if (WIFSIGNALED(status)) {
        printf("\nHB-END signal=%d\n", WTERMSIG(status));
    } else {
        printf("\nHB-END exit=%d\n", WEXITSTATUS(status));
    }
}

int main(void)
{
    char line[MAX_LINE];
    char *words[MAX_WORDS];
    quiet_console();
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (;;) {
        printf("HB-READY\n");
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL) {
            return 0;
        }
        if (split_words(line, words) > 0) {
            run(words);
        }
    }
}
