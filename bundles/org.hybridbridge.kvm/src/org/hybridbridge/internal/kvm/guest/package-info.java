/**
 * Pure builders of a minimal 64-bit guest, no {@code /dev/kvm} needed: identity-mapped page
 * tables, a GDT, the register state that starts directly in long mode at CPL0 or CPL3, and the
 * hand-assembled programs the probe and smoke tests run.
 */
package org.hybridbridge.internal.kvm.guest;
