package org.hybridbridge.kvm;

/**
 * What {@link KvmProbe} found.
 *
 * @param device     the device path probed
 * @param present    the device exists
 * @param openable   it could be opened read-write
 * @param apiVersion {@code KVM_GET_API_VERSION}, -1 if unknown
 * @param cpl0       the rate at CPL0, null if not measured
 * @param cpl3       the rate at CPL3, null if not measured
 * @param flavor     hardware or emulated CPL0, null if not measured
 * @param problem    null when all is fine, otherwise one line saying what went wrong
 */
public record KvmReport(String device, boolean present, boolean openable, int apiVersion, CplRate cpl0, CplRate cpl3,
        KvmFlavor flavor, String problem) {
}
