package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Kernel-style code as a byte vector: privileged instructions, per-CPU (GS) accesses, the
 * string, bit and atomic instructions, compiled by gcc 12 with {@code -mcmodel=kernel} and
 * listed by objdump 2.40. The decoder must walk the whole function and print every line alike.
 */
class KernelStyleCodeTest {

    private static final String CODE = """
            4889f14c63c20f01f8410f20d90f320f30fafb0f013f0faef00faee80faef80fae3f65488b0425c0fb01000f01170f01
            1f0f0107410f00d80f01d00f01f90fa2f4f39048cf480f070f01f80f22e00f21f8f3a4f348abf2aef0480fc70f0fae37
            0fae2f480fc72fe460e680edee0f0bcccd80f30f1efa480fc80fc80f310faee8650fb646104863c04899480fa4c20348
            0fadc2480fab060fba3605480fbbc2f00fc1060fc70ef3480fb8d0f30fbdd0f3480fbc06480fbcd00fbd160f95060f4f
            06668706c9c81000009c9d9f9ef5f8f9fcfd660f1f04004585c07e2a486335000000004a8d14c7660f1f840000000000
            488b074883c708488d04404801f04801c14839fa75ea498d0409c3
            """;

    private static final String OBJDUMP = """
            0: mov    %rsi,%rcx
            3: movslq %edx,%r8
            6: swapgs
            9: mov    %cr3,%r9
            d: rdmsr
            f: wrmsr
            11: cli
            12: sti
            13: invlpg (%rdi)
            16: mfence
            19: lfence
            1c: sfence
            1f: clflush (%rdi)
            22: mov    %gs:0x1fbc0,%rax
            2b: lgdt   (%rdi)
            2e: lidt   (%rdi)
            31: sgdt   (%rdi)
            34: ltr    %r8w
            38: xgetbv
            3b: rdtscp
            3e: cpuid
            40: hlt
            41: pause
            43: iretq
            45: sysretq
            48: swapgs
            4b: mov    %rax,%cr4
            4e: mov    %db7,%rax
            51: rep movsb %ds:(%rsi),%es:(%rdi)
            53: rep stos %rax,%es:(%rdi)
            56: repnz scas %es:(%rdi),%al
            58: lock cmpxchg16b (%rdi)
            5d: xsaveopt (%rdi)
            60: xrstor (%rdi)
            63: xsaves64 (%rdi)
            67: in     $0x60,%al
            69: out    %al,$0x80
            6b: in     (%dx),%eax
            6c: out    %al,(%dx)
            6d: ud2
            6f: int3
            70: int    $0x80
            72: endbr64
            76: bswap  %rax
            79: bswap  %eax
            7b: rdtsc
            7d: lfence
            80: movzbl %gs:0x10(%rsi),%eax
            85: movslq %eax,%rax
            88: cqto
            8a: shld   $0x3,%rax,%rdx
            8f: shrd   %cl,%rax,%rdx
            93: bts    %rax,(%rsi)
            97: btrl   $0x5,(%rsi)
            9b: btc    %rax,%rdx
            9f: lock xadd %eax,(%rsi)
            a3: cmpxchg8b (%rsi)
            a6: popcnt %rax,%rdx
            ab: lzcnt  %eax,%edx
            af: tzcnt  (%rsi),%rax
            b4: bsf    %rax,%rdx
            b8: bsr    (%rsi),%edx
            bb: setne  (%rsi)
            be: cmovg  (%rsi),%eax
            c1: xchg   %ax,(%rsi)
            c4: leave
            c5: enter  $0x10,$0x0
            c9: pushf
            ca: popf
            cb: lahf
            cc: sahf
            cd: cmc
            ce: clc
            cf: stc
            d0: cld
            d1: std
            d2: nopw   (%rax,%rax,1)
            d7: test   %r8d,%r8d
            da: jle    0x106
            dc: movslq 0x0(%rip),%rsi        # 0xe3
            e3: lea    (%rdi,%r8,8),%rdx
            e7: nopw   0x0(%rax,%rax,1)
            f0: mov    (%rdi),%rax
            f3: add    $0x8,%rdi
            f7: lea    (%rax,%rax,2),%rax
            fb: add    %rsi,%rax
            fe: add    %rax,%rcx
            101: cmp    %rdi,%rdx
            104: jne    0xf0
            106: lea    (%r9,%rcx,1),%rax
            10a: ret
            """;

    @Test
    void decodesLikeObjdumpInstructionByInstruction() throws DecodeException {
        byte[] code = HexFormat.of().parseHex(CODE.replaceAll("\\s", ""));
        List<String> decoded = new ArrayList<>();
        int offset = 0;
        while (offset < code.length) {
            Instruction instruction = Decoder.decode(code, offset, offset);
            decoded.add(Long.toHexString(instruction.address()) + ": " + AttSyntax.format(instruction));
            offset += instruction.length();
        }
        assertEquals(OBJDUMP.strip().lines().map(String::strip).toList(), decoded);
    }
}
