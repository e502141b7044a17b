package org.hybridbridge.internal.qemu.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.GuestException;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.qemu.VcpuState.DescriptorTable;
import org.hybridbridge.qemu.VcpuState.Segment;

/**
 * Turns the fields of QEMU's {@code cpu} section (target/i386/machine.c, vmstate version 12)
 * into a {@link VcpuState}. Numbers are big-endian in the stream.
 */
public final class QemuCpuFields {

    /** The general registers in VcpuState's order, and their index in QEMU's env.regs. */
    private static final String[] GPRS = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10",
            "r11", "r12", "r13", "r14", "r15" };
    private static final int[] GPR_INDEX = { 0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15 };
    /** QEMU's env.segs order. */
    private static final String[] SEGMENTS = { "es", "cs", "ss", "ds", "fs", "gs" };
    /** Register name to the stream's field name, in VcpuState's documented order after the GPRs. */
    private static final String[][] NAMED = { { "rip", "env.eip" }, { "rflags", "env.eflags" }, { "cr0", "env.cr[0]" },
            { "cr2", "env.cr[2]" }, { "cr3", "env.cr[3]" }, { "cr4", "env.cr[4]" }, { "efer", "env.efer" },
            { "fs_base", "env.segs[4].base" }, { "gs_base", "env.segs[5].base" },
            { "kernel_gs_base", "env.kernelgsbase" }, { "star", "env.star" }, { "lstar", "env.lstar" },
            { "cstar", "env.cstar" }, { "sfmask", "env.fmask" }, { "pat", "env.pat" }, { "tsc", "env.tsc" },
            { "tsc_aux", "env.tsc_aux" }, { "sysenter_cs", "env.sysenter_cs" }, { "sysenter_esp", "env.sysenter_esp" },
            { "sysenter_eip", "env.sysenter_eip" }, { "dr0", "env.dr[0]" }, { "dr1", "env.dr[1]" },
            { "dr2", "env.dr[2]" }, { "dr3", "env.dr[3]" }, { "dr4", "env.dr[4]" }, { "dr5", "env.dr[5]" },
            { "dr6", "env.dr[6]" }, { "dr7", "env.dr[7]" }, { "xcr0", "env.xcr0" }, { "fcw", "env.fpuc" },
            { "fsw", "env.fpus_vmstate" }, { "ftw", "env.fptag_vmstate" }, { "mxcsr", "env.mxcsr" } };
    private static final String SOURCE = "qemu-migration-stream";

    private QemuCpuFields() {
    }

    public static VcpuState toVcpuState(Map<String, byte[]> fields) {
        Map<String, Long> registers = new LinkedHashMap<>();
        for (int i = 0; i < GPRS.length; i++) {
            registers.put(GPRS[i], number(fields, "env.regs[" + GPR_INDEX[i] + "]"));
        }
        for (String[] named : NAMED) {
            registers.put(named[0], number(fields, named[1]));
        }
        if (registers.get("tsc") == 0) {
            registers.remove("tsc"); // TCG leaves env.tsc unset: only KVM stores the TSC there
        }
        Map<String, Segment> segments = new LinkedHashMap<>();
        for (int i = 0; i < SEGMENTS.length; i++) {
            segments.put(SEGMENTS[i], segment(fields, "env.segs[" + i + "]"));
        }
        segments.put("ldt", segment(fields, "env.ldt"));
        segments.put("tr", segment(fields, "env.tr"));
        Segment gdt = segment(fields, "env.gdt");
        Segment idt = segment(fields, "env.idt");
        return new VcpuState(registers, segments, new DescriptorTable(gdt.base(), gdt.limit()),
                new DescriptorTable(idt.base(), idt.limit()), x87(fields), xmm(fields), SOURCE);
    }

    private static Segment segment(Map<String, byte[]> fields, String name) {
        return new Segment((int) number(fields, name + ".selector"), number(fields, name + ".base"),
                number(fields, name + ".limit"), (int) number(fields, name + ".flags"));
    }

    /** Each fpregs element is a 64-bit mantissa and a 16-bit sign+exponent: the 80-bit value, little-endian. */
    private static List<String> x87(Map<String, byte[]> fields) {
        List<String> registers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ByteBuffer stream = ByteBuffer.wrap(field(fields, "env.fpregs[" + i + "].tmp"));
            ByteBuffer value = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            value.putLong(stream.getLong()).putShort(stream.getShort());
            registers.add(HexFormat.of().formatHex(value.array()));
        }
        return registers;
    }

    /** Each xmm_regs element holds the low then the high quadword. */
    private static List<String> xmm(Map<String, byte[]> fields) {
        List<String> registers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String prefix = "env.xmm_regs[0][" + i + "]._q_ZMMReg";
            ByteBuffer value = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            value.putLong(number(fields, prefix + "[0]")).putLong(number(fields, prefix + "[1]"));
            registers.add(HexFormat.of().formatHex(value.array()));
        }
        return registers;
    }

    private static long number(Map<String, byte[]> fields, String name) {
        long value = 0;
        for (byte b : field(fields, name)) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    private static byte[] field(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        if (value == null) {
            throw new GuestException("QEMU's cpu state lacks " + name + " (a QEMU version this code does not know?)");
        }
        return value;
    }
}
