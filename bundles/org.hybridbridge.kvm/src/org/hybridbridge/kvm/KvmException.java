package org.hybridbridge.kvm;

/** A failed system call on KVM: the operation (e.g. {@code KVM_RUN}) and the errno it gave. */
public final class KvmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;

    /**
     * Describes a failed call.
     *
     * @param operation the call that failed, as named in linux/kvm.h or libc
     * @param errno     the errno value
     * @param errnoText what {@code strerror(errno)} says
     */
    public KvmException(String operation, int errno, String errnoText) {
        super(operation + " failed: " + errnoText + " (errno " + errno + ")");
        this.operation = operation;
        this.errno = errno;
    }

    /** The call that failed, e.g. {@code KVM_CREATE_VM}. */
    public String operation() {
        return operation;
    }

    /** The errno value of the failure. */
    public int errno() {
        return errno;
    }
}
