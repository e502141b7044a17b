package org.hybridbridge.core.trace;

import java.util.List;
import java.util.StringJoiner;

import org.hybridbridge.model.StepAccess;
import org.hybridbridge.model.TaintSourceName;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;

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
        StringJoiner sources = new StringJoiner(", ");
        step.getOperandLabels().stream().filter(label -> label != 0).distinct()
                .forEach(label -> sources.add(sourceName(walkthrough.getSources(), label)));
        return sources.length() == 0 ? "clean" : sources.toString();
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

    private static String sourceName(List<TaintSourceName> sources, int label) {
        return sources.stream().filter(source -> source.getLabel() == label).map(TaintSourceName::getSymbol)
                .findFirst().orElse("label " + label);
    }
}
