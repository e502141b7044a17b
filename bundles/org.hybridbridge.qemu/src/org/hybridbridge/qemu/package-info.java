/**
 * Guests under QEMU (DESIGN.md 3.1): building the SVM and demo GVM images from Debian's
 * packages ({@link org.hybridbridge.qemu.GuestImageBuilder}), booting them under TCG and running
 * commands through hb-agent ({@link org.hybridbridge.qemu.QemuMachine}), kernel profiles
 * ({@link org.hybridbridge.qemu.KernelProfiler}) and {@code .hbsnap} snapshots with their vCPU
 * state and ground truth ({@link org.hybridbridge.qemu.Snapshots}).
 */
package org.hybridbridge.qemu;
