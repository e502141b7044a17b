package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

/** {@code hb metadata} over a small store: each filter, --count, CSV, JSON and export. */
class MetadataCommandTest {

    @TempDir
    Path directory;
    private Path store;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void store() throws IOException {
        KernelMetadata metadata = new KernelMetadata("Linux version test\n");
        metadata.record(new InstructionRecord(0xffffffff81001000L, "__do_sys_getpid+0x4", "65488b0425",
                "mov %gs:0x0,%rax", AccessClass.R, 2, Set.of("getpid"), Set.of("getpid"), List.of("current_task+0x0")));
        metadata.record(new InstructionRecord(0xffffffff81002000L, "do_syscall_64+0x10", "48894424f8",
                "mov %rax,-0x8(%rsp)", AccessClass.NR, 7, Set.of("getpid", "uname"), Set.of("getpid", "uname"), List.of()));
        metadata.record(new InstructionRecord(0xffffffff81003000L, "__do_sys_newuname+0x20", "8b05",
                "mov 0x0(%rip),%eax", AccessClass.R, 1, Set.of("uname"), Set.of("uname -a"), List.of("init_uts_ns+0x4")));
        store = directory.resolve("metadata.hbmeta");
        MetadataFile.mergeInto(store, metadata);
    }

    private int hb(String... args) {
        List<String> all = new ArrayList<>(List.of("metadata", "--metadata", store.toString()));
        all.addAll(List.of(args));
        return Hb.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsTheRecordsOfAClass() {
        assertEquals(0, hb("--class", "R", "--count"));
        assertEquals("2\n", stdout());
    }

    @Test
    void filtersCombineBySyscallAndRegexOnSymbolOrText() {
        assertEquals(0, hb("--syscall", "getpid", "--symbol", "%gs", "--count"));
        assertEquals("1\n", stdout());
    }

    @Test
    void csvHasAHeaderAndOneLinePerRecordByAddress() {
        assertEquals(0, hb("--utility", "uname -a", "--csv"));
        List<String> lines = stdout().lines().toList();
        assertEquals("address,symbol,bytes,text,class,executions,syscalls,utilities,taintSource", lines.get(0));
        assertEquals("0xffffffff81003000,__do_sys_newuname+0x20,8b05,\"mov 0x0(%rip),%eax\",R,1,uname,uname -a,"
                + "init_uts_ns+0x4", lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void jsonIsOneArray() {
        assertEquals(0, hb("--class", "NR", "--json"));
        assertEquals("do_syscall_64+0x10",
                JsonParser.parseString(stdout()).getAsJsonArray().get(0).getAsJsonObject().get("symbol").getAsString());
    }

    @Test
    void exportWritesEveryRecordAndRefusesAnExistingFile() throws IOException {
        Path csv = directory.resolve("all.csv");
        assertEquals(0, hb("export", "--csv", csv.toString()));
        assertEquals(4, Files.readAllLines(csv).size());
        assertEquals(2, hb("export", "--csv", csv.toString()));
    }

    @Test
    void aBadRegexIsBadUsage() {
        assertEquals(2, hb("--symbol", "(", "--count"));
        assertTrue(stdout().isEmpty());
    }
}
