package org.hybridbridge.fast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

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
    private static final byte TWO_BYTE_ESCAPE = 0x0F, UD2_0 = 0x0F, UD2_1 = 0x0B, NOP = (byte) 0x90;

    private final KernelText text;
    private final Map<Long, Instruction> sites = new TreeMap<>(Long::compareUnsigned);

    /**
     * Makes each site a {@code ud2}: the sites {@code sitesFile} remembers for this kernel build, or
     * those found in the text from {@code start} to {@code end}, then remembered there (the scan
     * of the whole text is a third of a short run's setup).
     *
     * @param sitesFile where this kernel build's sites are remembered, or {@code null} to scan in every run
     */
    TimeStampSites(KernelText text, Mmu kernel, long start, long end, NavigableSet<Long> functionStarts,
            Path sitesFile) {
        this.text = text;
        if (sitesFile != null && Files.exists(sitesFile)) {
            for (Instruction site : SitesFile.read(sitesFile, text)) {
                if (site.mnemonic() != Mnemonic.RDTSC && site.mnemonic() != Mnemonic.RDTSCP) {
                    throw new FastBridgeException(sitesFile + " lists " + site + ", which is no clock read: "
                            + "delete the file");
                }
                sites.put(site.address(), site);
            }
        } else {
            scan(kernel, start, end, functionStarts);
            if (sitesFile != null) {
                SitesFile.write(sitesFile, sites.values());
            }
        }
        sites.values().forEach(site -> text.replace(site, trap(site)));
    }

    private void scan(Mmu kernel, long start, long end, NavigableSet<Long> functionStarts) {
        byte[] code = new byte[(int) (end - start)];
        try {
            kernel.read(start, code, AccessType.READ);
        } catch (CpuException e) {
            throw new FastBridgeException(String.format("cannot read the kernel text at %#x: %s", start,
                    e.getMessage()), e);
        }
        for (int at = 0; at + 1 < code.length; at++) {
            if (code[at] == TWO_BYTE_ESCAPE && (matches(code, at, RDTSC) || matches(code, at, RDTSCP))) {
                Instruction site = instructionAt(code, start, start + at, functionStarts);
                if (site != null && (site.mnemonic() == Mnemonic.RDTSC || site.mnemonic() == Mnemonic.RDTSCP)) {
                    sites.put(site.address(), site);
                }
            }
        }
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
