package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.hybridbridge.internal.qemu.process.ExternalCommand;
import org.hybridbridge.qemu.Directories;
import org.hybridbridge.qemu.GuestException;

/** Asks the host's apt about packages and downloads them, checked against apt's SHA256. */
public final class Apt {

    /** Debian's metapackage that always depends on the current cloud kernel. */
    static final String CLOUD_KERNEL_METAPACKAGE = "linux-image-cloud-amd64";

    /**
     * The current cloud kernel without Secure Boot signature, e.g.
     * {@code linux-image-6.1.0-56-cloud-amd64-unsigned}: the signed package the metapackage
     * depends on, with {@code -unsigned} appended (same kernel, no shim dependency).
     */
    public String currentCloudKernelPackage() {
        String dependencies = ExternalCommand.run(null, List.of("apt-cache", "depends", CLOUD_KERNEL_METAPACKAGE));
        return dependencies.lines().map(String::strip).filter(line -> line.startsWith("Depends: linux-image-"))
                .map(line -> line.substring("Depends: ".length()) + "-unsigned").findFirst()
                .orElseThrow(() -> new GuestException("apt knows no " + CLOUD_KERNEL_METAPACKAGE
                        + " with a kernel dependency: run apt-get update"));
    }

    /** The candidate version of {@code name} as apt's metadata describes it. */
    public DebPackage candidate(String name) {
        String record;
        try {
            record = ExternalCommand.run(null, List.of("apt-cache", "show", "--no-all-versions", name));
        } catch (GuestException e) {
            throw new GuestException("apt knows no package " + name + ": run apt-get update", e);
        }
        return parseRecord(name, record);
    }

    static DebPackage parseRecord(String name, String record) {
        Map<String, String> fields = new HashMap<>();
        for (String line : record.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.startsWith(" ")) {
                fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        String version = fields.get("Version");
        String fileName = fields.get("Filename");
        String sha256 = fields.get("SHA256");
        if (version == null || fileName == null || sha256 == null) {
            throw new GuestException("apt's record of " + name + " lacks Version, Filename or SHA256");
        }
        List<String> depends = new ArrayList<>();
        for (String field : List.of("Pre-Depends", "Depends")) {
            depends.addAll(firstAlternatives(fields.getOrDefault(field, "")));
        }
        return new DebPackage(name, version, fileName.substring(fileName.lastIndexOf('/') + 1),
                sha256.toLowerCase(Locale.ROOT), depends);
    }

    /** {@code "libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0"} gives libc6 and debconf. */
    private static List<String> firstAlternatives(String field) {
        return Arrays.stream(field.split(",")).map(String::strip).filter(relation -> !relation.isEmpty())
                .map(relation -> relation.split("[|(\\s:]", 2)[0].strip()).toList();
    }

    /**
     * Returns {@code deb}'s archive in {@code directory}, downloading it with
     * {@code apt-get download} unless a copy with the right hash is there already.
     */
    public Path download(DebPackage deb, Path directory) throws IOException {
        Path target = directory.resolve(deb.fileName());
        if (Files.isRegularFile(target) && Hashes.sha256(target).equals(deb.sha256())) {
            return target;
        }
        Files.createDirectories(directory);
        Path scratch = Files.createTempDirectory(directory, "download-");
        try {
            // apt-get names the file itself (an epoch's ':' becomes "%3a"): take the one .deb it wrote.
            ExternalCommand.run(scratch, List.of("apt-get", "download", "-q", deb.pinned()));
            Path downloaded;
            try (Stream<Path> files = Files.list(scratch)) {
                downloaded = files.filter(file -> file.toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new GuestException("apt-get download " + deb.pinned() + " wrote no .deb"));
            }
            String actual = Hashes.sha256(downloaded);
            if (!actual.equals(deb.sha256())) {
                throw new GuestException(deb.fileName() + " has SHA256 " + actual + ", apt's metadata says "
                        + deb.sha256() + ": not using it");
            }
            Files.move(downloaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Directories.deleteRecursively(scratch);
        }
    }

    /** Unpacks {@code deb}'s files under {@code directory} ({@code dpkg-deb -x}). */
    public void extract(Path deb, Path directory) throws IOException {
        Files.createDirectories(directory);
        ExternalCommand.run(null, List.of("dpkg-deb", "-x", deb.toString(), directory.toString()));
    }
}
