/**
 * The orchestration of a utility run (DESIGN.md 3.3): snapshots and kernel profile turned into
 * the engine's state, memory, symbols and kernel layout, and a Slow-Bridge run over them
 * ({@link org.hybridbridge.core.run.SlowRun}).
 */
package org.hybridbridge.core.run;
