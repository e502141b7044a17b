package org.hybridbridge.taint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.junit.jupiter.api.Test;

/** The window of taint analysis inside one introspected system call. */
class IntrospectionWindowTest {

    private static final long RETURN_ADDRESS = 0xffffffff81a03f4dL;
    private static final long STACK = 0xffffc90000a0bf00L;

    private final IntrospectionWindow window = new IntrospectionWindow();

    private static Instruction decode(String hex) throws DecodeException {
        return Decoder.decode(HexFormat.of().parseHex(hex), 0, 0xffffffff81000000L);
    }

    @Test
    void opensAtTheServiceRoutineAndClosesWhenItReturnsOnlyOncePerSyscall() throws DecodeException {
        window.reset();
        window.open(RETURN_ADDRESS, STACK + 8);
        assertTrue(window.isAnalysing());

        window.afterInstruction(decode("c3"), RETURN_ADDRESS, STACK - 0x40); // a nested call's return
        assertTrue(window.isAnalysing(), "same address, deeper stack: a recursive call returning");
        window.afterInstruction(decode("c3"), RETURN_ADDRESS, STACK + 8);
        assertFalse(window.isAnalysing());
        assertFalse(window.canOpen(), "once per system call");
        window.reset();
        assertTrue(window.canOpen());
    }

    @Test
    void anExceptionSuspendsItUntilIretqReturnsToTheInterruptedStack() throws DecodeException {
        window.reset();
        window.open(RETURN_ADDRESS, STACK + 8);
        window.exceptionTaken(STACK - 0x30);
        assertFalse(window.isAnalysing());

        window.afterInstruction(decode("48cf"), 0xffffffff81000100L, STACK - 0x200); // a nested handler's iretq
        assertFalse(window.isAnalysing());
        window.afterInstruction(decode("c3"), 0xffffffff81000200L, STACK - 0x30);
        assertFalse(window.isAnalysing(), "only iretq ends the handler");
        window.afterInstruction(decode("48cf"), 0xffffffff81a00000L, STACK - 0x30); // to an exception-table fixup
        assertTrue(window.isAnalysing());
    }
}
