package org.hybridbridge.x86.oracle;

import java.util.HashSet;
import java.util.Set;

import org.hybridbridge.x86.exec.CpuModel;

/** The oracle side of a lockstep: a {@link Unicorn} engine and the pages mapped in it. */
final class UnicornCpu implements UserModeCpu {

    private final Unicorn unicorn;
    private final Set<Long> mappedPages = new HashSet<>();

    /** @param cpuid what {@code cpuid} answers (its TSC is not used); {@code null} leaves Unicorn's own qemu64 model answering */
    UnicornCpu(CpuModel cpuid) {
        unicorn = Unicorn.open64();
        if (cpuid != null) {
            unicorn.answerCpuid(cpuid);
        }
    }

    @Override
    public String name() {
        return "unicorn";
    }

    /** Maps the missing pages in runs: Unicorn refuses a mapping that overlaps an existing one. */
    @Override
    public void map(long address, long length) {
        long end = Pages.roundUp(address + length);
        long page = Pages.roundDown(address);
        while (page < end) {
            if (isMapped(page)) {
                page += Pages.SIZE;
                continue;
            }
            long runStart = page;
            while (page < end && !isMapped(page)) {
                mappedPages.add(page);
                page += Pages.SIZE;
            }
            unicorn.map(runStart, page - runStart);
        }
    }

    @Override
    public boolean isMapped(long address) {
        return mappedPages.contains(Pages.roundDown(address));
    }

    @Override
    public void write(long address, byte[] bytes) {
        unicorn.write(address, bytes);
    }

    @Override
    public byte[] read(long address, int length) {
        return unicorn.read(address, length);
    }

    @Override
    public long gpr(int number) {
        return unicorn.gpr(number);
    }

    @Override
    public void setGpr(int number, long value) {
        unicorn.setGpr(number, value);
    }

    @Override
    public long rip() {
        return unicorn.rip();
    }

    @Override
    public void setRip(long value) {
        unicorn.setRip(value);
    }

    @Override
    public void setFsBase(long value) {
        unicorn.setFsBase(value);
    }

    @Override
    public RegisterFile registers() {
        return unicorn.registers();
    }

    @Override
    public void setRegisters(RegisterFile registers) {
        unicorn.setRegisters(registers);
    }

    @Override
    public void step() {
        unicorn.step();
    }

    @Override
    public void close() {
        unicorn.close();
    }
}
