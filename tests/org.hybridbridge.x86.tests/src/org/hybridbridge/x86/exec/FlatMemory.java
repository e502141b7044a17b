package org.hybridbridge.x86.exec;

/**
 * Test memory: linear addresses {@code [0, size)} identity-mapped onto a byte array, readable
 * and writable at any privilege level; anything above raises #PF, checked for the whole access
 * before any byte moves, as the CPU checks both pages of a split access first.
 */
final class FlatMemory implements LinearMemory {

    private final byte[] bytes;

    FlatMemory(int size) {
        bytes = new byte[size];
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public long read(long address, int size) throws CpuException {
        check(address, size, false);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (bytes[(int) address + i] & 0xFF);
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) throws CpuException {
        check(address, size, true);
        for (int i = 0; i < size; i++) {
            bytes[(int) address + i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public void read(long address, byte[] target) throws CpuException {
        check(address, target.length, false);
        System.arraycopy(bytes, (int) address, target, 0, target.length);
    }

    @Override
    public void write(long address, byte[] source) throws CpuException {
        check(address, source.length, true);
        System.arraycopy(source, 0, bytes, (int) address, source.length);
    }

    private void check(long address, int size, boolean write) throws CpuException {
        if (address < 0 || address + size > bytes.length) {
            long fault = Math.max(address, bytes.length);
            throw CpuException.pageFault(address < 0 ? address : fault,
                    CpuException.PF_USER | (write ? CpuException.PF_WRITE : 0));
        }
    }
}
