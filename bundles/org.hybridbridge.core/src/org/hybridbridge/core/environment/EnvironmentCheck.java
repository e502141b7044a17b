package org.hybridbridge.core.environment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;

/**
 * Examines this machine for the engines: the engine behind {@code hb doctor} and the
 * Environment view, so both always show the same thing.
 */
public final class EnvironmentCheck {

    /** Where KVM lives on Linux. */
    public static final Path DEFAULT_KVM_DEVICE = Path.of("/dev/kvm");

    private final List<Check> checks;

    /** The checks of this machine, with KVM at its usual place and the default image cache. */
    public EnvironmentCheck() {
        this(DEFAULT_KVM_DEVICE, GuestImages.inDefaultCache());
    }

    /** The checks of this machine, with KVM looked for at {@code kvmDevice} and images in {@code images}. */
    public EnvironmentCheck(Path kvmDevice, GuestImages images) {
        this.checks = List.of(new KvmCheck(kvmDevice), new QemuCheck(), new JdkCheck(), new GuestImagesCheck(images));
    }

    /** Runs every check in turn; throws {@link CancelledException} when cancelled between checks. */
    public EnvironmentReport run(ProgressListener progress) {
        progress.beginTask("Checking the environment", checks.size());
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            if (progress.isCancelled()) {
                throw new CancelledException("The environment check");
            }
            progress.subTask(check.description());
            results.addAll(check.run());
            progress.worked(1);
        }
        return new EnvironmentReport(results);
    }
}
