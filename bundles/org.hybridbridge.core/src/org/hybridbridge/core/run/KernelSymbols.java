package org.hybridbridge.core.run;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
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

    /** Built once per profile object; read-only after. */
    private static final Map<KernelProfile, KernelSymbols> BY_PROFILE = Collections
            .synchronizedMap(new WeakHashMap<>());

    /** The image's symbols by offset from {@code _text}. */
    private final SortedSymbols image;
    /** The per-CPU variables by offset in the per-CPU area. */
    private final SortedSymbols perCpu;
    private final long imageStart;
    private final long imageEnd;
    /** {@code _etext}; {@code null} in a profile that lacks it (made by hand: every profiled kernel has it) */
    private final Long textEnd;
    private final long perCpuBase;
    private final long perCpuEnd;
    /** {@link #textStarts}, made on first use: only Fast-Bridge and the code-page views ask. */
    private NavigableSet<Long> textStarts;

    public KernelSymbols(KernelProfile profile) {
        Map<String, Long> sections = profile.sections();
        imageStart = sections.get("_text");
        imageEnd = sections.get("_end");
        textEnd = sections.get("_etext");
        perCpuBase = profile.perCpuBase();
        perCpuEnd = sections.get("__per_cpu_end");
        SortedSymbols.Builder imageSymbols = new SortedSymbols.Builder(imageEnd - imageStart);
        SortedSymbols.Builder perCpuSymbols = new SortedSymbols.Builder(perCpuEnd);
        profile.symbols().forEach((name, address) -> {
            if (Long.compareUnsigned(address, perCpuEnd) < 0) {
                perCpuSymbols.add(address, name);
            } else if (inImage(address)) {
                imageSymbols.add(address - imageStart, name);
            }
        });
        image = imageSymbols.build();
        perCpu = perCpuSymbols.build();
    }

    /** @return the symbols of {@code profile}, built on its first use in this process */
    public static KernelSymbols of(KernelProfile profile) {
        return BY_PROFILE.computeIfAbsent(profile, KernelSymbols::new);
    }

    /** @return {@code symbol+0xoffset} of {@code address}, or {@code null} when no symbol covers it */
    @Override
    public String apply(long address) {
        if (inImage(address)) {
            return image.name(address - imageStart);
        }
        long offset = address - perCpuBase;
        return Long.compareUnsigned(offset, perCpuEnd) < 0 ? perCpu.name(offset) : null;
    }

    /** @return the addresses of the symbols in the kernel's text ({@code _text} to {@code _etext}): function starts */
    public synchronized NavigableSet<Long> textStarts() {
        if (textEnd == null) {
            throw new IllegalStateException("the kernel profile has no _etext: where its text ends is unknown");
        }
        if (textStarts == null) {
            TreeSet<Long> starts = new TreeSet<>(Long::compareUnsigned);
            image.forEachOffsetBelow(textEnd - imageStart, offset -> starts.add(imageStart + offset));
            textStarts = Collections.unmodifiableNavigableSet(starts);
        }
        return textStarts;
    }

    private boolean inImage(long address) {
        return Long.compareUnsigned(address, imageStart) >= 0 && Long.compareUnsigned(address, imageEnd) < 0;
    }
}
