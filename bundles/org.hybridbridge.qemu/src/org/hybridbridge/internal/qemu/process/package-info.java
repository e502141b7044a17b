/** Running host programs (apt, dpkg-deb, gcc) with one-line errors. */
package org.hybridbridge.internal.qemu.process;
