package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.hybridbridge.core.codepages.KernelCodePages;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.fast.codepage.CodePage;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code hb codepages} on the real kernel: the seeds' getpid example. A getpid run through
 * Slow-Bridge against the demo GVM teaches a fresh meta-data file; its records are the oracle
 * each copy is checked against.
 */
class CodePagesCommandTest {

    /** Instructions whose only access is the stack, by their text: a register pushed or popped, a direct call, ret. */
    private static final Pattern STACK_ONLY = Pattern.compile("(push|pop)\\s+%\\w+|call\\s+0x\\p{XDigit}+|ret");

    @TempDir
    static Path directory;
    private static Path store;
    private static KernelMetadata learned;

    @BeforeAll
    static void learnGetpid() {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM),
                () -> "no guest images in " + images.imageDirectory() + ": run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to take the snapshots: " + qemu.problem());
        UtilityRunner runner = UtilityRunner.inDefaultCache(ProgressListener.NONE);
        store = directory.resolve("metadata.hbmeta");
        assertEquals(0, hb(new ByteArrayOutputStream(), "run", "--engine", "slow", "--svm",
                runner.svm(ProgressListener.NONE).toString(), "--gvm",
                runner.gvm(GuestKind.GVM, ProgressListener.NONE).toString(), "--metadata", store.toString(), "getpid"));
        learned = MetadataFile.read(store);
    }

    private static int hb(ByteArrayOutputStream out, String... args) {
        return Hb.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static JsonObject codepages(String symbol) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, hb(out, "codepages", symbol, "--metadata", store.toString(), "--json"));
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void getpidsLoadsThroughCurrentTaskAreTrappedInTheNrCopyAndItsStackAccessesInNeither() {
        int stackRecords = 0;
        for (String function : List.of("__do_sys_getpid", "__task_pid_nr_ns")) {
            JsonObject listing = codepages(function);
            Map<Long, JsonObject> lines = new HashMap<>();
            for (JsonElement line : listing.getAsJsonArray("instructions")) {
                lines.put(Long.parseUnsignedLong(line.getAsJsonObject().get("address").getAsString().substring(2), 16),
                        line.getAsJsonObject());
            }
            List<InstructionRecord> records = learned.records().stream()
                    .filter(r -> r.symbol().startsWith(function + "+")).toList();
            assertTrue(records.stream().anyMatch(r -> r.accessClass() == AccessClass.R
                    && r.text().startsWith("mov") && r.text().contains("%gs:") && List.of("current_task+0x0").equals(r.taintSources())),
                    function + " loads current_task");
            for (InstructionRecord record : records) {
                JsonObject line = lines.get(record.address());
                assertEquals(record.bytes(), line.get("bytes").getAsString(), record.symbol());
                boolean stack = STACK_ONLY.matcher(record.text()).matches();
                stackRecords += stack ? 1 : 0;
                boolean redirectable = record.accessClass() != AccessClass.NR;
                assertEquals(redirectable, line.get("patchedInNr").getAsBoolean(), "NR copy: " + record.symbol());
                if (stack) {
                    assertEquals(AccessClass.NR, record.accessClass(), record.symbol());
                    assertFalse(line.get("patchedInR").getAsBoolean(), "R copy: " + record.symbol());
                }
                if (record.accessClass() == AccessClass.R) {
                    assertFalse(line.get("patchedInR").getAsBoolean(), "R copy: " + record.symbol());
                }
                assertPageBytes(listing, record, redirectable);
            }
        }
        assertTrue(stackRecords >= 8, "the pushes, pops, calls and returns ran: " + stackRecords);
    }

    /** The NR copy's bytes hold int3 where the record's instruction starts, the original its first byte. */
    private static void assertPageBytes(JsonObject listing, InstructionRecord record, boolean patchedInNr) {
        for (JsonElement element : listing.getAsJsonArray("pages")) {
            JsonObject page = element.getAsJsonObject();
            long address = Long.parseUnsignedLong(page.get("address").getAsString().substring(2), 16);
            long offset = record.address() - address;
            if (offset >= 0 && offset < 4096) {
                byte[] original = HexFormat.of().parseHex(page.get("original").getAsString());
                byte[] nr = HexFormat.of().parseHex(page.get("nr").getAsString());
                assertEquals(HexFormat.of().parseHex(record.bytes())[0], original[(int) offset]);
                assertEquals(patchedInNr ? (byte) 0xCC : original[(int) offset], nr[(int) offset], record.symbol());
                return;
            }
        }
        throw new AssertionError("no page holds " + record.symbol());
    }

    /** The decoder's boundaries on every page the run touched agree with where the engine executed. */
    @Test
    void everyRecordOfTheRunIsAnInstructionOfItsPageOfTheSameBytesAndClass() throws IOException {
        Map<Long, CodePage> pages = new HashMap<>();
        try (KernelCodePages text = KernelCodePages.inDefaultCache(null, store, ProgressListener.NONE)) {
            for (InstructionRecord record : learned.records()) {
                CodePage page = pages.computeIfAbsent(CodePage.pageOf(record.address()),
                        address -> text.page(address).pages().get(0));
                CodeLine line = page.lines().stream().filter(l -> l.address() == record.address()).findFirst()
                        .orElseThrow(() -> new AssertionError("no instruction at " + record.symbol()));
                assertEquals(record.bytes(), HexFormat.of().formatHex(line.bytes()), record.symbol());
                assertEquals(CodeClass.of(record.accessClass()), line.codeClass(), record.symbol());
            }
        }
        assertTrue(pages.size() > 10, "getpid's start-up and exit ran kernel code on " + pages.size() + " pages");
    }

    @Test
    void theTextListingMarksTheNrCopysInt3BesideTheOriginalLoad() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, hb(out, "codepages", "__do_sys_getpid", "--metadata", store.toString()));
        String load = out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("mov    %gs:0x1fb80,%rdi"))
                .findFirst().orElseThrow();
        assertTrue(load.matches(".*\\sR\\s.*mov\\s+%gs:0x1fb80,%rdi\\s+\\[int3\\]\\s+mov\\s+%gs:0x1fb80,%rdi\\s*"), load);
    }

    @Test
    void anUnknownSymbolIsBadInputInOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, hb(out, "codepages", "no_such_function", "--metadata", store.toString()));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
