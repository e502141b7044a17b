package org.hybridbridge.qemu;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.internal.qemu.profile.Btf;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile.Description;

import com.google.gson.GsonBuilder;

/**
 * Makes the {@link KernelProfile} of the images' kernel from a running SVM, once per kernel
 * build: profiles are kept under {@code profiles/<release>-<image hash>/} in the cache.
 */
public final class KernelProfiler {

    private static final int STEPS = 6;

    private KernelProfiler() {
    }

    /** The profile of the SVM image's kernel: from the cache, or made now by booting the SVM. */
    public static KernelProfile profile(GuestImages images, MachineOptions options, ProgressListener progress) {
        GuestImage svm = images.require(GuestKind.SVM);
        try {
            String imageSha256 = HashStamp.sha256(svm.kernel());
            Path profiles = images.cacheDirectory().resolve("profiles");
            Path directory = profiles.resolve(svm.kernelRelease() + "-" + imageSha256.substring(0, 16));
            String initramfsSha256 = HashStamp.sha256(svm.initramfs());
            if (Files.isRegularFile(directory.resolve(KernelProfile.DESCRIPTION))) {
                KernelProfile cached = KernelProfile.load(directory);
                if (initramfsSha256.equals(cached.svmInitramfsSha256())) {
                    return cached;
                }
            }
            Files.createDirectories(profiles);
            Path scratch = Files.createTempDirectory(profiles, "profile-");
            try {
                progress.beginTask("Profiling kernel " + svm.kernelRelease(), STEPS);
                try (QemuMachine machine = QemuMachine.boot(svm, options, ProgressListener.NONE)) {
                    record(machine, svm, imageSha256, initramfsSha256, scratch, progress);
                }
                if (!Files.isDirectory(directory)) {
                    Files.move(scratch, directory); // the finished profile appears at once, or not at all
                } else {
                    // Another SVM image (its per-CPU base moves with the initramfs' size): the kernel's
                    // meta-data beside the profile stays, the profile's own files are replaced.
                    for (String file : List.of(KernelProfile.KALLSYMS, KernelProfile.BTF, KernelProfile.DESCRIPTION)) {
                        Files.move(scratch.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            } finally {
                Directories.deleteRecursively(scratch);
            }
            return KernelProfile.load(directory);
        } catch (IOException e) {
            throw new GuestException("cannot store the kernel profile: " + e.getMessage(), e);
        }
    }

    private static void record(QemuMachine machine, GuestImage svm, String imageSha256, String initramfsSha256,
            Path directory, ProgressListener progress) throws IOException {
        progress.step("Booted the SVM in " + machine.bootTime().toMillis() + " ms; reading its banner");
        String banner = output(machine, "cat /proc/version");
        progress.step("Reading /proc/kallsyms");
        String kallsyms = output(machine, "cat /proc/kallsyms");
        Map<String, Long> symbols = KernelProfile.parseKallsyms(kallsyms);
        progress.step("Reading the BTF types");
        byte[] btf = Base64.getMimeDecoder().decode(output(machine, "base64 /sys/kernel/btf/vmlinux"));
        if (new Btf(btf).typeCount() == 0) { // a damaged blob fails here rather than in a later analysis
            throw new GuestException("the SVM's /sys/kernel/btf/vmlinux holds no types");
        }
        progress.step("Reading the per-CPU base");
        machine.stopAtMarker("true", QemuMachine.MARK_EXEC);
        // In user mode the kernel's GS base waits in KERNEL_GS_BASE until the next swapgs.
        long perCpuBase = machine.vcpuState().register("kernel_gs_base");
        machine.resumeFromMarker();

        progress.step("Writing the profile");
        Map<String, String> sections = addresses(symbols, KernelProfile.SECTION_SYMBOLS);
        Map<String, String> keySymbols = addresses(symbols, KernelProfile.KEY_SYMBOLS);
        Files.writeString(directory.resolve(KernelProfile.KALLSYMS), kallsyms, StandardCharsets.US_ASCII);
        Files.write(directory.resolve(KernelProfile.BTF), btf);
        Description description = new Description(banner, svm.kernelRelease(), imageSha256, initramfsSha256,
                hex(perCpuBase), sections, keySymbols);
        try (Writer writer = Files.newBufferedWriter(directory.resolve(KernelProfile.DESCRIPTION))) {
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(description, writer);
        }
        progress.step("Profile written");
    }

    private static String output(QemuMachine machine, String command) {
        CommandResult result = machine.run(command);
        if (!result.succeeded()) {
            throw new GuestException("'" + command + "' failed in the SVM (exit " + result.exitStatus() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    private static Map<String, String> addresses(Map<String, Long> symbols, List<String> names) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String name : names) {
            Long address = symbols.get(name);
            if (address == null) {
                throw new GuestException("the SVM's /proc/kallsyms lacks " + name);
            }
            if (address == 0 && !name.startsWith("__per_cpu")) {
                throw new GuestException("the SVM's /proc/kallsyms shows zero addresses (kptr_restrict?)");
            }
            addresses.put(name, hex(address));
        }
        return addresses;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
