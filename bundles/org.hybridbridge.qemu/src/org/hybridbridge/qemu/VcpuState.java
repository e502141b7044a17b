package org.hybridbridge.qemu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a snapshot's one vCPU (DESIGN.md 3.1), as the snapshot's source knew it.
 *
 * <p>Register names: {@code rax rbx rcx rdx rsi rdi rbp rsp r8 ... r15 rip rflags cr0 cr2 cr3
 * cr4 efer fs_base gs_base kernel_gs_base star lstar cstar sfmask pat tsc tsc_aux sysenter_cs
 * sysenter_esp sysenter_eip dr0 ... dr7 xcr0 fcw fsw ftw mxcsr} ({@code ftw} abridged, one bit
 * per register, as FXSAVE stores it). A name absent from {@link #registers()} was not known
 * to the source: QEMU's ELF core notes carry no MSRs and no FPU state, and QEMU under TCG keeps
 * no TSC value in its vCPU state (it computes the TSC from the host clock when read).
 *
 * @param registers name to value, in the order above
 * @param segments  {@code es cs ss ds fs gs ldt tr}
 * @param gdt       the GDTR
 * @param idt       the IDTR
 * @param x87       {@code st0}..{@code st7} (physical registers R0..R7), each 10 bytes little-endian, as hex; empty when unknown
 * @param xmm       {@code xmm0}..{@code xmm15}, each 16 bytes little-endian, as hex; empty when unknown
 * @param source    where the state came from, e.g. {@code qemu-migration-stream}, {@code elf-core-notes}
 */
public record VcpuState(Map<String, Long> registers, Map<String, Segment> segments, DescriptorTable gdt,
        DescriptorTable idt, List<String> x87, List<String> xmm, String source) {

    /**
     * A segment register with its hidden part.
     *
     * @param flags the descriptor's attribute bits as QEMU keeps them: bits 8-23 of the
     *              descriptor's high dword (type, S, DPL, P, AVL, L, D/B, G) in place
     */
    public record Segment(int selector, long base, long limit, int flags) {
    }

    public record DescriptorTable(long base, long limit) {
    }

    public VcpuState {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
        segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
        x87 = List.copyOf(x87);
        xmm = List.copyOf(xmm);
    }

    /** The value of register {@code name}, or a one-line error if the source did not know it. */
    public long register(String name) {
        Long value = registers.get(name);
        if (value == null) {
            throw new GuestException("the vCPU state from " + source + " has no register " + name);
        }
        return value;
    }
}
