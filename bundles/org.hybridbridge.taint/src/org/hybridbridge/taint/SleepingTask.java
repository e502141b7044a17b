package org.hybridbridge.taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * Why the CPU went idle in a system call of the utility. The engine delivers no interrupts, so a
 * task that sleeps (waiting for a timer, the console, I/O) is never woken: the kernel switches
 * to the idle task, which halts. Its kernel stack then says what the engine could not do: this
 * class follows the stack the task runs the call on, remembers where the task last left it (the
 * context switch; an excursion to another stack, a softirq's, comes back), and at the
 * {@code hlt} reads the return addresses saved there, through the symbols, to the first frame
 * outside the scheduler: the kernel function that put the task to sleep.
 */
final class SleepingTask {

    /** Frames named in the message: enough to show the path from the syscall to the scheduler. */
    private static final int FRAMES_SHOWN = 6;
    private static final int CALL_REL32 = 0xE8, CALL_INDIRECT = 0xFF;
    /** The lengths of {@code call *...} (FF /2) that end at a return address, by ModRM form. */
    private static final int[] INDIRECT_CALL_LENGTHS = { 2, 3, 6, 7 };
    private static final long NONE = 0;

    private final KernelLayout layout;
    private long taskStack = NONE;
    private long previousStack = NONE;
    private long previousRsp;
    private long leftAt = NONE;

    SleepingTask(KernelLayout layout) {
        this.layout = layout;
    }

    /** A new system call of the utility: its task's kernel stack is the first one the call runs on. */
    void syscallEntered() {
        taskStack = NONE;
        previousStack = NONE;
        leftAt = NONE;
    }

    /** Before each kernel instruction of a system call, with its RSP. */
    void kernelInstruction(long rsp) {
        long stack = rsp < 0 ? layout.kernelStackBase(rsp) : NONE; // user stack: entry code before its switch
        if (taskStack == NONE) {
            taskStack = stack;
        } else if (previousStack == taskStack && stack != taskStack) {
            leftAt = previousRsp;
        }
        previousStack = stack;
        previousRsp = rsp;
    }

    /**
     * @return at a {@code hlt} of the idle task: the function that put the task to sleep and the
     *         frames of its kernel stack, each called from the next; empty when the task never
     *         left its stack
     */
    Optional<String> explainHalt(long hltAddress, Mmu kernel) {
        if (leftAt == NONE) {
            return Optional.empty();
        }
        List<String> frames = frames(kernel);
        return frames.stream().filter(frame -> !isScheduler(frame)).findFirst()
                .map(sleeper -> String.format("the kernel put the task to sleep in %s (its kernel stack: %s) and "
                        + "the CPU went idle (hlt at %s): the engine delivers no interrupts, nothing would wake it",
                        sleeper, frames.stream().limit(FRAMES_SHOWN).collect(Collectors.joining(" <- ")),
                        layout.name(hltAddress)));
    }

    /** The return addresses on the task's kernel stack above where it left it, innermost first. */
    private List<String> frames(Mmu kernel) {
        List<String> frames = new ArrayList<>();
        long top = taskStack + layout.kernelStackSize();
        for (long at = leftAt; at < top; at += Long.BYTES) {
            try {
                long word = kernel.read(at, Long.BYTES);
                String name = word < 0 ? layout.symbolizer().apply(word) : null;
                if (name != null && followsCall(word, kernel)) {
                    frames.add(name);
                }
            } catch (CpuException e) {
                break; // the stack's end is mapped; anything else is not the task's stack
            }
        }
        return frames;
    }

    /** Whether the bytes before {@code address} are a call instruction ending there: a return address. */
    private static boolean followsCall(long address, Mmu kernel) {
        try {
            if (kernel.read(address - 5, 1) == CALL_REL32) {
                return true;
            }
            for (int length : INDIRECT_CALL_LENGTHS) {
                long modrm = kernel.read(address - length + 1, 1);
                if (kernel.read(address - length, 1) == CALL_INDIRECT && ((modrm >> 3) & 7) == 2) {
                    return true;
                }
            }
            return false;
        } catch (CpuException e) {
            return false;
        }
    }

    /** The scheduler's own frames, between the sleeper and the switch: schedule*, __schedule, __switch_to*. */
    private static boolean isScheduler(String frame) {
        String function = frame.substring(0, frame.indexOf('+') < 0 ? frame.length() : frame.indexOf('+'));
        return function.contains("schedule") || function.startsWith("__switch_to");
    }
}
