package org.hybridbridge.core.run;

import static org.hybridbridge.core.run.JsonObjects.object;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.SyscallRecord;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.shadow.TaintSource;

import com.google.gson.GsonBuilder;

/**
 * A finished run as one JSON document ({@code hb run --json}): what the human summary says, and
 * for Slow-Bridge every system call. Addresses and argument registers are hex strings (a 64-bit
 * pointer does not survive a JSON reader's doubles); counts and results are numbers.
 */
public final class RunJson {

    private RunJson() {
    }

    /** @return the Slow-Bridge run as JSON: utility, output, exit status, counts, warnings, syscalls, GVM CPU */
    public static String of(SlowRunRequest request, SlowRunOutcome outcome) {
        return write(slow("slow", request, outcome));
    }

    /** @return the memoized run as JSON: the Slow-Bridge run's document, with its fallbacks and what they learned */
    public static String of(SlowRunRequest request, MemoRunOutcome outcome) {
        Map<String, Object> root = slow("memo", request, outcome.run());
        root.put("fallbacks", outcome.fallbacks());
        root.put("learned", outcome.learned());
        return write(root);
    }

    private static Map<String, Object> slow(String engine, SlowRunRequest request, SlowRunOutcome outcome) {
        RunResult result = outcome.result();
        Map<String, Object> root = command(engine, request.command(), result.outputText(), result.exitStatus());
        root.put("redirected", request.redirect());
        if (outcome.gvmCpu() != null) {
            GvmCpu cpu = outcome.gvmCpu();
            root.put("gvmCpu", object("number", cpu.number(), "count", cpu.count(), "perCpuBase",
                    hex(cpu.perCpuBase()), "chosenBy", cpu.chosenBy()));
        }
        root.put("instructions", object("user", result.userInstructions(), "kernel", result.kernelInstructions()));
        root.put("metadata", object("thisRun", counts(result.metadata()), "file", outcome.metadataFile().toString(),
                "merged", counts(outcome.metadata())));
        root.put("taintSources", result.taintSources().stream().map(TaintSource::symbol).toList());
        root.put("stateBytes", result.stateBytes());
        root.put("warnings", result.warnings());
        root.put("seconds", result.elapsed().toNanos() / 1e9);
        root.put("syscalls", result.syscalls().stream().map(RunJson::syscall).toList());
        return root;
    }

    /**
     * @return the Fast-Bridge run as JSON. It has no list of system calls: local ones run in the
     *         kernel without a VM exit, so the VMM never sees them; only their count at hooks.
     */
    public static String of(FastRunRequest request, FastRunOutcome outcome) {
        FastRunResult result = outcome.result();
        Map<String, Object> root = command("fast", request.command(), result.outputText(), result.exitStatus());
        root.put("redirected", request.redirect());
        root.put("cpu", request.cpu().name());
        root.put("exits", object("total", result.exits().total(), "byCause", result.exits().byCause()));
        root.put("viewSwitchExits", result.exits().viewSwitches());
        root.put("fallbacks", result.exits().fallbacks());
        root.put("learned", outcome.learned());
        root.put("introspectedCalls", result.introspectedCalls());
        root.put("codePages", object("made", result.codePages(), "fromCache", result.codePagesCached()));
        root.put("introspectedCalls", result.introspectedCalls());
        root.put("codePages", object("made", result.codePages(), "fromCache", result.codePagesCached()));
        root.put("onEngine", object("handOffs", result.exits().handOffs(), "traps", result.exits().onEngineTotal(),
                "byCause", result.exits().onEngineByCause()));
        root.put("syscallsAtHooks", result.syscallsAtHooks());
        root.put("neutralisedSites", result.neutralisedSites());
        root.put("learnedSites", result.learnedSites());
        root.put("userBitEntries", result.userBitEntries());
        root.put("setupSeconds", result.setup().toNanos() / 1e9);
        root.put("runSeconds", result.run().toNanos() / 1e9);
        return write(root);
    }

    private static Map<String, Object> command(String engine, List<String> command, String output, int exitStatus) {
        return object("engine", engine, "utility", command.get(0), "commandLine", command, "exitStatus", exitStatus,
                "output", output);
    }

    /** @return a JSON object of these keys and values, in this order */
    private static Map<String, Object> syscall(SyscallRecord record) {
        Map<String, Object> object = object("number", record.syscall().number(), "name", record.syscall().name(),
                "class", record.decision().word(), "arguments",
                Arrays.stream(record.arguments()).mapToObj(RunJson::hex).toList());
        record.result().ifPresent(result -> object.put("result", result)); // exit and exit_group have none
        object.put("kernelInstructions", record.kernelInstructions());
        return object;
    }

    private static Map<AccessClass, Long> counts(KernelMetadata metadata) {
        Map<AccessClass, Long> counts = new EnumMap<>(AccessClass.class);
        for (AccessClass accessClass : AccessClass.values()) {
            counts.put(accessClass, metadata.count(accessClass));
        }
        return counts;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /**
     * Gson escapes C0 controls in strings but not DEL and C1 (U+009B is a terminal's CSI): the
     * utility's output is the guest's, so those are escaped too. Outside strings the JSON text is
     * ASCII, so the replacement only ever touches string contents and means the same characters.
     */
    private static String write(Map<String, Object> root) {
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
        StringBuilder escaped = new StringBuilder(json.length());
        json.chars().forEach(c -> {
            if (c >= 0x7f && c <= 0x9f) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }
}
