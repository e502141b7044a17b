package org.hybridbridge.internal.qemu.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.qemu.VcpuState.DescriptorTable;
import org.hybridbridge.qemu.VcpuState.Segment;

/**
 * What a QEMU {@code dump-guest-memory} ELF core (x86-64, no paging) holds: one PT_LOAD per
 * guest-physical range (physical address in {@code p_paddr}) and, per vCPU, an NT_PRSTATUS
 * note and a "QEMU" note with QEMU's QEMUCPUState (target/i386/arch_dump.c). QEMU writes the
 * notes vCPU by vCPU in its CPU index order (dump.c, CPU_FOREACH), the order its ACPI tables give
 * the guest's CPUs their numbers: the n-th QEMU note is CPU n's state.
 */
public final class ElfCore {

    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final String[] QEMU_GPRS = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags" };
    private static final String[] QEMU_SEGMENTS = { "cs", "ds", "es", "fs", "gs", "ss", "ldt", "tr" };

    /** One PT_LOAD: {@code size} bytes of guest-physical memory from {@code physical}, at {@code fileOffset}. */
    public record Load(long physical, long size, long fileOffset) {
    }

    private final List<Load> loads;
    private final List<VcpuState> vcpus;

    private ElfCore(List<Load> loads, List<VcpuState> vcpus) {
        this.loads = List.copyOf(loads);
        this.vcpus = List.copyOf(vcpus);
    }

    public List<Load> loads() {
        return loads;
    }

    /**
     * Every vCPU's state from its QEMU note, by CPU number: registers, segments, descriptor tables,
     * CRs, and KERNEL_GS_BASE where QEMU records it (5.2 and later).
     */
    public List<VcpuState> vcpus() {
        return vcpus;
    }

    /** Reads the headers and notes; a file too short for the memory its headers describe is refused in one line. */
    public static ElfCore read(FileChannel file, String name) throws IOException {
        ByteBuffer header = read(file, 0, 64, name);
        if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1 || header.getShort(18) != 62) {
            throw new InvalidSnapshotException(name + " is not a little-endian x86-64 ELF core");
        }
        long programHeaders = header.getLong(32);
        int entrySize = header.getShort(54) & 0xffff;
        int count = header.getShort(56) & 0xffff;
        List<Load> loads = new ArrayList<>();
        List<VcpuState> vcpus = new ArrayList<>();
        long end = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer entry = read(file, programHeaders + (long) i * entrySize, 56, name);
            int type = entry.getInt(0);
            long offset = entry.getLong(8);
            long physical = entry.getLong(24);
            long size = entry.getLong(32);
            if (type == PT_LOAD) {
                loads.add(new Load(physical, size, offset));
                end = Math.max(end, offset + size);
            } else if (type == PT_NOTE) {
                vcpus.addAll(qemuNotes(read(file, offset, (int) size, name)));
            }
        }
        if (loads.isEmpty() || vcpus.isEmpty()) {
            throw new InvalidSnapshotException(name + " is not a QEMU dump-guest-memory core (no memory or no QEMU note)");
        }
        if (file.size() < end) {
            throw truncated(name, String.format("its memory ends at byte %,d, the file at %,d", end, file.size()));
        }
        return new ElfCore(loads, vcpus);
    }

    private static List<VcpuState> qemuNotes(ByteBuffer notes) {
        List<VcpuState> vcpus = new ArrayList<>();
        while (notes.remaining() >= 12) {
            int nameSize = notes.getInt();
            int descriptionSize = notes.getInt();
            notes.getInt(); // type
            byte[] name = new byte[nameSize];
            notes.get(name);
            notes.position(align4(notes.position()));
            ByteBuffer description = notes.slice(notes.position(), descriptionSize).order(ByteOrder.LITTLE_ENDIAN);
            notes.position(align4(notes.position() + descriptionSize));
            if (new String(name, StandardCharsets.US_ASCII).startsWith("QEMU")) {
                vcpus.add(qemuCpuState(description));
            }
        }
        return vcpus;
    }

    /** QEMUCPUState: version, size, 18 registers, 10 segments of {selector, limit, flags, pad, base}, cr[5], kernel_gs_base. */
    private static VcpuState qemuCpuState(ByteBuffer state) {
        state.getInt(); // version
        int size = state.getInt();
        Map<String, Long> registers = new LinkedHashMap<>();
        for (String name : QEMU_GPRS) {
            registers.put(name, state.getLong());
        }
        Map<String, Segment> segments = new LinkedHashMap<>();
        for (String name : QEMU_SEGMENTS) {
            segments.put(name, segment(state));
        }
        Segment gdt = segment(state);
        Segment idt = segment(state);
        long[] cr = new long[5];
        for (int i = 0; i < cr.length; i++) {
            cr[i] = state.getLong();
        }
        for (int i : new int[] { 0, 2, 3, 4 }) {
            registers.put("cr" + i, cr[i]);
        }
        registers.put("fs_base", segments.get("fs").base());
        registers.put("gs_base", segments.get("gs").base());
        if (size >= state.position() + 8) {
            registers.put("kernel_gs_base", state.getLong()); // added in a later QEMUCPUState version
        }
        return new VcpuState(registers, segments, new DescriptorTable(gdt.base(), gdt.limit()),
                new DescriptorTable(idt.base(), idt.limit()), List.of(), List.of(), "elf-core-notes");
    }

    private static Segment segment(ByteBuffer state) {
        int selector = state.getInt();
        long limit = state.getInt() & 0xffffffffL;
        int flags = state.getInt();
        state.getInt(); // padding
        return new Segment(selector, state.getLong(), limit, flags);
    }

    private static ByteBuffer read(FileChannel file, long position, int length, String name) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw truncated(name, String.format("its headers need byte %,d, the file ends at %,d",
                        position + length, file.size()));
            }
        }
        return buffer.flip();
    }

    private static InvalidSnapshotException truncated(String name, String detail) {
        return new InvalidSnapshotException(name + " is truncated: " + detail + " (was the dump interrupted?)");
    }

    private static int align4(int value) {
        return (value + 3) & ~3;
    }
}
