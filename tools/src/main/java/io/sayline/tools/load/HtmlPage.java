package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The frame the load and soak reports share: one self-contained HTML page (inline CSS, nothing fetched) with a
 * title and its verdict, tiles of key figures, a grid of SVG charts, and the run's parameters and machine.
 */
final class HtmlPage {
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1340px;color:#212529;background:#f8f9fa}
            h1{margin:0 0 .2rem}.sub{color:#495057;margin-bottom:1.2rem}
            .verdict{display:inline-block;padding:.2rem .8rem;border-radius:1rem;color:#fff;font-weight:600}
            .pass{background:#2b8a3e}.fail{background:#c92a2a}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.8rem;margin:1.2rem 0}
            .tile{background:#fff;border-radius:.6rem;padding:.8rem 1rem;box-shadow:0 1px 3px #0002}
            .tile .v{font-size:1.6rem;font-weight:600}.tile .k{color:#495057;font-size:.85rem}
            .bad .v{color:#c92a2a}
            .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(620px,1fr));gap:1rem}
            .chart{background:#fff;border-radius:.6rem;padding:.5rem;box-shadow:0 1px 3px #0002}
            svg{width:100%;height:auto}svg .title{font-size:15px;font-weight:600}svg .label{font-size:12px;fill:#495057}
            svg .tick{font-size:11px;fill:#495057}svg .axis{stroke:#868e96}svg .grid{stroke:#e9ecef}
            svg .bar{fill:#7048e8}
            table{border-collapse:collapse;background:#fff;margin-top:1rem}td{padding:.3rem .8rem;border-bottom:1px solid #e9ecef}
            td:first-child{color:#495057}
            """;

    private HtmlPage() {
    }

    /** The page up to its first section: title, PASS or FAIL, and the run's calls and date under it. */
    static StringBuilder start(String title, boolean passed, RunInfo info) {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head><body>");
        h.append("<h1>").append(esc(title)).append(" <span class=\"verdict ").append(passed ? "pass\">PASS" : "fail\">FAIL")
                .append("</span></h1><div class=\"sub\">").append(esc(info.parameters().get("calls"))).append(" &middot; ")
                .append(esc(info.machine().get("date"))).append("</div>");
        return h;
    }

    /** Ends the page with the run's parameters and machine and writes it to {@code file}. */
    static Path end(StringBuilder h, RunInfo info, Path file) throws IOException {
        table(h, "Run", info.parameters());
        table(h, "Machine", info.machine());
        h.append("</body></html>\n");
        Files.writeString(file, h);
        return file;
    }

    static void tile(StringBuilder h, String key, String value, boolean bad) {
        h.append("<div class=\"tile").append(bad ? " bad" : "").append("\"><div class=\"v\">").append(esc(value))
                .append("</div><div class=\"k\">").append(esc(key)).append("</div></div>");
    }

    static void chart(StringBuilder h, String svg) {
        h.append("<div class=\"chart\">").append(svg).append("</div>");
    }

    static void table(StringBuilder h, String title, Map<String, String> rows) {
        h.append("<h2>").append(esc(title)).append("</h2><table>");
        rows.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>"));
        h.append("</table>");
    }

    static String esc(String s) {
        return SvgChart.escape(s == null ? "" : s);
    }
}
