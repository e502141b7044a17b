package org.hybridbridge.taint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

import org.hybridbridge.taint.metadata.SourceNames;
import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.taint.shadow.MemoryAccess;
import org.hybridbridge.taint.shadow.TaintStep;

/**
 * The per-instruction trace of the kernel code of introspected system calls, one line each,
 * tab-separated: syscall, address, {@code symbol+offset}, bytes, AT&amp;T text, the operands'
 * labels before execution ({@code taint=0,3}: 0 clean, else a label), and each memory access as
 * {@code effective-address:R} (served by the GVM image) or {@code :NR} (SVM). Lines starting with
 * {@code #} name each label's taint sources as the label appears ({@code # taint source 3: a, b}:
 * a label of one source names it alone, as traces of one source per label did).
 */
final class TraceWriter {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final Writer out;
    private final KernelLayout layout;

    TraceWriter(Writer out, KernelLayout layout) {
        this.out = out;
        this.layout = layout;
        line("# syscall\taddress\tsymbol\tbytes\tinstruction\ttaint\taccesses");
    }

    void step(String syscall, TaintStep step) {
        StringJoiner labels = new StringJoiner(",", "taint=", "");
        for (int i = 0; i < step.operandCount(); i++) {
            labels.add(Integer.toString(step.operandLabel(i)));
        }
        StringJoiner accesses = new StringJoiner(" ");
        for (int i = 0; i < step.accessCount(); i++) {
            MemoryAccess access = step.access(i);
            accesses.add(String.format("0x%x:%s", access.address(), access.redirected() ? "R" : "NR"));
        }
        if (step.implicitStack()) {
            accesses.add("stack:NR");
        }
        long address = step.instruction().address();
        line(String.format("%s\t0x%x\t%s\t%s\t%s\t%s\t%s", syscall, address, layout.name(address),
                HEX.formatHex(step.instruction().bytes()), step.instruction(), labels, accesses));
    }

    void source(int label, List<String> symbols) {
        line("# taint source " + label + ": " + SourceNames.join(symbols));
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
    }
}
