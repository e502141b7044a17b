package org.hybridbridge.x86.exec;

/**
 * Chooses the memory each access of the current instruction goes to. Asked for every access;
 * Slow-Bridge answers with the GVM image for the operands of a redirectable instruction.
 */
@FunctionalInterface
public interface MemoryRouter {

    /** @return the memory that serves an access in {@code role} by the instruction now executing */
    LinearMemory route(MemoryRole role);
}
