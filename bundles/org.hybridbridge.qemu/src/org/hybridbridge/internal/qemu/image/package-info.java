/** Building guest images: apt, the native programs, the initramfs tree and its cpio archive. */
package org.hybridbridge.internal.qemu.image;
