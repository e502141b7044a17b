/**
 * VMST's taint analysis for Slow-Bridge (DESIGN.md 3.3): shadow labels per register and memory
 * byte, the table of taint sources (kernel globals and per-CPU variables), and the rules that
 * decide which memory accesses of an introspected system call are redirectable
 * ({@link org.hybridbridge.taint.shadow.TaintTracker}).
 */
package org.hybridbridge.taint.shadow;
