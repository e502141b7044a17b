package org.hybridbridge.core.environment;

import java.util.List;

/** One thing {@code hb doctor} examines; it never throws, a failure is a MISSING result. */
interface Check {

    /** What the progress line says while this check runs. */
    String description();

    List<CheckResult> run();
}
