/**
 * Shared by the test fragments: {@link org.hybridbridge.testing.Requirements}, the one way a
 * test says what it needs of the machine (KVM, QEMU, the guest images, gcc, Unicorn ...).
 */
package org.hybridbridge.testing;
