package org.hybridbridge.core.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.RowChange;
import org.hybridbridge.model.RowDiff;

/**
 * Row-by-row comparison of two answers of one utility, by the object each row describes: a
 * utility's first column names it (a pid for {@code ps}, a module for {@code lsmod}, {@code Mem:}
 * for {@code free}), except {@code netstat}'s, whose rows are sockets named by their local and
 * foreign addresses. A header (a row whose key is the same in both) that changed is a CHANGED row
 * like any other; a key that occurs twice (two sockets of the same addresses) keeps its rows apart
 * by order.
 */
final class AnswerRows {

    private AnswerRows() {
    }

    static List<RowDiff> compare(String commandLine, String a, String b) {
        Map<String, String> rowsA = keyed(commandLine, a);
        Map<String, String> rowsB = keyed(commandLine, b);
        List<RowDiff> changes = new ArrayList<>();
        rowsA.forEach((key, row) -> {
            String other = rowsB.get(key);
            if (other == null) {
                changes.add(row(RowChange.REMOVED, display(key), row, null));
            } else if (!other.equals(row)) {
                changes.add(row(RowChange.CHANGED, display(key), row, other));
            }
        });
        rowsB.forEach((key, row) -> {
            if (!rowsA.containsKey(key)) {
                changes.add(row(RowChange.ADDED, display(key), null, row));
            }
        });
        return changes;
    }

    static RowDiff row(RowChange change, String key, String inA, String inB) {
        RowDiff row = ModelFactory.eINSTANCE.createRowDiff();
        row.setChange(change);
        row.setKey(key);
        row.setInA(inA);
        row.setInB(inB);
        return row;
    }

    private static Map<String, String> keyed(String commandLine, String answer) {
        boolean sockets = commandLine.strip().startsWith("netstat");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String row : answer.split("\n")) {
            if (row.isBlank()) {
                continue;
            }
            String key = key(row, sockets);
            int occurrence = 1;
            String unique = key;
            while (rows.containsKey(unique)) {
                unique = key + "\u0000" + ++occurrence;
            }
            rows.put(unique, row);
        }
        return rows;
    }

    private static String key(String row, boolean sockets) {
        String[] fields = row.strip().split("\\s+");
        // netstat: Proto Recv-Q Send-Q Local Foreign State; a socket is its protocol and addresses.
        if (sockets && fields.length >= 5 && fields[0].matches("tcp6?|udp6?|raw6?")) {
            return fields[0] + " " + fields[3] + " " + fields[4];
        }
        return sockets ? row.strip() : fields[0];
    }

    private static String display(String key) {
        int occurrence = key.indexOf('\u0000');
        return occurrence < 0 ? key : key.substring(0, occurrence);
    }
}
