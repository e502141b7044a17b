package org.hybridbridge.taint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridbridge.model.Image;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.StepAccess;
import org.hybridbridge.model.TaintSourceName;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;

/**
 * Reads back the trace {@link TraceWriter} writes (its format is documented there) into the
 * model: the steps of one system call and every taint source, the Walkthrough view's and
 * {@code hb trace}'s data. Next to the writer so that the format has one home.
 */
public final class TraceReader {

    private static final Pattern SOURCE = Pattern.compile("# taint source (\\d+): (.*)");
    private static final Pattern ACCESS = Pattern.compile("0x([0-9a-f]+):(R|NR)");
    private static final int COLUMNS = 7;

    private TraceReader() {
    }

    /**
     * Adds to {@code walkthrough} the steps of its system call (every invocation, in order) and
     * the taint sources, read from {@code trace}.
     */
    public static void read(BufferedReader trace, Walkthrough walkthrough) {
        ModelFactory factory = ModelFactory.eINSTANCE;
        try {
            for (String line = trace.readLine(); line != null; line = trace.readLine()) {
                Matcher source = SOURCE.matcher(line);
                if (source.matches()) {
                    TaintSourceName name = factory.createTaintSourceName();
                    name.setLabel(Integer.parseInt(source.group(1)));
                    name.setSymbol(source.group(2));
                    walkthrough.getSources().add(name);
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (line.startsWith("#") || !columns[0].equals(walkthrough.getSyscall())) {
                    continue;
                }
                if (columns.length != COLUMNS) {
                    throw new IllegalArgumentException("not a line of a Slow-Bridge trace: " + line);
                }
                walkthrough.getSteps().add(step(factory, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace: " + e.getMessage(), e);
        }
    }

    private static TraceStep step(ModelFactory factory, String[] columns) {
        TraceStep step = factory.createTraceStep();
        step.setAddress(Long.parseUnsignedLong(columns[1].substring(2), 16));
        step.setSymbol(columns[2]);
        step.setBytes(columns[3]);
        step.setText(columns[4]);
        for (String label : columns[5].substring("taint=".length()).split(",")) {
            if (!label.isEmpty()) {
                step.getOperandLabels().add(Integer.parseInt(label));
            }
        }
        for (String access : columns[6].split(" ")) {
            if (access.equals("stack:NR")) {
                step.setImplicitStack(true);
                continue;
            }
            Matcher matcher = ACCESS.matcher(access);
            if (matcher.matches()) {
                StepAccess stepAccess = factory.createStepAccess();
                stepAccess.setAddress(Long.parseUnsignedLong(matcher.group(1), 16));
                stepAccess.setImage(matcher.group(2).equals("R") ? Image.GVM : Image.SVM);
                step.getAccesses().add(stepAccess);
            }
        }
        return step;
    }
}
