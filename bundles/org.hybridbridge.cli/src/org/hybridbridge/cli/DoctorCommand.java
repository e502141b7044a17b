package org.hybridbridge.cli;

import java.io.PrintWriter;

import org.hybridbridge.core.environment.CheckResult;
import org.hybridbridge.core.environment.EnvironmentCheck;
import org.hybridbridge.core.environment.EnvironmentReport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hb doctor}: what this machine offers the engines; exit 1 names each missing piece. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Report KVM (and how it runs CPL0 and CPL3 guest code), QEMU, the JDK and the guest images.")
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnvironmentReport report = new EnvironmentCheck().run(new ProgressLine(err));
        if (json) {
            out.println(report.toJson());
        } else {
            printTable(report, out);
        }
        for (CheckResult missing : report.missing()) {
            err.println("hb doctor: missing: " + missing.label() + ": " + missing.value()
                    + (missing.detail().isEmpty() ? "" : " (" + missing.detail() + ")"));
        }
        return report.allOk() ? 0 : 1;
    }

    private static void printTable(EnvironmentReport report, PrintWriter out) {
        int labelWidth = report.results().stream().mapToInt(result -> result.label().length()).max().orElse(0);
        for (CheckResult result : report.results()) {
            out.printf("%-" + labelWidth + "s  %-7s  %s%n", result.label(), result.status().word(), result.value());
        }
    }
}
