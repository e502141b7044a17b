/**
 * Fast-Bridge (DESIGN.md 3.4): the inspection utility and the SVM's kernel run natively on KVM
 * from the SVM's run-start snapshot, the kernel deprivileged at CPL3. The snapshot's memory is
 * the guest's RAM, mapped copy-on-write ({@link org.hybridbridge.fast.FastBridge}); the
 * privileged instructions that trap are emulated with the x86 engine's semantics on that same
 * memory; the utility's output and exit are completed by the VMM as Slow-Bridge completes them.
 */
package org.hybridbridge.fast;
