package org.hybridbridge.x86;

/**
 * Facts about how an instruction was encoded that change nothing in its meaning but show in
 * objdump's text.
 *
 * @param rexUnused       the REX prefix has a bit no operand depends on (objdump prints it as
 *                        a {@code rex.WRXB} word), or is a bare 40 with no byte register
 * @param sibWithoutIndex the ModRM memory operand has a SIB byte with no index (objdump's
 *                        {@code %riz})
 */
record EncodingNotes(boolean rexUnused, boolean sibWithoutIndex) {
}
