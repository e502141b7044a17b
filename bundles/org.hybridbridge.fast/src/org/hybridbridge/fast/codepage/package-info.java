/**
 * The code pages of DESIGN.md 3.4: for a kernel text page and the meta-data, the NR and R copies
 * with {@code int3} on the instructions that must leave the view they run in. One pure builder
 * ({@link org.hybridbridge.fast.codepage.CodePageBuilder}) that Fast-Bridge, {@code hb codepages}
 * and the workbench's Code pages view all use.
 */
package org.hybridbridge.fast.codepage;
