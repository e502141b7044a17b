/* gettime: prints the kernel's wall-clock time as seconds.nanoseconds since the epoch. */
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    struct timespec now;
    /* A raw system call: libc would answer from the vDSO without entering the kernel, and the
       point of this utility is a time that the kernel computes. */
    if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &now) != 0) {
        perror("gettime: clock_gettime");
        return 1;
    }
    printf("%lld.%09ld\n", (long long) now.tv_sec, now.tv_nsec);
    return 0;
}
