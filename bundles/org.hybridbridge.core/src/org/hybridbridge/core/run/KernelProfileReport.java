package org.hybridbridge.core.run;

import static org.hybridbridge.core.run.JsonObjects.object;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.syscall.SyscallTable;

import com.google.gson.GsonBuilder;

/**
 * What the Kernel view shows of a kernel profile and {@code hb profile} prints: its figures, its
 * symbols searched by regex, the system call table with each call's class.
 */
public final class KernelProfileReport {

    private KernelProfileReport() {
    }

    /** @return the symbols whose name {@code pattern} finds, by address */
    public static List<Map.Entry<String, Long>> symbols(KernelProfile profile, Pattern pattern) {
        return profile.symbols().entrySet().stream().filter(symbol -> pattern.matcher(symbol.getKey()).find())
                .sorted(Map.Entry.<String, Long>comparingByValue(Long::compareUnsigned)
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }

    /**
     * {@code hb profile --json}: {@code banner}, {@code release}, {@code directory},
     * {@code imageSha256}, {@code perCpuBase}, {@code symbolCount}, {@code btfBytes},
     * {@code sections} and {@code keySymbols} (name to hex address); with {@code symbols},
     * {@code symbols} (those it finds, by address); with {@code syscalls}, {@code syscalls}
     * ({@code number}, {@code name}, {@code class} as the table spells it).
     */
    public static String json(KernelProfile profile, Pattern symbols, boolean syscalls) {
        Map<String, Object> root = object("banner", profile.banner(), "release", profile.kernelRelease(),
                "directory", profile.directory().toString(), "imageSha256", profile.imageSha256(), "perCpuBase",
                hex(profile.perCpuBase()), "symbolCount", profile.symbolCount(), "btfBytes",
                profile.btfBytes().length);
        Map<String, Object> sections = object();
        profile.sections().forEach((name, address) -> sections.put(name, hex(address)));
        root.put("sections", sections);
        Map<String, Object> keySymbols = object();
        KernelProfile.KEY_SYMBOLS.forEach(name -> keySymbols.put(name, hex(profile.symbol(name))));
        root.put("keySymbols", keySymbols);
        if (symbols != null) {
            root.put("symbols", symbols(profile, symbols).stream()
                    .map(symbol -> object("name", symbol.getKey(), "address", hex(symbol.getValue()))).toList());
        }
        if (syscalls) {
            root.put("syscalls", SyscallTable.defaults().syscalls().stream().map(syscall -> object("number",
                    syscall.number(), "name", syscall.name(), "class", syscall.kind().spelling())).toList());
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }

    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
