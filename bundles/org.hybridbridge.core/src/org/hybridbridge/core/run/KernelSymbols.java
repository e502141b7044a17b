package org.hybridbridge.core.run;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.LongFunction;

import org.hybridbridge.qemu.KernelProfile;

/**
 * Names kernel addresses {@code symbol+offset} from a profile's {@code kallsyms}: addresses in
 * the kernel image by the nearest symbol at or below, addresses in CPU 0's per-CPU area by the
 * per-CPU variable at that offset ({@code %gs:0x1fb80} is {@code current_task+0x0}). Anything
 * else (heap, stacks, user memory) has no name: {@code null}.
 */
public final class KernelSymbols implements LongFunction<String> {

    /** Built once per profile object (sorting kallsyms takes a run's set-up a tenth of a second); read-only after. */
    private static final Map<KernelProfile, KernelSymbols> BY_PROFILE = Collections
            .synchronizedMap(new WeakHashMap<>());

    private final TreeMap<Long, String> image = new TreeMap<>(Long::compareUnsigned);
    private final TreeMap<Long, String> perCpu = new TreeMap<>(Long::compareUnsigned);
    private final long imageStart;
    private final long imageEnd;
    /** {@code _etext}; {@code null} in a profile that lacks it (made by hand: every profiled kernel has it) */
    private final Long textEnd;
    private final long perCpuBase;
    private final long perCpuEnd;

    public KernelSymbols(KernelProfile profile) {
        Map<String, Long> sections = profile.sections();
        imageStart = sections.get("_text");
        imageEnd = sections.get("_end");
        textEnd = sections.get("_etext");
        perCpuBase = profile.perCpuBase();
        perCpuEnd = sections.get("__per_cpu_end");
        profile.symbols().forEach((name, address) -> {
            if (Long.compareUnsigned(address, perCpuEnd) < 0) {
                perCpu.merge(address, name, KernelSymbols::preferred);
            } else if (inImage(address)) {
                image.merge(address, name, KernelSymbols::preferred);
            }
        });
    }

    /** @return the symbols of {@code profile}, built on its first use in this process */
    public static KernelSymbols of(KernelProfile profile) {
        return BY_PROFILE.computeIfAbsent(profile, KernelSymbols::new);
    }

    /** @return {@code symbol+0xoffset} of {@code address}, or {@code null} when no symbol covers it */
    @Override
    public String apply(long address) {
        if (inImage(address)) {
            return name(image, address);
        }
        long offset = address - perCpuBase;
        return Long.compareUnsigned(offset, perCpuEnd) < 0 ? name(perCpu, offset) : null;
    }

    /** @return the addresses of the symbols in the kernel's text ({@code _text} to {@code _etext}): function starts */
    public NavigableSet<Long> textStarts() {
        if (textEnd == null) {
            throw new IllegalStateException("the kernel profile has no _etext: where its text ends is unknown");
        }
        return Collections.unmodifiableNavigableSet(image.headMap(textEnd, false).navigableKeySet());
    }

    private boolean inImage(long address) {
        return Long.compareUnsigned(address, imageStart) >= 0 && Long.compareUnsigned(address, imageEnd) < 0;
    }

    private static String name(TreeMap<Long, String> symbols, long address) {
        Map.Entry<Long, String> floor = symbols.floorEntry(address);
        return floor == null ? null : String.format("%s+0x%x", floor.getValue(), address - floor.getKey());
    }

    /**
     * Of two names at one address, the one with fewer leading underscores (the variable, not a
     * section marker: {@code fixed_percpu_data} over {@code __per_cpu_start}), then the first
     * alphabetically ({@code __do_sys_getpid} over {@code __x64_sys_getpid}).
     */
    private static String preferred(String a, String b) {
        int underscores = Integer.compare(leadingUnderscores(a), leadingUnderscores(b));
        if (underscores != 0) {
            return underscores < 0 ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int leadingUnderscores(String name) {
        int count = 0;
        while (count < name.length() && name.charAt(count) == '_') {
            count++;
        }
        return count;
    }
}
