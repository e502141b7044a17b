/*
 * hb-sleeper: a process that only waits. The GVMs install it under telling names
 * (sshd-backdoor, cryptominer, nginx ...): the kernel's comm is the name it was executed as, so
 * the GVM's process list shows names the SVM has not; its arguments are shown, never read. With
 * HB_SLEEPER_UID=N in its environment it first becomes uid and gid N (busybox's setpriv cannot),
 * so a fixture has processes of an unprivileged user. With HB_SLEEPER_UDP=PORT or
 * HB_SLEEPER_TCP=PORT it first binds a UDP socket (busybox's nc has no UDP) or listens on a TCP
 * socket at 0.0.0.0:PORT, so a fixture has servers' sockets owned by servers' names. It must not
 * burn an emulated vCPU.
 */
#include <grp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int bound(const char *port, int type)
{
    struct sockaddr_in address;
    int one = 1;
    int fd = socket(AF_INET, type, 0);

    if (fd < 0) {
        return 0;
    }
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(port));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        return 0;
    }
    return type != SOCK_STREAM || listen(fd, 16) == 0;
}

int main(void)
{
    const char *uid = getenv("HB_SLEEPER_UID");
    const char *udp = getenv("HB_SLEEPER_UDP");
    const char *tcp = getenv("HB_SLEEPER_TCP");

    if ((udp != NULL && !bound(udp, SOCK_DGRAM)) || (tcp != NULL && !bound(tcp, SOCK_STREAM))) {
        return 1;
    }
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
