/**
 * A small typed binding to Linux KVM, one wrapper per file-descriptor level ({@link Kvm},
 * {@link KvmVm}, {@link KvmVcpu}), vCPU state as value records, exits as the sealed
 * {@link VcpuExit}; {@link KvmProbe}, which measures how fast this machine's KVM runs guest
 * code at CPL0 and at CPL3; and {@link NativeCodeRunner}, which runs code snippets natively at
 * CPL3 as an oracle for the engine's semantics. x86-64 Linux only.
 */
package org.hybridbridge.kvm;
