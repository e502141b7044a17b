package org.hybridbridge.qemu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.hybridbridge.internal.qemu.image.Apt;
import org.hybridbridge.internal.qemu.image.CpioNewcWriter;
import org.hybridbridge.internal.qemu.image.DebPackage;
import org.hybridbridge.internal.qemu.image.DebianUserland;
import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.internal.qemu.image.InitramfsLayout;
import org.hybridbridge.internal.qemu.image.NativePrograms;
import org.hybridbridge.progress.ProgressListener;

import com.google.gson.GsonBuilder;

/**
 * Builds the guest images from Debian's packages and the C sources of {@code native/}
 * ({@code hb guest build}): apt downloads the cloud kernel, {@code busybox-static} and the
 * Debian userland's packages ({@link DebianUserland}), their hashes are checked against apt's
 * metadata, gcc compiles the programs statically, and one initramfs per {@link GuestKind} is
 * written into the cache. The inputs are hashed first: when nothing changed, nothing is
 * downloaded, compiled or written.
 */
public final class GuestImageBuilder {

    /** Environment variable naming the {@code native/} directory when it is not found from the working directory. */
    public static final String NATIVE_VARIABLE = "HB_NATIVE_DIR";

    private static final String BUSYBOX_PACKAGE = "busybox-static";
    private static final int STEPS = 6 + GuestKind.values().length;

    private final GuestImages images;
    private final Path nativeSources;
    private final Apt apt = new Apt();

    /**
     * @param images        the cache to build into
     * @param nativeSources the project's {@code native/} directory
     */
    public GuestImageBuilder(GuestImages images, Path nativeSources) {
        this.images = images;
        this.nativeSources = nativeSources.toAbsolutePath();
    }

    /**
     * The project's {@code native/} directory: {@code $HB_NATIVE_DIR}, else the first
     * {@code native/} with {@code hb-agent.c} in the working directory or one of its parents.
     */
    public static Path locateNativeSources() {
        String override = System.getenv(NATIVE_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("native/hb-agent.c"))) {
                return directory.resolve("native");
            }
        }
        throw new GuestException("no native/ sources (hb-agent.c) above " + Path.of("").toAbsolutePath()
                + ": run from the checkout or set " + NATIVE_VARIABLE);
    }

    /**
     * What a build did.
     *
     * @param svm     the SVM image
     * @param gvm     the demo GVM image
     * @param rebuilt false when the images were up to date and nothing was written
     */
    public record Result(GuestImage svm, GuestImage gvm, boolean rebuilt) {
    }

    /** Builds both images unless they are up to date. */
    public Result build(ProgressListener progress) {
        try {
            return buildImages(progress);
        } catch (IOException e) {
            throw new GuestException("building the guest images in " + images.cacheDirectory() + " failed: " + e, e);
        }
    }

    private Result buildImages(ProgressListener progress) throws IOException {
        progress.beginTask("Building guest images", STEPS);
        step(progress, "Asking apt for the cloud kernel, busybox and the Debian userland");
        DebPackage kernelDeb = apt.candidate(apt.currentCloudKernelPackage());
        DebPackage busyboxDeb = apt.candidate(BUSYBOX_PACKAGE);
        List<DebPackage> debianDebs = DebianUserland.packages(apt);
        NativePrograms programs = new NativePrograms(nativeSources);
        String inputs = inputsHash(kernelDeb, busyboxDeb, debianDebs, programs);
        Optional<ImageManifest> existing = images.readManifest().filter(manifest -> manifest.inputs().equals(inputs));
        if (existing.isPresent() && Arrays.stream(GuestKind.values()).allMatch(images::isPresent)) {
            step(progress, "Images are up to date");
            return new Result(images.require(GuestKind.SVM), images.require(GuestKind.GVM), false);
        }

        Path cache = images.cacheDirectory();
        step(progress, "Downloading " + kernelDeb.fileName());
        Path kernelRoot = unpacked(kernelDeb, apt.download(kernelDeb, cache.resolve("debs")));
        step(progress, "Downloading " + busyboxDeb.fileName());
        Path busyboxRoot = unpacked(busyboxDeb, apt.download(busyboxDeb, cache.resolve("debs")));
        step(progress, "Downloading the Debian userland: " + debianDebs.size() + " packages");
        DebianUserland debian = debianUserland(debianDebs);
        step(progress, "Compiling native/ with gcc");
        Path compiled = programs.compile(cache.resolve("native"));

        String release = kernelRelease(kernelRoot);
        InitramfsLayout layout = new InitramfsLayout(busyboxRoot.resolve("bin/busybox"), debian,
                kernelRoot.resolve("lib/modules").resolve(release), compiled, nativeSources);
        Path directory = images.imageDirectory();
        Files.createDirectories(directory);
        Map<String, String> files = new LinkedHashMap<>();
        String kernelFile = ImageManifest.kernelFileName(release);
        copyAtomically(kernelRoot.resolve("boot").resolve(kernelFile), directory.resolve(kernelFile));
        files.put(kernelFile, Hashes.sha256(directory.resolve(kernelFile)));
        for (GuestKind kind : GuestKind.values()) {
            step(progress, "Writing the " + kind.label().toUpperCase(Locale.ROOT) + " initramfs");
            String name = ImageManifest.initramfsFileName(kind);
            writeInitramfs(layout, kind, directory.resolve(name));
            files.put(name, Hashes.sha256(directory.resolve(name)));
        }
        step(progress, "Writing " + GuestImages.MANIFEST);
        writeManifest(new ImageManifest(ImageManifest.FORMAT, inputs, release, kernelDeb.pinned(), busyboxDeb.pinned(),
                debianDebs.stream().map(DebPackage::pinned).toList(), files));
        return new Result(images.require(GuestKind.SVM), images.require(GuestKind.GVM), true);
    }

    private static void step(ProgressListener progress, String description) {
        if (progress.isCancelled()) {
            throw new GuestException("building the guest images was cancelled");
        }
        progress.step(description);
    }

    private String inputsHash(DebPackage kernel, DebPackage busybox, List<DebPackage> debian, NativePrograms programs)
            throws IOException {
        StringBuilder inputs = new StringBuilder().append(ImageManifest.FORMAT).append('\n').append(kernel.sha256())
                .append('\n').append(busybox.sha256()).append('\n').append(programs.key()).append('\n');
        debian.forEach(deb -> inputs.append(deb.sha256()).append('\n'));
        for (GuestKind kind : GuestKind.values()) {
            inputs.append(Hashes.sha256(nativeSources.resolve(kind.label() + "-init"))).append('\n');
        }
        return Hashes.sha256(inputs.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Downloads and extracts the userland's packages and collects its files from them. */
    private DebianUserland debianUserland(List<DebPackage> debs) throws IOException {
        List<Path> programRoots = new ArrayList<>();
        List<Path> allRoots = new ArrayList<>();
        for (DebPackage deb : debs) {
            Path root = unpacked(deb, apt.download(deb, images.cacheDirectory().resolve("debs")));
            allRoots.add(root);
            if (DebianUserland.PACKAGES.contains(deb.name())) {
                programRoots.add(root);
            }
        }
        return DebianUserland.collect(programRoots, allRoots);
    }

    /** The package's files under {@code packages/}, extracted once per package hash. */
    private Path unpacked(DebPackage deb, Path archive) throws IOException {
        Path packages = images.cacheDirectory().resolve("packages");
        Path root = packages.resolve(deb.name() + "_" + deb.sha256().substring(0, 16));
        if (Files.isDirectory(root)) {
            return root;
        }
        Files.createDirectories(packages);
        Path scratch = Files.createTempDirectory(packages, "extract-");
        try {
            apt.extract(archive, scratch);
            Files.move(scratch, root);
        } finally {
            Directories.deleteRecursively(scratch);
        }
        return root;
    }

    private static String kernelRelease(Path kernelRoot) throws IOException {
        try (Stream<Path> boot = Files.list(kernelRoot.resolve("boot"))) {
            return boot.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("vmlinuz-"))
                    .map(name -> name.substring("vmlinuz-".length())).findFirst()
                    .orElseThrow(() -> new GuestException("the kernel package has no boot/vmlinuz-*"));
        }
    }

    private static void writeInitramfs(InitramfsLayout layout, GuestKind kind, Path target) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                new CpioNewcWriter(out).write(layout.tree(kind));
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyAtomically(Path source, Path target) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void writeManifest(ImageManifest manifest) throws IOException {
        Path target = images.imageDirectory().resolve(GuestImages.MANIFEST);
        Path temporary = Files.createTempFile(target.getParent(), GuestImages.MANIFEST, ".part");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest, writer);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
