/**
 * Slow-Bridge's meta-data: per kernel build, each kernel instruction with a memory access that
 * introspected system calls executed, its class (R, NR, MIXED) and provenance; persisted as
 * JSON ({@link org.hybridbridge.taint.metadata.MetadataFile}).
 */
package org.hybridbridge.taint.metadata;
