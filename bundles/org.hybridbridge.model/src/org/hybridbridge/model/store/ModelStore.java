package org.hybridbridge.model.store;

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
import org.hybridbridge.model.ModelPackage;

/**
 * Files of the model: one root object per file, as an EMF binary resource. Binary, not XMI,
 * because the meta-data of a kernel build grows to 100,000 records and the workbench and every
 * run load it: binary loads them in a fraction of XMI's time (README, "The model").
 */
public final class ModelStore {

    private static final Map<Object, Object> OPTIONS = Map.of(BinaryResourceImpl.OPTION_VERSION,
            BinaryResourceImpl.BinaryIO.Version.VERSION_1_1);

    private ModelStore() {
    }

    /**
     * Reads the root of {@code file}, which must be a {@code type}; anything else (another format,
     * a truncated file, another model) is an {@link IllegalArgumentException} naming the file.
     */
    public static <T extends EObject> T read(Path file, Class<T> type) {
        Resource resource = newResource(file);
        try (InputStream in = Files.newInputStream(file)) {
            resource.load(in, OPTIONS);
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
        Resource resource = newResource(file);
        resource.getContents().add(root);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                resource.save(out, OPTIONS);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Resource newResource(Path file) {
        ResourceSet resources = new ResourceSetImpl();
        resources.getPackageRegistry().put(ModelPackage.eNS_URI, ModelPackage.eINSTANCE);
        Resource resource = new BinaryResourceImpl(URI.createFileURI(file.toAbsolutePath().toString()));
        resources.getResources().add(resource);
        return resource;
    }
}
