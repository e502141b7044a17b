/*
 * hb-sleeper: a process that only waits. The GVMs install it under telling names
 * (sshd-backdoor, cryptominer, nginx ...): the kernel's comm is the name it was executed as, so
 * the GVM's process list shows names the SVM has not; its arguments are shown, never read. With
 * HB_SLEEPER_UID=N in its environment it first becomes uid and gid N (busybox's setpriv cannot),
 * so a fixture has processes of an unprivileged user. It must not burn an emulated vCPU.
 */
#include <grp.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    const char *uid = getenv("HB_SLEEPER_UID");

    if (uid != NULL) {
        gid_t id = (gid_t)atoi(uid);
        if (setgroups(0, NULL) != 0 || setgid(id) != 0 || setuid(id) != 0) {
            return 1;
        }
    }
    for (;;) {
        pause();
    }
}
