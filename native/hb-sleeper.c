/*
 * hb-sleeper: a process that only waits. The demo GVM installs it under telling names
 * (sshd-backdoor, cryptominer): the kernel's comm is the name it was executed as, so the GVM's
 * process list shows names the SVM has not. It must not burn the single emulated vCPU.
 */
#include <unistd.h>

int main(void)
{
    for (;;) {
        pause();
    }
}
