/* A static program for the objdump lockstep test: its own code is small, the point is the
 * glibc it links (string functions in SSE2/SSSE3/SSE4/AVX variants, stdio, math). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; long key; unsigned char tag; };

static long walk(struct node *n, long bias)
{
    long sum = 0;
    for (; n; n = n->next)
        sum += (n->key << 3) ^ (bias >> (n->tag & 7)) ^ (long) __builtin_popcountl(n->key);
    return sum;
}

int main(int argc, char **argv)
{
    struct node nodes[16];
    for (int i = 0; i < 16; i++) {
        nodes[i].next = i < 15 ? &nodes[i + 1] : NULL;
        nodes[i].key = (long) i * argc - 3;
        nodes[i].tag = (unsigned char) (argv[0][i % 4] * 7);
    }
    char buffer[256];
    memset(buffer, 'x', sizeof buffer - 1);
    buffer[255] = 0;
    double ratio = (double) walk(nodes, argc) / (strlen(buffer) + 1);
    printf("%ld %zu %.3f %s\n", walk(nodes, 42), strlen(argv[0]), ratio, strchr(buffer, 'y') ? "y" : "n");
    return (int) (__builtin_ctzl((unsigned long) argc | 256) + __builtin_clzl((unsigned long) argc + 1)) & 1;
}
