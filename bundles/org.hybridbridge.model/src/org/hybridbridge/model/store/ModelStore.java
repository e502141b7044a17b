package org.hybridbridge.model.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.hybridbridge.model.ModelPackage;

/**
 * Files of the model: one root object per file, as an EMF binary resource by default. Binary, not
 * XMI, because the meta-data of a kernel build grows to 100,000 records and the workbench and
 * every run load it: binary loads them several times faster ({@code hb bench model}, README "The
 * model"). XMI stays available for the benchmark's comparison and for a human-readable copy.
 */
public final class ModelStore {

    /** How a file is encoded. */
    public enum Format {
        /** EMF's binary resource: compact and fast; what the stores use. */
        BINARY,
        /** XMI: XML, readable and diffable, slower. */
        XMI
    }

    /** EMF's binary resource reads and writes a byte at a time: unbuffered, a store takes seconds. */
    private static final int BUFFER = 1 << 16;
    private static final Map<Object, Object> BINARY_OPTIONS = Map.of(BinaryResourceImpl.OPTION_VERSION,
            BinaryResourceImpl.BinaryIO.Version.VERSION_1_1);
    private static final Map<Object, Object> XMI_OPTIONS = Map.of(XMLResource.OPTION_ENCODING, "UTF-8");

    private ModelStore() {
    }

    /**
     * Reads the root of {@code file}, which must be a {@code type}; anything else (another format,
     * a truncated file, another model) is an {@link IllegalArgumentException} naming the file.
     */
    public static <T extends EObject> T read(Path file, Class<T> type) {
        return read(file, type, Format.BINARY);
    }

    /** As {@link #read(Path, Class)}, from a file of {@code format}. */
    public static <T extends EObject> T read(Path file, Class<T> type, Format format) {
        Resource resource = newResource(file, format);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            resource.load(in, options(format));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a Hybrid-Bridge model file: " + e.getMessage(), e);
        }
        if (resource.getContents().size() != 1 || !type.isInstance(resource.getContents().get(0))) {
            throw new IllegalArgumentException(file + " does not hold a " + type.getSimpleName());
        }
        return type.cast(resource.getContents().get(0));
    }

    /**
     * Writes {@code root} to {@code file}, replacing it atomically: the content goes to a temporary
     * file beside it first, so a reader never sees half a file and a failure loses nothing.
     * {@code root} is moved into a new resource.
     */
    public static void write(EObject root, Path file) throws IOException {
        write(root, file, Format.BINARY);
    }

    /** As {@link #write(EObject, Path)}, in {@code format}. */
    public static void write(EObject root, Path file, Format format) throws IOException {
        Resource resource = newResource(file, format);
        resource.getContents().add(root);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER)) {
                resource.save(out, options(format));
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Map<Object, Object> options(Format format) {
        return format == Format.BINARY ? BINARY_OPTIONS : XMI_OPTIONS;
    }

    private static Resource newResource(Path file, Format format) {
        ResourceSet resources = new ResourceSetImpl();
        resources.getPackageRegistry().put(ModelPackage.eNS_URI, ModelPackage.eINSTANCE);
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        Resource resource = format == Format.BINARY ? new BinaryResourceImpl(uri) : new XMIResourceImpl(uri);
        resources.getResources().add(resource);
        return resource;
    }
}
