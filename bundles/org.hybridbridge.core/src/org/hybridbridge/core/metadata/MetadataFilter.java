package org.hybridbridge.core.metadata;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;

/**
 * Which meta-data records to show: each criterion left {@code null} admits every record.
 *
 * @param accessClass only this class (R, NR, MIXED)
 * @param utility     only records a run of this utility reached
 * @param syscall     only records this introspected system call reached
 * @param pattern     only records whose {@code symbol+offset} or AT&amp;T text contains a match
 */
public record MetadataFilter(AccessClass accessClass, String utility, String syscall, Pattern pattern)
        implements Predicate<InstructionRecord> {

    /** Admits every record. */
    public static final MetadataFilter ALL = new MetadataFilter(null, null, null, null);

    @Override
    public boolean test(InstructionRecord record) {
        return (accessClass == null || record.accessClass() == accessClass)
                && (utility == null || record.utilities().contains(utility))
                && (syscall == null || record.syscalls().contains(syscall))
                && (pattern == null || pattern.matcher(record.symbol()).find()
                        || pattern.matcher(record.text()).find());
    }
}
