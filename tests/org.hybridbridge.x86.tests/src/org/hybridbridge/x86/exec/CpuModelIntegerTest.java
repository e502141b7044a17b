package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.junit.jupiter.api.Test;

/**
 * The integer instructions of ISA extensions behave as the CPU model says: on QEMU's
 * {@code qemu64} (the guests' model) F3 0F BC/BD are BSF/BSR and POPCNT and MOVBE raise #UD, as
 * QEMU's TCG decides; on a model with BMI1, ABM and POPCNT they are TZCNT, LZCNT and POPCNT.
 */
class CpuModelIntegerTest {

    private static final int RAX = 0, RCX = 1;
    private static final CpuModel QEMU64 = new QemuCpuModel(0);
    private static final CpuModel WITH_EXTENSIONS = FeatureFlagModel.of("bmi1", "abm", "popcnt", "movbe", "cx16",
            "lahf_lm");

    @Test
    void repBsfIsBsfOnQemu64AndTzcntWithBmi1() throws Exception {
        // rep bsf eax, ecx / tzcnt eax, ecx with ECX = 0
        CpuState bsf = execute(QEMU64, "f30fbcc1", 0x1234, 0);
        assertEquals(0x1234, bsf.gpr(RAX), "BSF of 0 leaves the destination");
        assertTrue(bsf.flag(CpuState.ZF));
        assertFalse(bsf.flag(CpuState.CF));

        CpuState tzcnt = execute(WITH_EXTENSIONS, "f30fbcc1", 0x1234, 0);
        assertEquals(32, tzcnt.gpr(RAX), "TZCNT of 0 is the operand size");
        assertTrue(tzcnt.flag(CpuState.CF));
        assertFalse(tzcnt.flag(CpuState.ZF));
    }

    @Test
    void repBsrIsBsrOnQemu64AndLzcntWithAbm() throws Exception {
        assertEquals(0, execute(QEMU64, "f30fbdc1", -1, 1).gpr(RAX), "BSR of 1 is bit 0");
        assertEquals(31, execute(WITH_EXTENSIONS, "f30fbdc1", -1, 1).gpr(RAX), "LZCNT of 1 in 32 bits");
    }

    @Test
    void popcntAndMovbeAreUndefinedOnQemu64() throws Exception {
        // popcnt eax, ecx; movbe eax, [rcx]
        for (String hex : new String[] { "f30fb8c1", "0f38f001" }) {
            CpuException e = assertThrows(CpuException.class, () -> execute(QEMU64, hex, 0, 0), hex);
            assertEquals(CpuException.UD, e.vector(), hex);
        }
        assertEquals(3, execute(WITH_EXTENSIONS, "f30fb8c1", 0, 0b1011).gpr(RAX));
    }

    @Test
    void lahfExistsOnQemu64() throws Exception {
        assertEquals(0x02, execute(QEMU64, "9f", 0, 0).gpr(RAX) >>> 8, "AH = the low byte of RFLAGS");
    }

    /** Runs one register-only instruction with RAX = {@code rax}, RCX = {@code rcx}, no flags set. */
    private static CpuState execute(CpuModel model, String hex, long rax, long rcx) throws CpuException,
            DecodeException {
        InstructionSet set = new InstructionSet();
        IntegerSemantics.register(set, model);
        CpuState cpu = new CpuState();
        cpu.setGpr(RAX, rax);
        cpu.setGpr(RCX, rcx);
        Execution execution = new Execution(cpu, role -> {
            throw new AssertionError("no memory access expected, asked for " + role);
        });
        Instruction instruction = Decoder.decode(HexFormat.of().parseHex(hex), 0, 0x1000);
        set.lookup(instruction).orElseThrow().execute(instruction, execution);
        return cpu;
    }
}
