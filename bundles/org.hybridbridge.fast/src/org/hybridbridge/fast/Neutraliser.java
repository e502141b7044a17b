package org.hybridbridge.fast;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;

/**
 * Same-length no-ops over privileged instructions that would each cost an exit (~70 µs here)
 * and whose effect a deprivileged run without interrupts does not need (DESIGN.md 3.4). The
 * choices, all in the guest's private copy of the kernel text:
 * <ul>
 * <li>{@code cli}, {@code sti} become {@code nop}: no interrupt is ever delivered to this vCPU,
 * so the interrupt flag decides nothing;</li>
 * <li>{@code swapgs} becomes {@code nopl (%rax)} (3 bytes): GS base holds the kernel's per-CPU
 * base at all times, the user's GS base lives in the engine's KERNEL_GS_BASE only (static
 * utilities do not use GS).</li>
 * </ul>
 * A site is neutralised the first time it traps, and remembered in the sites file (one
 * {@code address mnemonic} a line, per kernel build) so later runs neutralise it before the
 * start; a remembered site is checked by decoding it first.
 */
final class Neutraliser {

    private static final Map<Mnemonic, byte[]> NO_OPS = Map.of(Mnemonic.CLI, new byte[] { (byte) 0x90 },
            Mnemonic.STI, new byte[] { (byte) 0x90 }, Mnemonic.SWAPGS, new byte[] { 0x0F, 0x1F, 0x00 });

    private final KernelText text;
    private final Path sitesFile;
    private final Map<Long, Instruction> sites = new TreeMap<>(Long::compareUnsigned);
    private int learned;

    /** @param sitesFile where the sites are remembered, or {@code null} to forget them after the run */
    Neutraliser(KernelText text, Path sitesFile) {
        this.text = text;
        this.sitesFile = sitesFile;
    }

    static boolean isNeutralisable(Mnemonic mnemonic) {
        return NO_OPS.containsKey(mnemonic);
    }

    /** Neutralises every site of the sites file. */
    void neutraliseKnownSites() {
        for (Instruction instruction : SitesFile.read(sitesFile, text)) {
            neutralise(instruction);
            sites.put(instruction.address(), instruction);
        }
    }

    /** Replaces {@code instruction} (a {@link #isNeutralisable} one) with its no-op. */
    void neutralise(Instruction instruction) {
        text.replace(instruction, NO_OPS.get(instruction.mnemonic()));
    }

    /** Neutralises a site that trapped, and remembers it. */
    void learn(Instruction instruction) {
        neutralise(instruction);
        sites.put(instruction.address(), instruction);
        learned++;
    }

    /** @return how many sites this run neutralised on their first trap */
    int learnedSites() {
        return learned;
    }

    /** @return how many sites of the sites file are neutralised, learned ones included */
    int sites() {
        return sites.size();
    }

    /** Writes the sites file, when there is one and this run learned a site. */
    void save() {
        if (sitesFile != null && learned > 0) {
            SitesFile.write(sitesFile, sites.values());
        }
    }
}
