/**
 * Slow-Bridge's meta-data: per kernel build, each kernel instruction with a memory access that
 * introspected system calls executed, its class (R, NR, MIXED) and provenance; persisted in the
 * model's store ({@link org.hybridbridge.taint.metadata.MetadataFile}, an EMF binary resource of
 * bundle {@code org.hybridbridge.model}).
 */
package org.hybridbridge.taint.metadata;
