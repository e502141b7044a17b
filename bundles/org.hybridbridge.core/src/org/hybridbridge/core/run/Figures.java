package org.hybridbridge.core.run;

/**
 * Compares two answers of a utility whose figures move between the GVM's own answer and its
 * freeze (counters, averages since boot, the time of day): the same lines and the same words, and
 * each number within {@code absolute + relative * max(|a|, |b|)} of the other, each time of day
 * ({@code hh:mm:ss}) within {@code seconds}.
 *
 * @param relative the share of the larger figure a number may move by
 * @param absolute what a number may move by in any case (small counters, percentages near 0)
 * @param seconds  what a time of day may move by
 */
public record Figures(double relative, double absolute, int seconds) {

    private static final String NUMBER = "-?\\d+(\\.\\d+)?";
    private static final String CLOCK = "\\d\\d:\\d\\d:\\d\\d";

    /** Whether {@code answer} is {@code truth} within these tolerances. */
    public boolean agree(String answer, String truth) {
        String[] answerLines = answer.split("\n", -1);
        String[] truthLines = truth.split("\n", -1);
        if (answerLines.length != truthLines.length) {
            return false;
        }
        for (int line = 0; line < answerLines.length; line++) {
            String[] a = answerLines[line].strip().split("[\\s,]+");
            String[] t = truthLines[line].strip().split("[\\s,]+");
            if (a.length != t.length) {
                return false;
            }
            for (int word = 0; word < a.length; word++) {
                if (!wordsAgree(a[word], t[word])) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean wordsAgree(String a, String t) {
        if (a.equals(t)) {
            return true;
        }
        if (a.matches(NUMBER) && t.matches(NUMBER)) {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(t);
            return Math.abs(x - y) <= absolute + relative * Math.max(Math.abs(x), Math.abs(y));
        }
        if (a.matches(CLOCK) && t.matches(CLOCK)) {
            int difference = Math.abs(secondOfDay(a) - secondOfDay(t));
            return Math.min(difference, 86_400 - difference) <= seconds;
        }
        return false;
    }

    private static int secondOfDay(String clock) {
        String[] parts = clock.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Integer.parseInt(parts[2]);
    }
}
