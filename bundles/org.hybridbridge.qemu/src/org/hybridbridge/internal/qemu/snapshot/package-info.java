/**
 * Snapshot formats: the {@code .hbsnap} layout and its manifest JSON, QEMU's migration stream
 * (the source of the vCPU state) and its ELF cores.
 */
package org.hybridbridge.internal.qemu.snapshot;
