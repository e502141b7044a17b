/**
 * Driving one QEMU process: its command line, QMP, the gdbstub, the serial console and
 * hb-agent's protocol on it, and the reaping of QEMU processes when the JVM exits.
 */
package org.hybridbridge.internal.qemu.machine;
