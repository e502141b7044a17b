package org.hybridbridge.taint;

import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.LinearMemory;
import org.hybridbridge.x86.exec.Mmu;

/**
 * Redirectable accesses, served by the GVM image, each at its linear address plus a
 * displacement: 0 for ordinary accesses; for {@code %gs:} accesses, the distance from the SVM's
 * per-CPU area to the introspected GVM CPU's ({@link GvmImage#perCpuBase}). A fault here is not
 * the SVM kernel's to handle (its page-fault handler would fix its own page tables, and the
 * access would fault again): it stops the run, naming the address.
 */
final class GvmAccess implements LinearMemory {

    private final Mmu gvm;
    private long displacement;

    GvmAccess(Mmu gvm) {
        this.gvm = gvm;
    }

    /** Serves every later access at its address + {@code bytes}. */
    void displaceBy(long bytes) {
        displacement = bytes;
    }

    @Override
    public long read(long address, int size) {
        try {
            return gvm.read(address + displacement, size);
        } catch (CpuException e) {
            throw unmapped(address + displacement, e);
        }
    }

    @Override
    public void write(long address, int size, long value) {
        try {
            gvm.write(address + displacement, size, value);
        } catch (CpuException e) {
            throw unmapped(address + displacement, e);
        }
    }

    @Override
    public void read(long address, byte[] target, int length) {
        try {
            gvm.read(address + displacement, target, length);
        } catch (CpuException e) {
            throw unmapped(address + displacement, e);
        }
    }

    @Override
    public void write(long address, byte[] source, int length) {
        try {
            gvm.write(address + displacement, source, length);
        } catch (CpuException e) {
            throw unmapped(address + displacement, e);
        }
    }

    private static EngineError unmapped(long address, CpuException e) {
        return new EngineError(String.format("a redirectable access to 0x%x faulted in the GVM image (%s)", address,
                e.getMessage()), e);
    }
}
