package org.hybridbridge.core.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.hybridbridge.model.Image;
import org.hybridbridge.model.StepAccess;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.taint.metadata.AccessClass;

/**
 * The taint table as it fills while a walkthrough steps on, as in the seeds' slides: one row per
 * instruction with a memory access among the steps so far, in order of first execution, its
 * class from the images that served its accesses (GVM only: R; SVM only, stack included: NR;
 * both: MIXED) and the taint sources of its operands.
 */
public final class TaintTableRows {

    /**
     * @param address    the instruction's address
     * @param symbol     function+offset
     * @param text       AT&amp;T
     * @param accessClass its class so far
     * @param sources    the taint sources of its operands so far, by name
     * @param firstStep  the step that first ran it
     */
    public record Row(long address, String symbol, String text, AccessClass accessClass, List<String> sources,
            int firstStep) {
    }

    private TaintTableRows() {
    }

    /** @return the rows after steps 0 to {@code step} of {@code walkthrough} */
    public static List<Row> upTo(Walkthrough walkthrough, int step) {
        Map<Long, Row> rows = new LinkedHashMap<>();
        List<TraceStep> steps = walkthrough.getSteps();
        for (int i = 0; i <= step && i < steps.size(); i++) {
            TraceStep current = steps.get(i);
            AccessClass seen = classOf(current);
            if (seen == null) {
                continue;
            }
            TreeSet<String> sources = new TreeSet<>(StepText.operandSources(walkthrough, current));
            rows.merge(current.getAddress(), new Row(current.getAddress(), current.getSymbol(), current.getText(),
                    seen, List.copyOf(sources), i), TaintTableRows::merge);
        }
        return new ArrayList<>(rows.values());
    }

    private static Row merge(Row old, Row now) {
        TreeSet<String> union = new TreeSet<>(old.sources());
        union.addAll(now.sources());
        return new Row(old.address(), old.symbol(), old.text(), old.accessClass().merge(now.accessClass()),
                List.copyOf(union), old.firstStep());
    }

    /** @return the class of one execution of {@code step}, or {@code null} if it accessed no memory */
    public static AccessClass classOf(TraceStep step) {
        boolean gvm = false;
        boolean svm = step.isImplicitStack();
        for (StepAccess access : step.getAccesses()) {
            gvm |= access.getImage() == Image.GVM;
            svm |= access.getImage() == Image.SVM;
        }
        if (gvm && svm) {
            return AccessClass.MIXED;
        }
        return gvm ? AccessClass.R : svm ? AccessClass.NR : null;
    }
}
