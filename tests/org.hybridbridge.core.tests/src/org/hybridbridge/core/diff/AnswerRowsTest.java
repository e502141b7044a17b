package org.hybridbridge.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hybridbridge.model.RowChange;
import org.hybridbridge.model.RowDiff;
import org.junit.jupiter.api.Test;

/** Rows are matched by the object they describe, not by position. */
class AnswerRowsTest {

    @Test
    void processesAreMatchedByPid() {
        String a = "  PID USER       TIME  COMMAND\n    1 root       0:01 init\n   77 root       0:00 nginx\n";
        String b = "  PID USER       TIME  COMMAND\n    1 root       0:02 init\n   90 root       0:00 sleep 4242\n";

        assertEquals(List.of(row(RowChange.CHANGED, "1", "    1 root       0:01 init",
                "    1 root       0:02 init"), row(RowChange.REMOVED, "77", "   77 root       0:00 nginx", null),
                row(RowChange.ADDED, "90", null, "   90 root       0:00 sleep 4242")),
                rows(AnswerRows.compare("ps", a, b)));
    }

    @Test
    void socketsAreMatchedByProtocolAndAddressesAndKeptApartWhenTwoShareThem() {
        String header = "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n";
        String listen = "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN\n";
        String a = header + listen;
        String b = header + listen.replace("0      0", "5      0") + listen;

        assertEquals(List.of(row(RowChange.CHANGED, "tcp 0.0.0.0:80 0.0.0.0:*", listen.strip(),
                listen.replace("0      0", "5      0").strip()), row(RowChange.ADDED,
                        "tcp 0.0.0.0:80 0.0.0.0:*", null, listen.strip())),
                rows(AnswerRows.compare("netstat -an", a, b)));
    }

    private record Row(RowChange change, String key, String inA, String inB) {
    }

    private static Row row(RowChange change, String key, String inA, String inB) {
        return new Row(change, key, inA, inB);
    }

    private static List<Row> rows(List<RowDiff> rows) {
        return rows.stream().map(r -> row(r.getChange(), r.getKey(), r.getInA(), r.getInB())).toList();
    }
}
