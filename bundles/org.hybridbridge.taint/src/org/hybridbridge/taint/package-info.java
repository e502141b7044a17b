/**
 * Slow-Bridge (DESIGN.md 3.3): the inspection utility run in the x86 engine from the SVM's
 * run-start snapshot, its introspected system calls under taint analysis with redirectable
 * accesses served by a copy-on-write image of the GVM ({@link org.hybridbridge.taint.SlowBridge}).
 */
package org.hybridbridge.taint;
