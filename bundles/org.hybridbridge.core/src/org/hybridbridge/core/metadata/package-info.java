/**
 * Queries over a kernel build's meta-data (DESIGN.md 3.5): the one filter that {@code hb metadata}
 * and the Taint table view both apply, and the CSV and JSON forms of its records.
 */
package org.hybridbridge.core.metadata;
