package org.hybridbridge.fast;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.fast.codepage.CodePageBuilder;
import org.hybridbridge.fast.codepage.TextBytes;
import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * The memory of one run beyond the SVM's RAM, and its closing: for a redirected run the GVM
 * snapshot's ranges, each mapped private from a read-only descriptor at
 * {@link GuestPhysicalLayout#GVM_BASE} plus its own guest-physical address (redirected writes
 * land in private pages; the file never changes), and the VMM's pages.
 */
final class GuestSlots implements AutoCloseable {

    private final SharedGuestRam ram;
    private final List<GuestMemory> mapped = new ArrayList<>();

    GuestSlots(SharedGuestRam ram) {
        this.ram = ram;
    }

    SharedGuestRam ram() {
        return ram;
    }

    /** Maps the GVM and the VMM's pages and makes the views over them. */
    RedirectViews views(Redirection redirection, Mmu kernel, SyscallGate gate, FastBridgeOptions options) {
        for (MemoryRange range : redirection.gvm().manifest().memory()) {
            if (range.guestPhysical() + range.size() > GuestPhysicalLayout.VMM_BASE - GuestPhysicalLayout.GVM_BASE) {
                throw new FastBridgeException(String.format("the GVM's RAM reaches %#x: more than Fast-Bridge's "
                        + "%d GiB between the GVM's slot and the VMM's", range.guestPhysical() + range.size(),
                        (GuestPhysicalLayout.VMM_BASE - GuestPhysicalLayout.GVM_BASE) >> 30));
            }
            ram.addSlot(GuestPhysicalLayout.GVM_BASE + range.guestPhysical(),
                    map(GuestMemory.mapPrivate(redirection.gvm().path(), range.fileOffset(), range.size())));
        }
        GuestMemory own = map(GuestMemory.allocate(GuestPhysicalLayout.VMM_SIZE));
        ram.addSlot(GuestPhysicalLayout.VMM_BASE, own);
        KernelAddresses addresses = options.kernel();
        CodePageBuilder builder = new CodePageBuilder(unhookedText(kernel, gate), addresses.functionStarts(),
                options.symbols(), redirection.known());
        return new RedirectViews(new ViewTables(ram, own), builder, CodePageCache.load(redirection.codePageCache()),
                addresses.textStart(), addresses.textEnd(),
                redirection.gvmCr3(), redirection.gvmPerCpuBase(), redirection.kernelStackSize());
    }

    /**
     * The kernel's text as the copies start from: the private copy with its neutralised sites,
     * but each system-call hook's first byte back (the routine starts with a whole instruction,
     * and in a view the hook is never met again).
     */
    private static TextBytes unhookedText(Mmu kernel, SyscallGate gate) {
        return (address, length) -> {
            byte[] bytes = new byte[length];
            try {
                kernel.read(address, bytes);
            } catch (CpuException e) {
                throw new FastBridgeException(String.format("cannot read the kernel text at %#x: %s", address,
                        e.getMessage()), e);
            }
            for (int i = 0; i < length; i++) {
                Byte replaced = gate.replacedByte(address + i);
                if (replaced != null) {
                    bytes[i] = replaced;
                }
            }
            return bytes;
        };
    }

    private GuestMemory map(GuestMemory memory) {
        mapped.add(memory);
        return memory;
    }

    /** Unmaps what this mapped; the VM that used it is closed first. */
    @Override
    public void close() {
        for (GuestMemory memory : mapped) {
            memory.close();
        }
    }
}
