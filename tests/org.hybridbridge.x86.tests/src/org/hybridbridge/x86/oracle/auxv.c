/* Prints what execve left for the program: argv, envp and the auxiliary-vector entries that do
 * not depend on the host (no uid, hwcap or random bytes), for comparing the lockstep's process
 * image with the kernel's. */
#include <stdio.h>
#include <sys/auxv.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] %s\n", i, argv[i]);
    }
    for (char **variable = environ; *variable; variable++) {
        printf("env %s\n", *variable);
    }
    printf("phdr %#lx\nphent %lu\nphnum %lu\nentry %#lx\npagesz %lu\nbase %#lx\nflags %#lx\nclktck %lu\n",
           getauxval(AT_PHDR), getauxval(AT_PHENT), getauxval(AT_PHNUM), getauxval(AT_ENTRY),
           getauxval(AT_PAGESZ), getauxval(AT_BASE), getauxval(AT_FLAGS), getauxval(AT_CLKTCK));
    printf("secure %lu\nexecfn %s\nplatform %s\n", getauxval(AT_SECURE), (char *) getauxval(AT_EXECFN),
           (char *) getauxval(AT_PLATFORM));
    return 0;
}
