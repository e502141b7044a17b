package org.hybridbridge.x86.exec;

/** What a linear access does, for the paging permission checks and the #PF error code. */
public enum AccessType {
    READ, WRITE, EXECUTE
}
