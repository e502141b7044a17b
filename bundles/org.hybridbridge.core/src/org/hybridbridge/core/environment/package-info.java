/**
 * What this machine offers the engines ({@code hb doctor}, the Environment view): KVM and how
 * it runs guest code at CPL0 and CPL3, QEMU, the JDK, the guest images.
 */
package org.hybridbridge.core.environment;
