package org.hybridbridge.fast;

import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * What a redirected Fast-Bridge run needs besides the SVM (DESIGN.md 3.4, part 2).
 *
 * @param gvm             the GVM snapshot, mapped private as its own slots
 * @param gvmCr3          the GVM's CR3 at its snapshot: its kernel half becomes the R view's
 * @param gvmPerCpuBase   the per-CPU area of the GVM CPU introspected: the R view's GS base
 * @param known           the meta-data the code copies are patched from
 * @param kernelStackSize THREAD_SIZE: the R view keeps the SVM's kernel stack
 */
public record Redirection(SnapshotFile gvm, long gvmCr3, long gvmPerCpuBase, KernelMetadata known,
        long kernelStackSize) {
}
