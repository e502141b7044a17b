/* getpid: prints the caller's pid, read from the kernel by the getpid system call. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    /* A raw system call: the value must come from the kernel's task, never from a libc cache. */
    printf("%ld\n", syscall(SYS_getpid));
    return 0;
}
