package org.hybridbridge.taint;

/**
 * Where the kernel build handles its own trouble: the functions a run that is going wrong passes
 * through, which Slow-Bridge watches ({@link KernelTrouble}). An address is 0 where the build
 * lacks the function.
 *
 * @param warn  {@code __warn}: a {@code WARN()} fired (after the {@code ud2} of the check)
 * @param fixup {@code fixup_exception}: a kernel-mode fault looks for an exception-table fixup
 *              (the access was one that may fail, such as {@code copy_from_kernel_nofault})
 * @param oops  {@code oops_begin}: the kernel is about to print an oops and kill the task
 */
public record KernelTroubleSites(long warn, long fixup, long oops) {

    /** A build whose trouble is not watched (unit tests of programs without a kernel). */
    public static final KernelTroubleSites NONE = new KernelTroubleSites(0, 0, 0);
}
