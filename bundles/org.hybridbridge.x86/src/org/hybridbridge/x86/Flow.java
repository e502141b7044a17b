package org.hybridbridge.x86;

import static org.hybridbridge.x86.Access.ADDRESS;
import static org.hybridbridge.x86.Access.READ;
import static org.hybridbridge.x86.Access.READ_WRITE;
import static org.hybridbridge.x86.Access.WRITE;

/**
 * The access pattern of a table entry's operands, in Intel order: {@code RW_R} is
 * "destination read and written, source read" ({@code ADD Ev,Gv}). Every opcode table entry
 * names one, so the taint engine never guesses which operand an instruction writes.
 */
enum Flow {
    NONE,
    R(READ),
    W(WRITE),
    RW(READ_WRITE),
    A(ADDRESS),
    R_R(READ, READ),
    W_R(WRITE, READ),
    RW_R(READ_WRITE, READ),
    RW_RW(READ_WRITE, READ_WRITE),
    W_A(WRITE, ADDRESS),
    W_R_R(WRITE, READ, READ),
    RW_R_R(READ_WRITE, READ, READ),
    R_R_R(READ, READ, READ);

    private final Access[] accesses;

    Flow(Access... accesses) {
        this.accesses = accesses;
    }

    int operandCount() {
        return accesses.length;
    }

    Access access(int operand) {
        return accesses[operand];
    }
}
