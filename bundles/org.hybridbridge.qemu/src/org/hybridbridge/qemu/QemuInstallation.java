package org.hybridbridge.qemu;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.hybridbridge.internal.qemu.process.ExternalCommand;

/**
 * The host's {@code qemu-system-x86_64}: where it is and which version it reports, or why it
 * cannot be used ({@code hb doctor}).
 *
 * @param executable the program found on {@code PATH}, or null
 * @param version    the first line of {@code --version}, e.g. "QEMU emulator version 7.2.22 (Debian ...)", or null
 * @param problem    why QEMU is unusable, or null when it is usable
 */
public record QemuInstallation(Path executable, String version, String problem) {

    /** The program's name, looked up on {@code PATH}. */
    public static final String PROGRAM = "qemu-system-x86_64";

    /** Looks {@link #PROGRAM} up on {@code PATH} and asks it for its version; never throws. */
    public static QemuInstallation find() {
        Optional<Path> executable = onPath(PROGRAM);
        if (executable.isEmpty()) {
            return new QemuInstallation(null, null, PROGRAM + " is not on PATH: install qemu-system-x86");
        }
        try {
            String firstLine = ExternalCommand.run(null, List.of(executable.get().toString(), "--version")).lines()
                    .findFirst().orElse("").strip();
            return new QemuInstallation(executable.get(), firstLine, null);
        } catch (GuestException e) {
            return new QemuInstallation(executable.get(), null, e.getMessage());
        }
    }

    /** The installation, or a one-line error saying why there is none. */
    public static QemuInstallation require() {
        QemuInstallation installation = find();
        if (!installation.isUsable()) {
            throw new GuestException(installation.problem());
        }
        return installation;
    }

    public boolean isUsable() {
        return problem == null;
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
