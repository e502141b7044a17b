/**
 * The kernel's code pages and their NR and R copies (DESIGN.md 3.4) for a function or a page, read
 * from an SVM snapshot and the meta-data store: what {@code hb codepages} prints and the Code
 * pages view shows, from the one builder in bundle {@code fast}.
 */
package org.hybridbridge.core.codepages;
