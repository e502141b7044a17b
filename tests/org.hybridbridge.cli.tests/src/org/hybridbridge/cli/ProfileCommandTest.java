package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code hb profile --json} against the profile's own files: the kallsyms the SVM printed, the BTF blob it gave. */
class ProfileCommandTest {

    @Test
    void jsonCountsTheSymbolsOfKallsymsAndFindsThemByRegex() throws IOException {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM), () -> "no SVM image: run hb guest build");
        Requirements.require(QemuInstallation.find().isUsable(), () -> "no QEMU to profile the kernel");
        KernelProfile profile = KernelProfiler.profile(images, MachineOptions.defaults(), ProgressListener.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = Hb.run(new String[] { "profile", "--json", "--symbols", "^__do_sys_getpid$", "--syscalls" },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(0, status);
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> kallsyms = Files.readAllLines(profile.directory().resolve("kallsyms"));
        String getpid = kallsyms.stream().filter(line -> line.endsWith(" __do_sys_getpid")).findFirst().orElseThrow();
        JsonArray symbols = json.getAsJsonArray("symbols");
        assertEquals(1, symbols.size());
        assertEquals("0x" + getpid.substring(0, getpid.indexOf(' ')),
                symbols.get(0).getAsJsonObject().get("address").getAsString());
        assertTrue(json.get("symbolCount").getAsInt() > 10_000);
        assertTrue(json.get("symbolCount").getAsInt() <= kallsyms.size(), "at most one per kallsyms line");
        assertEquals(Files.size(profile.directory().resolve("btf")), json.get("btfBytes").getAsLong());
        assertEquals(SyscallTable.defaults().syscalls().size(), json.getAsJsonArray("syscalls").size());
        assertTrue(json.get("banner").getAsString().startsWith("Linux version "));
    }
}
