package org.hybridbridge.core.run;

import java.nio.file.Path;

import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * A finished Slow-Bridge run.
 *
 * @param result       what the run produced
 * @param metadata     the kernel's meta-data after this run was merged in
 * @param metadataFile where it is stored
 * @param svmSha256    the SVM snapshot's memory hash, verified before the run (mapped read-only during it)
 * @param gvmSha256    the GVM snapshot's, likewise; {@code null} without redirection
 * @param gvmCpu       the GVM CPU whose context was introspected; {@code null} without redirection
 * @param phases       where the time went: load and checks, run, save
 */
public record SlowRunOutcome(RunResult result, KernelMetadata metadata, Path metadataFile, String svmSha256,
        String gvmSha256, GvmCpu gvmCpu, SlowRunPhases phases) {
}
