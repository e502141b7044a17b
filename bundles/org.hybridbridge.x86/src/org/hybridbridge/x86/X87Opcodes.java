package org.hybridbridge.x86;

/**
 * The x87 instructions the Linux kernel runs on an AMD-vendor CPU: {@code fnclex; emms; fildl}
 * before restoring FPU state, to clear the x87 pointers FXSAVE would leak (X86_BUG_FXSAVE_LEAK,
 * {@code restore_fpregs_from_fpstate}); and the control-word store and load with which glibc's
 * printf reads the rounding mode ({@code __printf_fp}). The rest of the x87 is not decoded.
 */
final class X87Opcodes {

    private X87Opcodes() {
    }

    static void register(OpcodeTable t) {
        t.add("DB E2", "FNCLEX", Flow.NONE);
        t.add("DB /0 mem", "FILD Md", Flow.R);
        t.add("D9 /5 mem nosuffix", "FLDCW Mw", Flow.R);
        t.add("D9 /7 mem nosuffix", "FNSTCW Mw", Flow.W);
    }
}
