package org.hybridbridge.fast;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.Mmu;

/**
 * The kernel's {@code rdtsc}/{@code rdtscp} made to trap. This KVM neither takes a TSC the VMM
 * writes ({@code KVM_SET_MSRS} of IA32_TSC is ignored) nor honours CR4.TSD at CPL3, so a native
 * {@code rdtsc} reads the host's counter, hours away from the snapshot's: the kernel's clocks
 * would jump (ps printed its own TIME as 05:00:13, Slow-Bridge 00:00:00). Each site, found by
 * decoding from its function's start (never by a byte pattern alone), becomes {@code ud2} padded
 * with {@code nop}s; the #UD exit runs the original instruction in the engine, whose TSC goes on
 * from the snapshot's as Slow-Bridge's does.
 */
final class TimeStampSites {

    private static final byte[] RDTSC = { 0x0F, 0x31 }, RDTSCP = { 0x0F, 0x01, (byte) 0xF9 };
    private static final byte UD2_0 = 0x0F, UD2_1 = 0x0B, NOP = (byte) 0x90;

    private final KernelText text;
    private final Map<Long, Instruction> sites = new HashMap<>();

    /** Finds the sites in the text from {@code start} to {@code end} and makes each a {@code ud2}. */
    TimeStampSites(KernelText text, Mmu kernel, long start, long end, NavigableSet<Long> functionStarts) {
        this.text = text;
        byte[] code = new byte[(int) (end - start)];
        try {
            kernel.read(start, code, AccessType.READ);
        } catch (CpuException e) {
            throw new FastBridgeException(String.format("cannot read the kernel text at %#x: %s", start,
                    e.getMessage()), e);
        }
        for (int at = 0; at + 1 < code.length; at++) {
            if (matches(code, at, RDTSC) || matches(code, at, RDTSCP)) {
                Instruction site = instructionAt(code, start, start + at, functionStarts);
                if (site != null && (site.mnemonic() == Mnemonic.RDTSC || site.mnemonic() == Mnemonic.RDTSCP)) {
                    sites.put(site.address(), site);
                }
            }
        }
        sites.values().forEach(site -> text.replace(site, trap(site)));
    }

    /** @return whether the {@code ud2} at {@code rip} is one of the sites */
    boolean isSite(long rip) {
        return sites.containsKey(rip);
    }

    /** Runs the site's own instruction in the engine, then makes it trap again. */
    void emulate(Machine machine, long rip) {
        Instruction site = sites.get(rip);
        text.replace(site, site.bytes());
        try {
            machine.step();
        } finally {
            text.replace(site, trap(site));
        }
    }

    int count() {
        return sites.size();
    }

    /** @return the instruction starting at {@code address}, decoding from its function's start; {@code null} if none does */
    private static Instruction instructionAt(byte[] code, long start, long address, NavigableSet<Long> functionStarts) {
        Long function = functionStarts.floor(address);
        long at = function == null || function < start ? start : function;
        try {
            while (at < address) {
                at = Decoder.decode(code, (int) (at - start), at).nextAddress();
            }
            return at == address ? Decoder.decode(code, (int) (at - start), at) : null;
        } catch (DecodeException | IndexOutOfBoundsException e) {
            return null; // data or padding the decoder cannot read: not an instruction start it can vouch for
        }
    }

    private static boolean matches(byte[] code, int at, byte[] pattern) {
        if (at + pattern.length > code.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (code[at + i] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] trap(Instruction site) {
        byte[] bytes = new byte[site.length()];
        java.util.Arrays.fill(bytes, NOP);
        bytes[0] = UD2_0;
        bytes[1] = UD2_1;
        return bytes;
    }
}
