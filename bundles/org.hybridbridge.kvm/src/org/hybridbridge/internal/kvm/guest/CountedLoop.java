package org.hybridbridge.internal.kvm.guest;

/**
 * The probe's guest program: a counted loop whose instructions can be counted exactly, ended by
 * a port write so that each round is one {@code KVM_RUN}. The count is read from memory
 * ({@link Layout#LOOP_COUNT}) at the start of each round, so the host can change it between
 * rounds without touching registers while the {@code out} is still being completed by KVM.
 */
public final class CountedLoop {

    /** The port the loop writes when a round is done (0xE9, the Bochs/QEMU debug port). */
    public static final int PORT = 0xE9;

    private static final byte[] CODE = {
            /* 0x00 */ 0x48, (byte) 0x8B, 0x0C, 0x25, 0x00, 0x70, 0x00, 0x00, // start: mov rcx, [0x7000]
            /* 0x08 */ 0x48, (byte) 0xFF, (byte) 0xC9,                        // loop:  dec rcx
            /* 0x0B */ 0x75, (byte) 0xFB,                                     //        jnz loop
            /* 0x0D */ (byte) 0xE6, (byte) PORT,                              //        out 0xe9, al
            /* 0x0F */ (byte) 0xEB, (byte) 0xEF,                              //        jmp start
    };

    private CountedLoop() {
    }

    /** The machine code, to be loaded at {@link Layout#CODE}. */
    public static byte[] code() {
        return CODE.clone();
    }

    /**
     * Instructions in one round that resumes after the previous round's {@code out}:
     * {@code jmp}, {@code mov}, {@code count} times {@code dec} and {@code jnz}, then {@code out}.
     * (The very first round starts at {@code mov}, one instruction fewer.)
     *
     * @param count the iteration count, at least 1 ({@code dec} from 0 would wrap around)
     */
    public static long instructionsPerResumedRound(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("the loop needs a count of at least 1: " + count);
        }
        return 2 * count + 3;
    }
}
