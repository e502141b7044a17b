/*
 * hb-freeze: makes itself the GVM's current process at a known point, for a GVM snapshot.
 * Prints "HB-FREEZE <pid>", then calls the marker with HB_MARK_FREEZE (see hb-marker.h): with
 * the host's breakpoint there, the guest stops in user mode with this process as current.
 */
#include <stdio.h>
#include <unistd.h>

#include "hb-marker.h"

int main(void)
{
    printf("HB-FREEZE %d\n", (int) getpid());
    hb_flush_before_marker();
    hb_marker(HB_MARK_FREEZE);
    return 0;
}
