package org.hybridbridge.fast;

import java.nio.file.Path;

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
 * @param handOffAfter    the view switches of one introspected call on KVM after which its rest
 *                        runs on the engine ({@link IntrospectedCall}); {@link #NEVER_HAND_OFF}
 *                        keeps every call native, as the paper's design
 * @param fallback        learns an instruction without meta-data; {@code null}: such an instruction
 *                        stops the run
 * @param codePageCache   where the code pages built for this kernel build are kept between runs
 *                        ({@link CodePageCache}); {@code null}: built in every run
 */
public record Redirection(SnapshotFile gvm, long gvmCr3, long gvmPerCpuBase, KernelMetadata known,
        long kernelStackSize, int handOffAfter, WindowFallback fallback, Path codePageCache) {

    /** {@link #handOffAfter} that never hands a call over. */
    public static final int NEVER_HAND_OFF = 0;
    /**
     * Measured on ps (hb bench fast): a call of two or three switches is cheaper native, one of
     * dozens cheaper interpreted; four lets the short windows (getpid's take up to eight) pay at most four exits.
     */
    public static final int DEFAULT_HAND_OFF_AFTER = 4;
}
