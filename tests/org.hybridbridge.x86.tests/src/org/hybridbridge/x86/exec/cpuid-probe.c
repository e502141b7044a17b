/*
 * Multiboot payload for QemuCpuModelTest: runs cpuid for each (leaf, subleaf) below and prints
 * "leaf subleaf eax ebx ecx edx" in hex, one line each, on QEMU's debugcon port, then exits
 * through isa-debug-exit.
 */
#define PORT 0xE9
__attribute__((section(".multiboot"), used, aligned(4)))
static const unsigned int header[3] = { 0x1BADB002, 0, -0x1BADB002u };

static void out(char c) { __asm__ volatile("outb %0, %1" :: "a"(c), "Nd"((unsigned short)PORT)); }
static void hex(unsigned int v) {
    for (int i = 28; i >= 0; i -= 4) out("0123456789abcdef"[(v >> i) & 15]);
}
static const unsigned int queries[][2] = {
    {0,0},{1,0},{2,0},{3,0},{4,0},{4,1},{4,2},{4,3},{4,4},{5,0},{6,0},{7,0},{7,1},{8,0},{9,0},{0xA,0},{0xB,0},{0xB,1},
    {0xC,0},{0xD,0},{0xD,1},{0xD,2},{0xE,0},{0x14,0},{0x40000000,0},{0x40000001,0},{0x40000002,0},{0x400000FF,0},
    {0x80000000,0},{0x80000001,0},{0x80000002,0},{0x80000003,0},{0x80000004,0},{0x80000005,0},{0x80000006,0},
    {0x80000007,0},{0x80000008,0},{0x80000009,0},{0x8000000A,0},{0x8000000B,0},{0x80000019,0},{0x8000001F,0},{0x80000020,0},
    {0xC0000000,0},
};
void _start(void) {
    for (unsigned int q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        unsigned int a, b, c, d;
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(queries[q][0]), "c"(queries[q][1]));
        hex(queries[q][0]); out(' '); hex(queries[q][1]); out(' ');
        hex(a); out(' '); hex(b); out(' '); hex(c); out(' '); hex(d); out('\n');
    }
    __asm__ volatile("outl %0, %1" :: "a"(0), "Nd"((unsigned short)0xF4));
    for (;;) __asm__ volatile("hlt");
}
