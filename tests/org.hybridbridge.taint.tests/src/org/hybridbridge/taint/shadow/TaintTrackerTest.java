package org.hybridbridge.taint.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Execution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VMST's taint rules on instructions decoded from their bytes (encodings from GNU as, checked
 * with objdump), in the order the kernel's {@code getpid} runs them where it can. The tracker
 * plans from the state before an instruction; these tests play the semantics' part by setting
 * the registers an instruction would have changed before committing.
 */
class TaintTrackerTest {

    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    private static final long PER_CPU_BASE = 0xffff88800f600000L;
    private static final long CURRENT_TASK = 0x1fb80;
    private static final long STACK_TOP = 0xffffc90000a0c000L;
    private static final long TASK = 0xffff888004a5c000L;
    private static final long TEXT = 0xffffffff810b0f40L;
    private static final long RODATA = 0xffffffff82000000L;
    private static final long INIT_PID_NS = 0xffffffff82a1c2c0L;

    private final CpuState cpu = new CpuState();
    private final Execution execution = new Execution(cpu, role -> {
        throw new AssertionError("the tracker must not access memory");
    });
    private TaintTracker tracker;

    @BeforeEach
    void kernelModeInASyscall() {
        KernelLayout layout = new KernelLayout(List.of(new AddressRange(RODATA, 0xffffffff83830000L)), 16 * 1024,
                address -> address == PER_CPU_BASE + CURRENT_TASK ? "current_task+0x0"
                        : address == INIT_PID_NS ? "init_pid_ns+0x0" : null);
        tracker = new TaintTracker(layout, new TaintSources(layout::name));
        cpu.setSegmentBase(5, PER_CPU_BASE);
        cpu.setGpr(RSP, STACK_TOP - 0x100);
        tracker.begin(cpu.gpr(RSP), 0);
    }

    private TaintStep execute(String hex) throws DecodeException {
        return execute(hex, TEXT);
    }

    private TaintStep execute(String hex, long address) throws DecodeException {
        Instruction instruction = Decoder.decode(HexFormat.of().parseHex(hex), 0, address);
        TaintStep step = tracker.prepare(instruction, execution);
        tracker.commit(step, cpu);
        return step;
    }

    /** mov %gs:current_task,%rdi: the getpid chain starts here. */
    private int loadCurrentTaskIntoRdi() throws DecodeException {
        execute("65488b3c2580fb0100");
        return tracker.registerLabel(RDI);
    }

    @Test
    void perCpuLoadIsRedirectableAndTaintsItsDestinationWithANamedSource() throws DecodeException {
        TaintStep load = execute("65488b3c2580fb0100"); // mov %gs:0x1fb80,%rdi

        assertTrue(load.redirected());
        assertEquals(PER_CPU_BASE + CURRENT_TASK, load.access(0).address());
        int label = tracker.registerLabel(RDI);
        assertTrue(label != 0);
        assertEquals(label, load.redirectingLabel());
        assertEquals(List.of("current_task+0x0"), tracker.sources().namesOf(label));
        execute("65488b3c2580fb0100");
        assertEquals(1, tracker.sources().all().size(), "one source per address");
    }

    @Test
    void pointerChainsThroughTaintedAddressesAreRedirectableAndStayTainted() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        cpu.setGpr(RDI, TASK);

        execute("488d4710"); // lea 0x10(%rdi),%rax
        assertEquals(task, tracker.registerLabel(RAX));
        cpu.setGpr(RAX, TASK + 0x10);
        TaintStep threadPid = execute("488b98d8090000"); // mov 0x9d8(%rax),%rbx
        assertTrue(threadPid.redirected());
        assertEquals(task, threadPid.redirectingLabel());
        assertEquals(task, tracker.registerLabel(RBX), "loaded through a tainted pointer");
        cpu.setGpr(RBX, TASK + 0x2000);
        execute("48c1e004"); // shl $0x4,%rax
        TaintStep indexed = execute("488b5c1868"); // mov 0x68(%rax,%rbx,1),%rbx
        assertTrue(indexed.redirected());
    }

    @Test
    void cleanPointersAndTheKernelStackAreNotRedirectable() throws DecodeException {
        cpu.setGpr(RAX, TASK);
        assertAccessesMemoryNotRedirected(execute("488b98d8090000")); // mov 0x9d8(%rax),%rbx, %rax clean
        assertAccessesMemoryNotRedirected(execute("488b442408")); // mov 0x8(%rsp),%rax
        cpu.setGpr(RSI, 0x7fffffffd7f0L);
        assertAccessesMemoryNotRedirected(execute("488b06")); // mov (%rsi),%rax
        assertEquals(0, tracker.registerLabel(RBX));
        assertEquals(0, tracker.registerLabel(RAX));
    }

    /** A step is the tracker's one, reused: checked before the next instruction is prepared. */
    private static void assertAccessesMemoryNotRedirected(TaintStep step) {
        assertTrue(step.accessesMemory());
        assertFalse(step.redirected());
    }

    @Test
    void theUtilitysMemoryIsNeverRedirectableEvenThroughATaintedAddress() throws DecodeException {
        loadCurrentTaskIntoRdi();
        execute("4889fa"); // mov %rdi,%rdx: a record length from GVM data, say
        cpu.setGpr(RDX, 0x18);
        cpu.setGpr(RSI, 0x5ef0f0L);
        execute("4801d6"); // add %rdx,%rsi: the next record's place in the utility's buffer

        TaintStep store = execute("488916"); // mov %rdx,(%rsi)
        assertTrue(tracker.registerLabel(RSI) != 0);
        assertFalse(store.redirected());
    }

    @Test
    void rbpIsAFrameOnlyWhenItPointsIntoTheKernelStack() throws DecodeException {
        loadCurrentTaskIntoRdi();
        execute("4889fd"); // mov %rdi,%rbp
        assertTrue(tracker.registerLabel(RBP) != 0, "rbp is a general register in this kernel");

        cpu.setGpr(RBP, TASK + 0x9d8);
        assertTrue(execute("488b4500").redirected(), "mov 0x0(%rbp),%rax through the task");
        cpu.setGpr(RBP, STACK_TOP - 0x40);
        assertFalse(execute("488b4500").redirected(), "mov 0x0(%rbp),%rax on the stack");
    }

    @Test
    void pushAndPopCarryTaintThroughTheStackWhichStaysNotRedirectable() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();

        TaintStep push = execute("57"); // push %rdi
        cpu.setGpr(RSP, cpu.gpr(RSP) - 8);
        TaintStep pop = execute("5b"); // pop %rbx

        assertEquals(task, tracker.registerLabel(RBX));
        assertTrue(push.accessesMemory() && !push.redirected());
        assertTrue(pop.accessesMemory() && !pop.redirected());
        assertEquals(0, tracker.registerLabel(RSP), "RSP is never tainted");
    }

    @Test
    void immediatesAndSelfXorClearWhileArithmeticUnites() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        execute("4889fa"); // mov %rdi,%rdx
        execute("4801d0"); // add %rdx,%rax
        execute("4887fe"); // xchg %rdi,%rsi
        assertEquals(task, tracker.registerLabel(RDX));
        assertEquals(task, tracker.registerLabel(RAX));
        assertEquals(task, tracker.registerLabel(RSI));
        assertEquals(0, tracker.registerLabel(RDI), "xchg swapped a clean rsi into rdi");

        execute("31d2"); // xor %edx,%edx
        execute("be01000000"); // mov $0x1,%esi
        execute("4829c0"); // sub %rax,%rax
        assertEquals(0, tracker.registerLabel(RDX));
        assertEquals(0, tracker.registerLabel(RSI));
        assertEquals(0, tracker.registerLabel(RAX));
    }

    @Test
    void partialWritesKeepTheLabelAndImplicitResultsFollowTheirOwnRules() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        execute("4889fb"); // mov %rdi,%rbx
        execute("88c3"); // mov %al,%bl: a clean byte into a tainted register
        assertEquals(task, tracker.registerLabel(RBX));

        execute("48f7ef"); // imul %rdi: rdx:rax = rax * rdi
        assertEquals(task, tracker.registerLabel(RAX));
        assertEquals(task, tracker.registerLabel(RDX));
        execute("0fa2"); // cpuid
        assertEquals(0, tracker.registerLabel(RAX));
        assertEquals(0, tracker.registerLabel(RBX));
    }

    @Test
    void kernelGlobalsAreSourcesAndStoredTaintIsLoadedBack() throws DecodeException {
        TaintStep global = execute("488b0d00010000", RODATA); // mov 0x100(%rip),%rcx
        assertTrue(global.redirected());
        assertEquals(List.of(String.format("0x%x", RODATA + 7 + 0x100)),
                tracker.sources().namesOf(global.redirectingLabel()), "no symbol covers it: named by address");
        int pointer = tracker.registerLabel(RCX);
        assertTrue(pointer != 0);

        int task = loadCurrentTaskIntoRdi();
        cpu.setGpr(RCX, STACK_TOP - 0x80);
        execute("48897910"); // mov %rdi,0x10(%rcx): a spill to the stack
        execute("488b5110"); // mov 0x10(%rcx),%rdx
        assertEquals(task, tracker.registerLabel(RDX));
        assertEquals(task, tracker.memoryLabel(STACK_TOP - 0x70, 8, false));
    }

    @Test
    void repMovsCopiesTheLabelsOfEveryElementMoved() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        long source = STACK_TOP - 0x80;
        long target = STACK_TOP - 0x40;
        cpu.setGpr(RCX, source - 8);
        execute("48897910"); // mov %rdi,0x10(%rcx): taints the second quadword of the source
        cpu.setGpr(RSI, source);
        cpu.setGpr(RDI, target);
        cpu.setGpr(RCX, 3);

        Instruction movs = Decoder.decode(HexFormat.of().parseHex("f348a5"), 0, TEXT); // rep movsq
        TaintStep step = tracker.prepare(movs, execution);
        cpu.setGpr(RCX, 0);
        tracker.commit(step, cpu);

        assertEquals(0, tracker.memoryLabel(target, 8, false));
        assertEquals(task, tracker.memoryLabel(target + 8, 8, false));
        assertEquals(0, tracker.memoryLabel(target + 16, 8, false));
    }
    /** mov 0x0(%rip),%rbx at the instruction before init_pid_ns: a second source, a kernel global. */
    private int loadInitPidNsIntoRbx() throws DecodeException {
        execute("488b1d00000000", INIT_PID_NS - 7);
        return tracker.registerLabel(RBX);
    }

    @Test
    void arithmeticUnitesTheSourcesOfBothOperands() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        int namespace = loadInitPidNsIntoRbx();
        execute("4889f8"); // mov %rdi,%rax
        execute("4801d8"); // add %rbx,%rax

        int both = tracker.registerLabel(RAX);
        assertEquals(List.of("current_task+0x0", "init_pid_ns+0x0"), tracker.sources().namesOf(both));
        assertEquals(List.of("init_pid_ns+0x0"), tracker.sources().namesOf(namespace));
        execute("4801fb"); // add %rdi,%rbx: the same pair the other way round
        assertEquals(both, tracker.registerLabel(RBX), "one label per set, whatever the order of the union");
        execute("4801f8"); // add %rdi,%rax: a source already in the set
        assertEquals(both, tracker.registerLabel(RAX));
        assertEquals(task, tracker.registerLabel(RDI), "a source operand keeps its own label");
    }

    @Test
    void anAddressIsTaintedByItsBaseAndIndexAndALoadThroughItByBoth() throws DecodeException {
        loadCurrentTaskIntoRdi();
        loadInitPidNsIntoRbx();
        execute("4889f8"); // mov %rdi,%rax
        cpu.setGpr(RAX, TASK);
        cpu.setGpr(RBX, 2);

        TaintStep load = execute("488b0cd8"); // mov (%rax,%rbx,8),%rcx
        assertTrue(load.redirected());
        List<String> both = List.of("current_task+0x0", "init_pid_ns+0x0");
        assertEquals(both, tracker.sources().namesOf(load.access(0).addressLabel()));
        assertEquals(both, tracker.sources().namesOf(load.redirectingLabel()));
        assertEquals(both, tracker.sources().namesOf(tracker.registerLabel(RCX)));
    }

    @Test
    void aMemoryLabelOverSeveralBytesIsTheUnionOfItsBytes() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        int namespace = loadInitPidNsIntoRbx();
        long slot = STACK_TOP - 0x80;
        cpu.setGpr(RCX, slot);
        execute("408839"); // mov %dil,(%rcx): byte 0 from the task
        execute("885901"); // mov %bl,0x1(%rcx): byte 1 from the namespace

        assertEquals(task, tracker.memoryLabel(slot, 1, false));
        assertEquals(namespace, tracker.memoryLabel(slot + 1, 1, false));
        assertEquals(List.of("current_task+0x0", "init_pid_ns+0x0"),
                tracker.sources().namesOf(tracker.memoryLabel(slot, 8, false)));
        execute("488b11"); // mov (%rcx),%rdx
        assertEquals(tracker.memoryLabel(slot, 8, false), tracker.registerLabel(RDX));
    }

    @Test
    void registersAreShadowedPerByteAndA32BitWriteZeroExtends() throws DecodeException {
        int task = loadCurrentTaskIntoRdi();
        cpu.setGpr(RCX, STACK_TOP - 0x80);
        execute("408839"); // mov %dil,(%rcx): one tainted byte on the stack

        execute("8a01"); // mov (%rcx),%al: into a clean rax
        assertEquals(task, tracker.registerLabel(RAX, 0, 1));
        assertEquals(0, tracker.registerLabel(RAX, 1, 7), "the other bytes of rax stay clean");
        execute("8a21"); // mov (%rcx),%ah
        assertEquals(task, tracker.registerLabel(RAX, 1, 1), "ah is byte 1");
        execute("b000"); // mov $0x0,%al
        assertEquals(0, tracker.registerLabel(RAX, 0, 1));
        assertEquals(task, tracker.registerLabel(RAX), "a byte write leaves the other bytes: ah still tainted");
        execute("0fb6c0"); // movzbl %al,%eax: reads the clean al only
        assertEquals(0, tracker.registerLabel(RAX), "a 32-bit write zero-extends");

        execute("4889fb"); // mov %rdi,%rbx
        execute("89c3"); // mov %eax,%ebx: a clean 32-bit write over a tainted register
        assertEquals(0, tracker.registerLabel(RBX), "the upper half of rbx is cleared, not kept");
        execute("4889fb"); // mov %rdi,%rbx
        execute("6689c3"); // mov %ax,%bx: a clean 16-bit write
        assertEquals(0, tracker.registerLabel(RBX, 0, 2));
        assertEquals(task, tracker.registerLabel(RBX, 2, 6));
    }
}
