package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lockstep against GNU objdump over real code (static busybox, a gcc -static program, and the
 * guests' kernel, which the engine executes): every instruction of {@code .text}, length and
 * AT&T text compared. The report (agreement, differences, rejected instructions by mnemonic) is
 * printed; the test requires at least 99.9% agreement on what the decoder decodes, and that it
 * rejects only the families it does not claim (VEX/EVEX, x87, BMI).
 */
class ObjdumpLockstepTest {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final double REQUIRED_AGREEMENT = 0.999;
    /** Mnemonics of the families out of scope: x87 ({@code f...} other than {@code fxsave}/{@code fxrstor}) and BMI. */
    private static final Set<String> BMI = Set.of("andn", "bextr", "blsi", "blsmsk", "blsr", "bzhi", "mulx", "pdep",
            "pext", "rorx", "sarx", "shlx", "shrx");

    @Test
    void busyboxStatic() throws Exception {
        Requirements.require(ObjdumpListing.isAvailable(), "objdump is not installed");
        Requirements.require(Files.isReadable(BUSYBOX) && isElf(BUSYBOX),
                "/bin/busybox is absent (apt-get install busybox-static)");
        compare(BUSYBOX, Set.of());
    }

    @Test
    void gccStaticProgram(@TempDir Path directory) throws Exception {
        Requirements.require(ObjdumpListing.isAvailable(), "objdump is not installed");
        Requirements.require(Files.isExecutable(GCC), "gcc is not installed");
        Path source = directory.resolve("sample.c");
        try (InputStream in = ObjdumpLockstepTest.class.getResourceAsStream("lockstep-sample.c")) {
            Requirements.require(in != null, "lockstep-sample.c is not on the class path");
            Files.copy(in, source);
        }
        Path binary = directory.resolve("sample");
        Process gcc = new ProcessBuilder(GCC.toString(), "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        Requirements.require(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
                "gcc -static failed (static glibc missing?): " + output);
        compare(binary, Set.of());
    }

    /**
     * What the guests' kernel carries beyond the user-space families: code for CPU features the
     * SVM's CPU model lacks (SGX, PKU, FSGSBASE, INVPCID, SEV-SNP, SVM, VMX, AMX, WAITPKG,
     * MONITORX, SERIALIZE), only reached behind a feature check, and instructions the engine
     * does not model (far transfers, LAR/LSL, UD1, FNINIT at boot); the engine stops on them. The
     * x87 of the FPU restore path (fnclex, fildl) is decoded.
     */
    private static final Set<String> KERNEL_ONLY_OUT_OF_SCOPE = Set.of("encls", "rdpkru", "wrpkru", "rdfsbase",
            "rdgsbase", "wrfsbase", "wrgsbase", "invpcid", "pvalidate", "rmpadjust", "vmgexit", "stgi", "vmmcall",
            "vmcall", "tilerelease", "tpause", "monitorx", "mwaitx", "serialize", "ljmp", "lretq", "lar", "lsl", "ud1",
            "fninit");

    private static final Set<String> KERNEL_X87 = Set.of("fnclex", "fildl");

    @Test
    void guestKernelText(@TempDir Path directory) throws Exception {
        Requirements.require(ObjdumpListing.isAvailable(), "objdump is not installed");
        Requirements.require(Files.isExecutable(Path.of("/usr/bin/lz4")), "lz4 is not installed (apt-get install lz4)");
        Optional<Path> bzImage = KernelImage.cachedBzImage();
        Requirements.require(bzImage.isPresent(), "no guest kernel in the cache: run hb guest build");
        compare(KernelImage.unpack(bzImage.get(), directory), KERNEL_ONLY_OUT_OF_SCOPE);
    }

    private static void compare(Path elf, Set<String> alsoOutOfScope) throws IOException, InterruptedException {
        ElfSection text = ElfSection.read(elf, ".text");
        List<ObjdumpListing.Line> listing = ObjdumpListing.disassemble(elf, ".text");
        LockstepComparison comparison = LockstepComparison.run(text, listing);
        String report = comparison.report(elf.toString());
        System.out.print(report);
        assertTrue(comparison.total() > 1000, report);
        assertTrue(comparison.agreementOnDecoded() >= REQUIRED_AGREEMENT, report);
        for (String mnemonic : comparison.rejectedMnemonics()) {
            assertTrue(isOutOfScope(mnemonic) || alsoOutOfScope.contains(mnemonic), "rejected an instruction in scope: " + mnemonic + "\n" + report);
        }
        assertEquals(comparison.total(), comparison.identical() + comparison.differenceCount() + comparison.rejected(),
                report);
    }

    private static boolean isOutOfScope(String mnemonic) {
        return mnemonic.startsWith("v") || mnemonic.startsWith("k") || BMI.contains(mnemonic)
                || mnemonic.startsWith("f") && !mnemonic.startsWith("fxsave") && !mnemonic.startsWith("fxrstor")
                        && !KERNEL_X87.contains(mnemonic);
    }

    private static boolean isElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7F && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }
}
