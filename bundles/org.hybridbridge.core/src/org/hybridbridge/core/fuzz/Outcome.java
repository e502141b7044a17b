package org.hybridbridge.core.fuzz;

/** How a utility's run on a damaged guest ended, from best to worst. */
public enum Outcome {
    /** The clean guest's answer, no warning: the damage missed what the utility reads. */
    CORRECT("correct"),
    /** An answer with warnings: the kernel met trouble, the user is told the answer may be incomplete. */
    WARNING("answer with warning"),
    /** A one-line error that says why (a bad pointer, a budget that ran out, an unusable snapshot). */
    CLEAR_ERROR("clear bounded error"),
    /** Another answer than the clean guest's and no warning: the damage changed what the utility printed. */
    WRONG_WITHOUT_WARNING("wrong without warning"),
    /** The run went on past its wall-time budget and a grace period. */
    HANG("hang"),
    /** Anything else thrown: a bug of the engine, an Error of the JVM. */
    CRASH("crash");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
