package org.hybridbridge.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --metadata FILE}: the meta-data store a command reads. A picocli mixin. */
final class MetadataFileOption {

    @Option(names = "--metadata", paramLabel = "FILE",
            description = "The meta-data file (default: the store metadata.hbmeta in the kernel profile's directory).")
    private Path file;

    /** @return the file given, or {@code null} for the kernel profile's */
    Path file() {
        return file;
    }
}
