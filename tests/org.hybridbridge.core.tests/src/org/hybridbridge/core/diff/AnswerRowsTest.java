package org.hybridbridge.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hybridbridge.core.diff.SnapshotDiff.Change;
import org.hybridbridge.core.diff.SnapshotDiff.RowChange;
import org.junit.jupiter.api.Test;

/** Rows are matched by the object they describe, not by position. */
class AnswerRowsTest {

    @Test
    void processesAreMatchedByPid() {
        String a = "  PID USER       TIME  COMMAND\n    1 root       0:01 init\n   77 root       0:00 nginx\n";
        String b = "  PID USER       TIME  COMMAND\n    1 root       0:02 init\n   90 root       0:00 sleep 4242\n";

        assertEquals(List.of(new RowChange(Change.CHANGED, "1", "    1 root       0:01 init",
                "    1 root       0:02 init"), new RowChange(Change.REMOVED, "77", "   77 root       0:00 nginx", null),
                new RowChange(Change.ADDED, "90", null, "   90 root       0:00 sleep 4242")),
                AnswerRows.compare("ps", a, b));
    }

    @Test
    void socketsAreMatchedByProtocolAndAddressesAndKeptApartWhenTwoShareThem() {
        String header = "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n";
        String listen = "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN\n";
        String a = header + listen;
        String b = header + listen.replace("0      0", "5      0") + listen;

        assertEquals(List.of(new RowChange(Change.CHANGED, "tcp 0.0.0.0:80 0.0.0.0:*", listen.strip(),
                listen.replace("0      0", "5      0").strip()), new RowChange(Change.ADDED,
                        "tcp 0.0.0.0:80 0.0.0.0:*", null, listen.strip())),
                AnswerRows.compare("netstat -an", a, b));
    }
}
