package org.hybridbridge.kvm;

/**
 * The exception KVM recorded for a vCPU ({@code KVM_GET_VCPU_EVENTS}): after a
 * {@link VcpuExit.Shutdown} of a guest without an IDT, the exception that caused it.
 *
 * @param vector       the exception vector (3 {@code int3}, 6 #UD, 13 #GP, 14 #PF ...)
 * @param hasErrorCode whether the exception pushes an error code
 * @param errorCode    the error code (for #PF: present, write, user, reserved, fetch bits)
 */
public record PendingException(int vector, boolean hasErrorCode, int errorCode) {
}
