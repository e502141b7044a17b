package org.hybridbridge.taint.shadow;

/**
 * Where taint came from: a kernel global or per-CPU variable whose load started a chain.
 *
 * @param label   the label of the set of this source alone, in the shadow state
 * @param address the linear address loaded
 * @param symbol  {@code symbol+offset} of the address
 */
public record TaintSource(int label, long address, String symbol) {
}
