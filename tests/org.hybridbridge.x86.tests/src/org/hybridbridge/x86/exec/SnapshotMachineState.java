package org.hybridbridge.x86.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Test-only reader of a {@code .hbsnap} (format 1: 4 KiB header, RAM from 4096, JSON manifest;
 * the qemu bundle's {@code SnapshotFile} is the real one): the vCPU state as a {@link CpuState}
 * and the RAM as copy-on-write {@link PhysicalMemory}, so runs never touch the file.
 */
final class SnapshotMachineState {

    private static final String[] GPRS = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
            "r11", "r12", "r13", "r14", "r15" };
    private static final String[] SEGMENTS = { "es", "cs", "ss", "ds", "fs", "gs" };
    private static final Map<String, Integer> MSRS = Map.of("star", CpuState.MSR_STAR, "lstar", CpuState.MSR_LSTAR,
            "cstar", CpuState.MSR_CSTAR, "sfmask", CpuState.MSR_SFMASK, "pat", CpuState.MSR_PAT, "tsc_aux",
            CpuState.MSR_TSC_AUX, "sysenter_cs", 0x174, "sysenter_esp", 0x175, "sysenter_eip", 0x176);

    final CpuState cpu = new CpuState();
    final PhysicalMemory memory;
    /** The marking process's pid (the manifest's marker). */
    final int pid;
    /** The kernel's {@code linux_banner}, as the manifest records it. */
    final String kernelBanner;

    SnapshotMachineState(Path snapshot) throws IOException {
        try (FileChannel file = FileChannel.open(snapshot, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            file.read(header, 0);
            long manifestOffset = header.getLong(16);
            ByteBuffer json = ByteBuffer.allocate((int) header.getLong(24));
            file.read(json, manifestOffset);
            JsonObject manifest = JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            JsonObject range = manifest.getAsJsonArray("memory").get(0).getAsJsonObject();
            if (manifest.getAsJsonArray("memory").size() != 1 || number(range, "guestPhysical") != 0) {
                throw new IOException(snapshot + ": the test reads only snapshots with one RAM range from 0");
            }
            memory = new CopyOnWriteMemory(
                    file.map(FileChannel.MapMode.READ_ONLY, number(range, "fileOffset"), number(range, "size")));
            pid = manifest.getAsJsonObject("marker").get("pid").getAsInt();
            kernelBanner = manifest.get("kernelBanner").getAsString();
            load(manifest.getAsJsonObject("vcpu"));
        }
    }

    private void load(JsonObject vcpu) {
        JsonObject r = vcpu.getAsJsonObject("registers");
        for (int n = 0; n < GPRS.length; n++) {
            cpu.setGpr(n, number(r, GPRS[n]));
        }
        cpu.setRip(number(r, "rip"));
        cpu.setRflags(number(r, "rflags"));
        for (int n : new int[] { 0, 2, 3, 4 }) {
            cpu.setCr(n, number(r, "cr" + n));
        }
        cpu.setEfer(number(r, "efer"));
        MSRS.forEach((name, index) -> cpu.setMsr(index, number(r, name)));
        for (int n : new int[] { 0, 1, 2, 3, 6, 7 }) {
            cpu.setDr(n, number(r, "dr" + n));
        }
        cpu.setXcr0(number(r, "xcr0"));
        cpu.setMxcsr((int) number(r, "mxcsr"));
        JsonObject segments = vcpu.getAsJsonObject("segments");
        for (int n = 0; n < SEGMENTS.length; n++) {
            JsonObject s = segments.getAsJsonObject(SEGMENTS[n]);
            cpu.setSegment(n, (int) number(s, "selector"), number(s, "base"), (int) number(s, "flags"));
        }
        JsonObject tr = segments.getAsJsonObject("tr");
        cpu.setTr((int) number(tr, "selector"), number(tr, "base"), (int) number(tr, "limit"));
        cpu.setMsr(CpuState.MSR_FS_BASE, number(r, "fs_base"));
        cpu.setMsr(CpuState.MSR_GS_BASE, number(r, "gs_base"));
        cpu.setKernelGsBase(number(r, "kernel_gs_base"));
        cpu.setGdtr(number(vcpu.getAsJsonObject("gdt"), "base"), (int) number(vcpu.getAsJsonObject("gdt"), "limit"));
        cpu.setIdtr(number(vcpu.getAsJsonObject("idt"), "base"), (int) number(vcpu.getAsJsonObject("idt"), "limit"));
        List<String> xmm = vcpu.getAsJsonArray("xmm").asList().stream().map(e -> e.getAsString()).toList();
        for (int n = 0; n < xmm.size(); n++) {
            Xmm value = Xmm.fromBytes(HexFormat.of().parseHex(xmm.get(n)));
            cpu.setXmm(n, 0, value.low());
            cpu.setXmm(n, 1, value.high());
        }
        loadX87(r, vcpu.getAsJsonArray("x87").asList().stream().map(e -> e.getAsString()).toList());
    }

    /** FXSAVE keeps ST(i) = physical register (TOP + i) mod 8; the snapshot lists R0..R7. */
    private void loadX87(JsonObject r, List<String> physicalRegisters) {
        ByteBuffer x87 = ByteBuffer.allocate(CpuState.X87_STATE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int fsw = (int) number(r, "fsw");
        x87.putShort(0, (short) number(r, "fcw")).putShort(2, (short) fsw).put(4, (byte) number(r, "ftw"));
        int top = fsw >>> 11 & 7;
        for (int i = 0; i < physicalRegisters.size(); i++) {
            x87.put(32 + 16 * i, HexFormat.of().parseHex(physicalRegisters.get((top + i) & 7)));
        }
        cpu.setX87(x87.array());
    }

    private static long number(JsonObject object, String name) {
        String text = object.get(name).getAsString();
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** The snapshot's RAM, read-only, with the pages the engine writes copied aside. */
    private static final class CopyOnWriteMemory implements PhysicalMemory {

        private final MappedByteBuffer ram;
        private final Map<Long, byte[]> written = new HashMap<>();

        CopyOnWriteMemory(MappedByteBuffer ram) {
            this.ram = ram;
        }

        @Override
        public boolean contains(long address) {
            return address >= 0 && address < ram.capacity();
        }

        private int byteAt(long address) {
            if (!contains(address)) {
                return 0xFF;
            }
            byte[] page = written.get(address >>> 12);
            return (page != null ? page[(int) (address & 0xFFF)] : ram.get((int) address)) & 0xFF;
        }

        private void setByte(long address, byte value) {
            if (contains(address)) {
                written.computeIfAbsent(address >>> 12, p -> {
                    byte[] copy = new byte[4096];
                    ram.get((int) (p << 12), copy);
                    return copy;
                })[(int) (address & 0xFFF)] = value;
            }
        }

        @Override
        public long read(long address, int size) {
            long value = 0;
            for (int i = size - 1; i >= 0; i--) {
                value = value << 8 | byteAt(address + i);
            }
            return value;
        }

        @Override
        public void write(long address, int size, long value) {
            for (int i = 0; i < size; i++) {
                setByte(address + i, (byte) (value >>> (8 * i)));
            }
        }

        @Override
        public void read(long address, byte[] target, int offset, int length) {
            for (int i = 0; i < length; i++) {
                target[offset + i] = (byte) byteAt(address + i);
            }
        }

        @Override
        public void write(long address, byte[] source, int offset, int length) {
            for (int i = 0; i < length; i++) {
                setByte(address + i, source[offset + i]);
            }
        }
    }
}
