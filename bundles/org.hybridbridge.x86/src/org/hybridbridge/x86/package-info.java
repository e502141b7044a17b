/**
 * The x86-64 instruction decoder and AT&T disassembler at the bottom of Hybrid-Bridge.
 * {@link org.hybridbridge.x86.Decoder} decodes one instruction of 64-bit long mode from bytes
 * into an immutable {@link org.hybridbridge.x86.Instruction} (prefixes, {@link
 * org.hybridbridge.x86.Mnemonic}, operands with their {@link org.hybridbridge.x86.Access}),
 * driven by opcode tables in the SDM's operand notation grouped by instruction family;
 * {@link org.hybridbridge.x86.AttSyntax} prints it as GNU objdump does. No dependencies beyond
 * the JDK.
 */
package org.hybridbridge.x86;
