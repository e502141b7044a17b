package org.hybridbridge.qemu;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The cache of guest images: where they live and whether they are there. The builder
 * ({@link GuestImageBuilder}) writes them; everything that boots a guest looks them up here.
 *
 * <p>Layout under the cache directory: {@code debs/} (downloaded packages), {@code packages/}
 * (their extracted files), {@code native/} (compiled programs), {@code images/} (the kernel,
 * {@code svm.cpio.gz}, {@code gvm.cpio.gz} and {@code images.json}, which describes them).
 */
public final class GuestImages {

    /** Environment variable that overrides the default cache directory. */
    public static final String CACHE_VARIABLE = "HB_CACHE";

    static final String MANIFEST = "images.json";

    private final Path cacheDirectory;

    public GuestImages(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory.toAbsolutePath();
    }

    /** The cache in {@code $HB_CACHE}, else {@code $XDG_CACHE_HOME/hybridbridge}, else {@code ~/.cache/hybridbridge}. */
    public static GuestImages inDefaultCache() {
        return new GuestImages(defaultCacheDirectory());
    }

    public static Path defaultCacheDirectory() {
        String override = System.getenv(CACHE_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hybridbridge");
    }

    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** Where the bootable images are written. */
    public Path imageDirectory() {
        return cacheDirectory.resolve("images");
    }

    /** The image of {@code kind}, if it was built and its files are all there. */
    public Optional<GuestImage> find(GuestKind kind) {
        return readManifest().map(manifest -> manifest.image(imageDirectory(), kind))
                .filter(image -> Files.isRegularFile(image.kernel()) && Files.isRegularFile(image.initramfs()));
    }

    public boolean isPresent(GuestKind kind) {
        return find(kind).isPresent();
    }

    /** The image of {@code kind}, or a one-line error that says how to build it. */
    public GuestImage require(GuestKind kind) {
        return find(kind).orElseThrow(() -> new GuestException(
                "no " + kind.label() + " image in " + imageDirectory() + ": run hb guest build"));
    }

    Optional<ImageManifest> readManifest() {
        Path file = imageDirectory().resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            return Optional.ofNullable(new Gson().fromJson(reader, ImageManifest.class))
                    .filter(ImageManifest::isComplete);
        } catch (IOException | JsonParseException e) {
            return Optional.empty(); // an unreadable manifest is an absent image: the builder rewrites it
        }
    }
}
