package org.hybridbridge.x86;

/**
 * Flags, I/O, MSRs, control and debug registers, descriptor tables, cache and TLB control,
 * fences, extended state and the hints (prefetch, CET's endbr64 lives with the NOPs).
 */
final class SystemOpcodes {

    private SystemOpcodes() {
    }

    static void register(OpcodeTable t) {
        registerFlagsAndIo(t);
        registerMachineState(t);
        registerDescriptorTables(t);
        registerCacheAndExtendedState(t);
    }

    private static void registerFlagsAndIo(OpcodeTable t) {
        t.add("F4", "HLT", Flow.NONE);
        t.add("FA", "CLI", Flow.NONE);
        t.add("FB", "STI", Flow.NONE);
        t.add("FC", "CLD", Flow.NONE);
        t.add("FD", "STD", Flow.NONE);
        t.add("F8", "CLC", Flow.NONE);
        t.add("F9", "STC", Flow.NONE);
        t.add("F5", "CMC", Flow.NONE);
        t.add("9B", "FWAIT", Flow.NONE);
        t.add("E4", "IN AL,Ib", Flow.W_R);
        t.add("E5", "IN eAX,Ib", Flow.W_R);
        t.add("EC", "IN AL,DX", Flow.W_R);
        t.add("ED", "IN eAX,DX", Flow.W_R);
        t.add("E6", "OUT Ib,AL", Flow.R_R);
        t.add("E7", "OUT Ib,eAX", Flow.R_R);
        t.add("EE", "OUT DX,AL", Flow.R_R);
        t.add("EF", "OUT DX,eAX", Flow.R_R);
    }

    private static void registerMachineState(OpcodeTable t) {
        t.add("0F 30", "WRMSR", Flow.NONE);
        t.add("0F 31", "RDTSC", Flow.NONE);
        t.add("0F 32", "RDMSR", Flow.NONE);
        t.add("0F 33", "RDPMC", Flow.NONE);
        t.add("0F A2", "CPUID", Flow.NONE);
        t.add("0F 06", "CLTS", Flow.NONE);
        t.add("0F 08", "INVD", Flow.NONE);
        t.add("0F 09 noprefix", "WBINVD", Flow.NONE);
        t.add("0F 77 noprefix", "EMMS", Flow.NONE);
        // mov to/from CR/DR ignores ModRM.mod: the r/m operand is always a register
        t.add("0F 20 /r", "MOV Rq,Cq", Flow.W_R);
        t.add("0F 21 /r", "MOV Rq,Dq", Flow.W_R);
        t.add("0F 22 /r", "MOV Cq,Rq", Flow.W_R);
        t.add("0F 23 /r", "MOV Dq,Rq", Flow.W_R);
        t.add("0F 01 F8", "SWAPGS", Flow.NONE);
        t.add("0F 01 F9", "RDTSCP", Flow.NONE);
        t.add("0F 01 D0", "XGETBV", Flow.NONE);
        t.add("0F 01 D1", "XSETBV", Flow.NONE);
        t.add("0F 01 CA", "CLAC", Flow.NONE);
        t.add("0F 01 CB", "STAC", Flow.NONE);
        t.add("0F 01 C8 intel", "MONITOR RAX,ECX,EDX", Flow.R_R_R);
        t.add("0F 01 C9 intel", "MWAIT EAX,ECX", Flow.R_R);
        t.add("0F C7 /6 reg noprefix", "RDRAND Rv", Flow.W);
        t.add("0F C7 /7 reg noprefix", "RDSEED Rv", Flow.W);
    }

    private static void registerDescriptorTables(OpcodeTable t) {
        t.add("0F 01 /0 mem", "SGDT Ms", Flow.W);
        t.add("0F 01 /1 mem", "SIDT Ms", Flow.W);
        t.add("0F 01 /2 mem", "LGDT Ms", Flow.R);
        t.add("0F 01 /3 mem", "LIDT Ms", Flow.R);
        t.add("0F 01 /4 reg", "SMSW Rv", Flow.W);
        t.add("0F 01 /4 mem", "SMSW Mw", Flow.W);
        t.add("0F 01 /6", "LMSW Ew", Flow.R);
        t.add("0F 01 /7 mem", "INVLPG M", Flow.A);
        t.add("0F 00 /0 reg", "SLDT Rv", Flow.W);
        t.add("0F 00 /0 mem", "SLDT Mw", Flow.W);
        t.add("0F 00 /1 reg", "STR Rv", Flow.W);
        t.add("0F 00 /1 mem", "STR Mw", Flow.W);
        t.add("0F 00 /2", "LLDT Ew", Flow.R);
        t.add("0F 00 /3", "LTR Ew", Flow.R);
        t.add("0F 00 /4", "VERR Ew", Flow.R);
        t.add("0F 00 /5", "VERW Ew", Flow.R);
    }

    private static void registerCacheAndExtendedState(OpcodeTable t) {
        t.add("0F AE E8", "LFENCE", Flow.NONE);
        t.add("0F AE F0", "MFENCE", Flow.NONE);
        t.add("0F AE F8", "SFENCE", Flow.NONE);
        t.add("0F AE /0 mem", "FXSAVE|FXSAVE64 M", Flow.W);
        t.add("0F AE /1 mem", "FXRSTOR|FXRSTOR64 M", Flow.R);
        t.add("0F AE /2 mem", "LDMXCSR Md", Flow.R);
        t.add("0F AE /3 mem", "STMXCSR Md", Flow.W);
        t.add("0F AE /4 mem", "XSAVE|XSAVE64 M", Flow.W);
        t.add("0F AE /5 mem", "XRSTOR|XRSTOR64 M", Flow.R);
        t.add("0F AE /6 mem", "XSAVEOPT|XSAVEOPT64 M", Flow.W);
        t.add("0F AE /7 mem", "CLFLUSH M", Flow.A);
        t.add("66 0F AE /7 mem", "CLFLUSHOPT M", Flow.A);
        t.add("0F C7 /3 mem", "XRSTORS|XRSTORS64 M", Flow.R);
        t.add("0F C7 /4 mem", "XSAVEC|XSAVEC64 M", Flow.W);
        t.add("0F C7 /5 mem", "XSAVES|XSAVES64 M", Flow.W);
        t.add("0F 18 /0 mem", "PREFETCHNTA M", Flow.A);
        t.add("0F 18 /1 mem", "PREFETCHT0 M", Flow.A);
        t.add("0F 18 /2 mem", "PREFETCHT1 M", Flow.A);
        t.add("0F 18 /3 mem", "PREFETCHT2 M", Flow.A);
        t.add("0F 0D /0 mem", "PREFETCH M", Flow.A);
        t.add("0F 0D /1 mem", "PREFETCHW M", Flow.A);
        t.add("0F 0D /2 mem", "PREFETCHWT1 M", Flow.A);
        for (int reg = 3; reg < 8; reg++) {
            // AMD reserves /3../7 as aliases of /0
            t.add("0F 0D /" + reg + " mem", "PREFETCH M", Flow.A);
        }
    }
}
