package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.SnapshotManifest.Marker;
import org.junit.jupiter.api.Test;

/**
 * GroundTruth's rules on answers as the fixtures printed them (procps ps, pstree, vmstat, uptime):
 * what moves between the GVM's own answer and its freeze is tolerated, nothing else.
 */
class GroundTruthTest {

    private static final String PS = """
              PID TTY          TIME CMD
                1 ?        00:00:01 hb-agent
                7 ?        00:00:00 kworker/0:0-rcu_gp
              102 ?        00:00:00 vmstat
              117 ?        00:00:00 ps
            """;

    private static final String PSTREE = """
            hb-agent-+-cron
                     |-init-+-nc
                     |      `-sleep
                     |-pstree
                     `-vmstat
            """;

    private static final String VMSTAT = """
            procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----
             r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st
             1  0      0 935556      0  28452    0    0     0     0  294  222  4 53 43  0  0
            """;

    private static final SnapshotManifest GVM = new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, "qemu",
            "gvm-debian", "Linux version test\n", List.of(), "", null, List.of(),
            new Marker(Marker.FREEZE, 138, "taskset -c 1 hb-freeze"),
            Map.of("ps", PS, "pstree", PSTREE, "vmstat", VMSTAT,
                    "uptime", " 07:50:52 up 0 min,  0 user,  load average: 0.08, 0.02, 0.01\n"),
            "2026-12-05T07:50:57Z");

    private static boolean agrees(String commandLine, String output) {
        GroundTruth.Verdict verdict = GroundTruth.check(List.of(commandLine.split(" ")), output, GVM);
        assertTrue(verdict.known(), commandLine);
        return verdict.matches();
    }

    @Test
    void psListsTheFrozenProcessInsteadOfItselfAndKworkersMayChangeTheirWork() {
        String frozen = PS.replace("  117 ?        00:00:00 ps", "  138 ?        00:00:00 hb-freeze")
                .replace("kworker/0:0-rcu_gp", "kworker/0:0-events").replace("00:00:01", "00:00:02");

        assertTrue(agrees("ps", frozen));
        assertFalse(agrees("ps", frozen.replace("vmstat", "cryptominer")), "another name");
        assertFalse(agrees("ps", frozen.replace("  102 ?        00:00:00 vmstat\n", "")), "a process lost");
    }

    @Test
    void pstreeDrawsTheGvmsTreeButForItsOwnBranchAndTheFrozenProcesss() {
        String frozen = PSTREE.replace("         |-init", "         |-hb-freeze\n         |-init")
                .replace("         |-pstree\n", "");

        assertTrue(agrees("pstree", frozen));
        assertFalse(agrees("pstree", frozen.replace("`-sleep", "`-nc")));
    }

    @Test
    void averagesSinceBootMayMoveButNotTheirShape() {
        assertTrue(agrees("vmstat", VMSTAT.replace(" 294  222  4 53 43", " 260  230  5 50 45")));
        assertFalse(agrees("vmstat", VMSTAT.replace("935556", "235556")), "free memory a quarter of what it was");
        assertFalse(agrees("vmstat", VMSTAT.replace(" us sy", " sy us")), "columns swapped");
    }

    @Test
    void uptimeMayMoveByAMinuteAndItsClockBySeconds() {
        assertTrue(agrees("uptime", " 07:51:40 up 1 min,  0 user,  load average: 0.10, 0.03, 0.01\n"));
        assertFalse(agrees("uptime", " 09:51:40 up 1 min,  0 user,  load average: 0.10, 0.03, 0.01\n"));
        assertFalse(agrees("uptime", " 07:51:40 up 1 min,  2 users,  load average: 0.10, 0.03, 0.01\n"));
    }
}
