package org.hybridbridge.taint;

/**
 * Where Fast-Bridge paused at an instruction without meta-data, for Slow-Bridge to replay to
 * (DESIGN.md 3.4 "fallback"). KVM counts no instructions, so the point is not an instruction count
 * as {@link PausedPoint}'s is: it is the first time the instruction runs inside the window of the
 * utility's {@code introspectedCall}-th introspected system call (the window as Slow-Bridge's:
 * from the service routine's start to its return, without the exceptions handled meanwhile), a
 * first visit since the instruction carries {@code int3} in both code copies. That call must be
 * the same system call; anything else is a divergence, an error naming both states. (The stack
 * pointer is no check: Fast-Bridge's native system-call path leaves other frames below the routine.)
 *
 * @param introspectedCall which introspected system call (0 the first)
 * @param syscall          that system call's name
 * @param address          the instruction's address
 * @param where            the address and its kernel function and offset, as the run names it
 */
public record WindowPoint(int introspectedCall, String syscall, long address, String where) {

    /** @return the point in words, for progress and errors */
    public String describe() {
        return String.format("%s in introspected system call #%d (%s)", where, introspectedCall, syscall);
    }
}
