/**
 * The native side of the KVM binding: libc through JNA, the ioctl request numbers of
 * {@code linux/kvm.h}, and the encoders and decoders of the structures those ioctls exchange.
 * Every size and offset here was checked against {@code /usr/include/linux/kvm.h} (x86-64).
 */
package org.hybridbridge.internal.kvm.jna;
