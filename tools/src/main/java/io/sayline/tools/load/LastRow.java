package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest row of a table that a tool keeps appending to (SIPp's statistics file, {@code jstat}'s output),
 * by column name. The file is read whole each time: these tables grow by one short row a second.
 */
final class LastRow {
    private LastRow() {
    }

    /**
     * @param separator a regex between cells ({@code ";"} or {@code "\\s+"})
     * @param headerColumn a column name that marks a header line (tools may repeat their header)
     * @return column → cell of the last data row; empty before the first one
     */
    static Map<String, String> read(Path file, String separator, String headerColumn) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return Map.of(); // not written yet
        }
        String[] header = null;
        String[] last = null;
        for (String line : lines) {
            String[] cells = line.trim().split(separator);
            if (List.of(cells).contains(headerColumn)) {
                header = cells;
            } else if (header != null && cells.length == header.length) {
                last = cells;
            }
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; last != null && i < header.length; i++) {
            row.put(header[i], last[i]);
        }
        return row;
    }

    /** The cell as a number; 0 when absent or not a number. */
    static double number(Map<String, String> row, String column) {
        try {
            return Double.parseDouble(row.getOrDefault(column, "0").replace(',', '.'));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
