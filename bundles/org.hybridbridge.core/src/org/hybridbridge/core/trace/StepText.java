package org.hybridbridge.core.trace;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.hybridbridge.model.StepAccess;
import org.hybridbridge.model.TaintSourceName;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.taint.metadata.SourceNames;

/** A walkthrough's step in words: {@code hb trace}'s line and the Walkthrough view's panes say the same. */
public final class StepText {

    private StepText() {
    }

    /** @return step {@code index} on one line: number, address, symbol, text, taint, accesses */
    public static String line(Walkthrough walkthrough, int index) {
        TraceStep step = walkthrough.getSteps().get(index);
        return String.format("%4d  0x%x  %-28s %-36s taint: %-24s %s", index + 1, step.getAddress(), step.getSymbol(),
                step.getText(), operandTaint(walkthrough, step), accesses(step));
    }

    /** @return the operands' taint sources by name ({@code current_task+0x0}), or {@code clean} */
    public static String operandTaint(Walkthrough walkthrough, TraceStep step) {
        Set<String> sources = operandSources(walkthrough, step);
        return sources.isEmpty() ? "clean" : SourceNames.join(List.copyOf(sources));
    }

    /** @return the names of every taint source of the operands of {@code step}, each once, in label order */
    public static Set<String> operandSources(Walkthrough walkthrough, TraceStep step) {
        Set<String> sources = new LinkedHashSet<>();
        step.getOperandLabels().stream().filter(label -> label != 0).distinct()
                .forEach(label -> sources.addAll(SourceNames.split(sourceNames(walkthrough.getSources(), label))));
        return sources;
    }

    /** @return each memory access and the image that served it ({@code 0xffff88800f41fb80 from the GVM}) */
    public static String accesses(TraceStep step) {
        StringJoiner accesses = new StringJoiner(", ");
        for (StepAccess access : step.getAccesses()) {
            accesses.add(String.format("0x%x from the %s", access.getAddress(), access.getImage().getLiteral()));
        }
        if (step.isImplicitStack()) {
            accesses.add("the stack, from the SVM");
        }
        return accesses.length() == 0 ? "no memory access" : accesses.toString();
    }

    /** @return the names of the sources of {@code label} (a label of several sources names them all) */
    private static String sourceNames(List<TaintSourceName> sources, int label) {
        return sources.stream().filter(source -> source.getLabel() == label).map(TaintSourceName::getSymbol)
                .findFirst().orElse("label " + label);
    }
}
