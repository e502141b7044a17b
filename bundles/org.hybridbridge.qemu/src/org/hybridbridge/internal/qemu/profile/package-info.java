/** Reading a kernel's BTF type information. */
package org.hybridbridge.internal.qemu.profile;
