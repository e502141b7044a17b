package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-instruction vectors for the tricky encodings: bytes, objdump's AT&T text (GNU objdump
 * 2.40, {@code -M att}, no symbols) and length. Every instruction is decoded at address 0x1000.
 */
class DecoderVectorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # byte registers: REX selects sil/dil, without it 4..7 are ah..bh
            400fb6c6             | movzbl %sil,%eax
            0fb6c6               | movzbl %dh,%eax
            4088c6               | mov    %al,%sil
            88c6                 | mov    %al,%dh
            410fb6c4             | movzbl %r12b,%eax
            # RIP-relative, resolved against the next instruction
            488b0500100000       | mov    0x1000(%rip),%rax        # 0x2007
            ff1500100000         | call   *0x1000(%rip)        # 0x2006
            678b0500000000       | mov    0x0(%eip),%eax        # 0x1007
            # SIB without base, absolute, r12/r13 quirks
            8b04c500000000       | mov    0x0(,%rax,8),%eax
            8b04c5f8ffffff       | mov    -0x8(,%rax,8),%eax
            4c8d0c2500000000     | lea    0x0,%r9
            498b0424             | mov    (%r12),%rax
            498b4500             | mov    0x0(%r13),%rax
            4c8b2c24             | mov    (%rsp),%r13
            488d45f0             | lea    -0x10(%rbp),%rax
            67488b00             | mov    (%eax),%rax
            # segment overrides: FS/GS address, the others are only prefixes in long mode
            65488b042500000000   | mov    %gs:0x0,%rax
            64488b042528000000   | mov    %fs:0x28,%rax
            65488b0425c0fb0100   | mov    %gs:0x1fbc0,%rax
            3e8b00               | ds mov (%rax),%eax
            # operand size: 66, REX.W, immediates masked to the operand size
            6683c0ff             | add    $0xffff,%ax
            83c0ff               | add    $0xffffffff,%eax
            4883c0ff             | add    $0xffffffffffffffff,%rax
            80c0ff               | add    $0xff,%al
            66f7c10100           | test   $0x1,%cx
            48c7c0ffffffff       | mov    $0xffffffffffffffff,%rax
            48b80100000000000000 | movabs $0x1,%rax
            a00000000000000000   | movabs 0x0,%al
            # suffixes where no register tells the size
            c70000000000         | movl   $0x0,(%rax)
            48c70000000000       | movq   $0x0,(%rax)
            f6400801             | testb  $0x1,0x8(%rax)
            d320                 | shll   %cl,(%rax)
            0fba2004             | btl    $0x4,(%rax)
            0fa300               | bt     %eax,(%rax)
            0f9400               | sete   (%rax)
            ff7008               | push   0x8(%rax)
            66ff30               | pushw  (%rax)
            8b80d8040000         | mov    0x4d8(%rax),%eax
            # extensions and rAX sign extension
            0fb6c0               | movzbl %al,%eax
            480fb6c0             | movzbq %al,%rax
            0fbfc0               | movswl %ax,%eax
            4863c2               | movslq %edx,%rax
            4898                 | cltq
            98                   | cwtl
            6698                 | cbtw
            99                   | cltd
            4899                 | cqto
            # lock and rep
            f00fb111             | lock cmpxchg %edx,(%rcx)
            f0480fc111           | lock xadd %rdx,(%rcx)
            f0830001             | lock addl $0x1,(%rax)
            f348ab               | rep stos %rax,%es:(%rdi)
            f3a4                 | rep movsb %ds:(%rsi),%es:(%rdi)
            f3a6                 | repz cmpsb %es:(%rdi),%ds:(%rsi)
            f2ae                 | repnz scas %es:(%rdi),%al
            66f3ab               | rep stos %ax,%es:(%rdi)
            48a5                 | movsq  %ds:(%rsi),%es:(%rdi)
            f3c3                 | repz ret
            # 90 forms
            90                   | nop
            6690                 | xchg   %ax,%ax
            f390                 | pause
            4990                 | xchg   %rax,%r8
            # multi-byte NOPs
            0f1f00               | nopl   (%rax)
            0f1f4000             | nopl   0x0(%rax)
            660f1f440000         | nopw   0x0(%rax,%rax,1)
            2e0f1f840000000000   | cs nopl 0x0(%rax,%rax,1)
            66662e0f1f840000000000 | data16 cs nopw 0x0(%rax,%rax,1)
            f30f1efa             | endbr64
            # movss/movsd by prefix, and the other 0F 10 rows
            f30f1000             | movss  (%rax),%xmm0
            f20f1000             | movsd  (%rax),%xmm0
            f20f1100             | movsd  %xmm0,(%rax)
            0f1000               | movups (%rax),%xmm0
            660f1000             | movupd (%rax),%xmm0
            660f6ec0             | movd   %eax,%xmm0
            66480f7ec0           | movq   %xmm0,%rax
            660f6f00             | movdqa (%rax),%xmm0
            660fefc0             | pxor   %xmm0,%xmm0
            0fefc0               | pxor   %mm0,%mm0
            660f73d808           | psrldq $0x8,%xmm0
            660f70c01b           | pshufd $0x1b,%xmm0,%xmm0
            # imul forms
            0fafc1               | imul   %ecx,%eax
            6bc0ff               | imul   $0xffffffff,%eax,%eax
            486bc0ff             | imul   $0xffffffffffffffff,%rax,%rax
            69c000010000         | imul   $0x100,%eax,%eax
            # shifts by 1, cl, imm
            d1e0                 | shl    %eax
            d3e0                 | shl    %cl,%eax
            c1e004               | shl    $0x4,%eax
            48d1f8               | sar    %rax
            0fa4c204             | shld   $0x4,%eax,%edx
            0fadc2               | shrd   %cl,%eax,%edx
            # branches (targets relative to 0x1000)
            e800000000           | call   0x1005
            ebfe                 | jmp    0x1000
            0f8400000000         | je     0x1006
            e2fe                 | loop   0x1000
            ffe0                 | jmp    *%rax
            3effe0               | notrack jmp *%rax
            f2e800000000         | bnd call 0x1006
            # system
            0f20d8               | mov    %cr3,%rax
            0f22d8               | mov    %rax,%cr3
            0f21f8               | mov    %db7,%rax
            0f01f8               | swapgs
            480f07               | sysretq
            48cf                 | iretq
            0f0138               | invlpg (%rax)
            0f0110               | lgdt   (%rax)
            0f00d8               | ltr    %ax
            8ed8                 | mov    %eax,%ds
            0fae20               | xsave  (%rax)
            480fae20             | xsave64 (%rax)
            480fc70e             | cmpxchg16b (%rsi)
            c8100000             | enter  $0x10,$0x0
            cd80                 | int    $0x80
            ec                   | in     (%dx),%al
            e660                 | out    %al,$0x60
            """)
    void decodesAsObjdumpPrints(String hex, String att) throws DecodeException {
        byte[] bytes = HexFormat.of().parseHex(hex.strip());
        Instruction instruction = Decoder.decode(bytes, 0, 0x1000);
        assertEquals(att.strip(), AttSyntax.format(instruction));
        assertEquals(bytes.length, instruction.length());
    }
}
