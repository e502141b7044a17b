/**
 * The x86-64 execution engine: one long-mode processor ({@link org.hybridbridge.x86.exec.Machine})
 * over guest-physical memory, with paging ({@link org.hybridbridge.x86.exec.Mmu}), exceptions
 * delivered through the guest's IDT, and instruction semantics registered by family in an
 * {@link org.hybridbridge.x86.exec.InstructionSet}. Deterministic: no external interrupts, CPUID
 * and the TSC from a {@link org.hybridbridge.x86.exec.CpuModel}. What it does not emulate stops a
 * run with an {@link org.hybridbridge.x86.exec.EngineError}.
 */
package org.hybridbridge.x86.exec;
