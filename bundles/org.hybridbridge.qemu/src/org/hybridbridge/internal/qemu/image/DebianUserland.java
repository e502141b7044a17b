package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.hybridbridge.qemu.GuestException;

/**
 * Debian's own inspection utilities, dynamically linked with glibc, as every guest carries them
 * at Debian's paths: the programs of {@link #PACKAGES}, the shared libraries they need and the
 * dynamic loader. The libraries come from the packages' own files, never from the host: the
 * package set is the utilities' packages with their library dependencies ({@link #packages}), and
 * the files are the closure of {@code DT_NEEDED} over the programs, looked up in those packages.
 */
public final class DebianUserland {

    /**
     * The packages whose programs the guests run: ps, free, uptime, vmstat, w; iostat, mpstat,
     * pidstat; netstat, arp, route, ifconfig; pstree.
     */
    public static final List<String> PACKAGES = List.of("procps", "sysstat", "net-tools", "psmisc");

    /**
     * Data files the programs read, from the package named: hb-agent runs them with
     * {@code TERM=dumb}, and pstree (ncurses) refuses to run without that terminal's description.
     */
    private static final Map<String, String> DATA_FILES = Map.of("/lib/terminfo/d/dumb", "ncurses-base");

    /** Where Debian's loader looks for libraries without an ld.so.cache (its multiarch system directories). */
    private static final List<String> LIBRARY_DIRECTORIES = List.of("/lib/x86_64-linux-gnu",
            "/usr/lib/x86_64-linux-gnu");

    private static final List<String> PROGRAM_DIRECTORIES = List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin");

    /** Guest path to the host file with its content (symbolic links resolved inside the package). */
    private final Map<String, Path> files;
    private final Set<String> commands;

    private DebianUserland(Map<String, Path> files, Set<String> commands) {
        this.files = files;
        this.commands = commands;
    }

    /**
     * The utilities' packages and, recursively, the dependencies that are shared libraries: by
     * Debian policy (8.1) a library package is named {@code lib...}, and only libraries are needed
     * (scripts' dependencies such as debconf or ucf are not). Asked of apt's metadata alone, so the
     * set, and the images' key, is known before anything is downloaded.
     */
    public static List<DebPackage> packages(Apt apt) {
        Map<String, DebPackage> resolved = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>(PACKAGES);
        pending.addAll(DATA_FILES.values());
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (resolved.containsKey(name)) {
                continue;
            }
            DebPackage deb = apt.candidate(name);
            resolved.put(name, deb);
            deb.depends().stream().filter(dependency -> dependency.startsWith("lib")).forEach(pending::addLast);
        }
        return List.copyOf(resolved.values());
    }

    /**
     * Collects the files from the extracted packages.
     *
     * @param programRoots the extracted {@link #PACKAGES}: their ELF programs are installed
     * @param libraryRoots every extracted package: where needed libraries, the loader and data files are found
     */
    public static DebianUserland collect(List<Path> programRoots, List<Path> libraryRoots) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Set<String> commands = new LinkedHashSet<>();
        Deque<Path> unresolved = new ArrayDeque<>();
        for (Path root : programRoots) {
            for (String directory : PROGRAM_DIRECTORIES) {
                for (Path program : programs(root.resolve(directory.substring(1)))) {
                    files.put(directory + "/" + program.getFileName(), program);
                    commands.add(program.getFileName().toString());
                    unresolved.add(program);
                }
            }
        }
        for (String data : DATA_FILES.keySet()) {
            files.put(data, find(libraryRoots, List.of(data)).file());
        }
        Set<String> sonames = new LinkedHashSet<>();
        while (!unresolved.isEmpty()) {
            ElfDynamic dynamic = ElfDynamic.read(unresolved.removeFirst());
            if (dynamic.interpreter().isPresent() && !files.containsKey(dynamic.interpreter().get())) {
                Found loader = find(libraryRoots, List.of(dynamic.interpreter().get()));
                files.put(loader.guestPath(), loader.file());
            }
            for (String soname : dynamic.needed()) {
                if (sonames.add(soname)) {
                    Found library = find(libraryRoots,
                            LIBRARY_DIRECTORIES.stream().map(directory -> directory + "/" + soname).toList());
                    files.put(library.guestPath(), library.file());
                    unresolved.add(library.file());
                }
            }
        }
        return new DebianUserland(files, commands);
    }

    /** Adds every file as a regular file at its Debian path. */
    public void addTo(InitramfsTree tree) throws IOException {
        for (Map.Entry<String, Path> file : files.entrySet()) {
            tree.copy(file.getValue(), file.getKey(), DATA_FILES.containsKey(file.getKey()) ? 0644 : 0755);
        }
    }

    /** Whether one of the programs is called {@code name}: busybox's applet of that name is then left out. */
    public boolean provides(String name) {
        return commands.contains(name);
    }

    private static List<Path> programs(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> programs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(entry)
                        && ElfDynamic.isElf(entry)) {
                    programs.add(entry);
                }
            }
        }
        return programs;
    }

    private record Found(String guestPath, Path file) {
    }

    /** The first of {@code guestPaths} any package holds, its symbolic links followed within that package. */
    private static Found find(List<Path> roots, List<String> guestPaths) throws IOException {
        for (String guestPath : guestPaths) {
            for (Path root : roots) {
                Path file = inPackage(root, guestPath);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    return new Found(guestPath, file);
                }
            }
        }
        throw new GuestException("no package of the Debian userland holds " + guestPaths.get(0)
                + ": a library dependency is missing from the package set");
    }

    /**
     * The file {@code guestPath} names in the extracted package {@code root}; a symbolic link is
     * followed inside the package (an absolute target such as libc6's {@code /lib64} loader link
     * would otherwise name the host's file).
     */
    private static Path inPackage(Path root, String guestPath) throws IOException {
        Path file = root.resolve(guestPath.substring(1));
        for (int hops = 0; Files.isSymbolicLink(file); hops++) {
            if (hops == 8) {
                throw new IOException("too many symbolic links at " + file);
            }
            Path target = Files.readSymbolicLink(file);
            file = target.isAbsolute() ? root.resolve(target.toString().substring(1))
                    : file.resolveSibling(target).normalize();
        }
        return file;
    }
}
