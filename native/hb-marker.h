/*
 * The marker the host stops on: a function at a fixed virtual address that no other code in the
 * guest shares, so a QEMU gdbstub breakpoint there (GDB remote "Z0,<address>,1") stops the vCPU
 * exactly in user mode in the marking process. Breakpoints under TCG match virtual addresses in
 * every address space; busybox and the kernel have nothing mapped at this address.
 *
 * Link every program that includes this header with
 *     -Wl,--section-start=.hbmarker=0x68620000
 * The kind of mark is the first argument (RDI at the stop):
 *     HB_MARK_EXEC    the agent's child, just before execve of the utility
 *     HB_MARK_FREEZE  hb-freeze, after it printed its pid
 *     HB_MARK_MISSING the agent's child, when the command is not in the guest: the host waiting
 *                     for HB_MARK_EXEC learns it at once instead of waiting for a stop that
 *                     never comes
 *     HB_MARK_PARK    the agent's child, parked before it reads a command line from the page at
 *                     HB_COMMAND_ADDRESS: one run-start snapshot serves every utility, the run
 *                     writing the command line there in its private copy before it starts
 */
#ifndef HB_MARKER_H
#define HB_MARKER_H

#include <stdio.h>
#include <termios.h>

#define HB_MARKER_ADDRESS 0x68620000UL
#define HB_MARK_EXEC 1
#define HB_MARK_FREEZE 2
#define HB_MARK_MISSING 3
#define HB_MARK_PARK 4

/*
 * The parked child's command line: NUL-terminated, words separated by blanks, in a page of its own.
 * Below the marker, not above it: a static program's heap starts right after its highest section,
 * and hb-agent's (stdio's buffers) already reaches past 0x68630000 when nothing randomises it.
 */
#define HB_COMMAND_ADDRESS 0x68600000UL
#define HB_COMMAND_SIZE 4096

/* noinline and the asm keep the call and the argument: the host reads RDI at the stop. */
__attribute__((section(".hbmarker"), noinline, used)) static void hb_marker(long kind)
{
    __asm__ volatile("" : : "r"(kind) : "memory");
}

/*
 * Flushes stdout and waits until the console has sent it (tcdrain): the host must read what was
 * printed before the marker stops the whole guest. On several vCPUs the UART may otherwise still
 * hold the line when the breakpoint stops every CPU, and the host would wait for it forever.
 */
static void hb_flush_before_marker(void)
{
    fflush(stdout);
    tcdrain(1);
}

#endif
