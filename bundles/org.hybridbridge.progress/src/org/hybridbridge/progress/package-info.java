/**
 * The one way long work reports progress and learns it was cancelled: guest boots and image
 * builds (qemu), Slow-Bridge's run loop (taint) and the orchestration above them (core), each
 * adapted once, to a Job's monitor by the workbench and to progress lines by hb. A bundle of its
 * own because qemu and taint, which both report, depend on nothing in common.
 */
package org.hybridbridge.progress;
