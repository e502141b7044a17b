package org.hybridbridge.core.run;

/** The engines that run a utility redirected to a GVM snapshot in software: the Runs view's choice. */
public enum BridgeEngine {
    /** Slow-Bridge: taint analysis decides each access and learns meta-data (DESIGN.md 3.3). */
    slow,
    /** The software fast path: the meta-data decides, Slow-Bridge learns what it lacks ({@link MemoRun}). */
    memo
}
