package io.godwit.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link Document} as one self-contained HTML file: inline styles, the chart as inline
 * SVG, nothing fetched from elsewhere, so it can be attached to a change request and read offline.
 */
final class HtmlWriter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final int WIDTH = 720;
  private static final int HEIGHT = 180;
  private static final int PAD = 36;

  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:960px;color:#1d2329;padding:0 1em}
      h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #d8dee4;padding-bottom:.2em}
      table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d8dee4;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f3f5f7}pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:12px}
      svg{background:#fbfcfd;border:1px solid #d8dee4}.lag{fill:none;stroke:#2f6fdf;stroke-width:1.5}
      .threshold{stroke:#d43f3a;stroke-dasharray:4 3}.axis{font-size:10px;fill:#57606a}
      """;

  private HtmlWriter() {}

  static String render(Document doc) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(doc.title()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>")
        .append(escape(doc.title()))
        .append("</h1>\n");
    for (Document.Block block : doc.blocks()) {
      if (block instanceof Document.Heading h) {
        out.append("<h%d>%s</h%d>\n".formatted(h.level(), escape(h.text()), h.level()));
      } else if (block instanceof Document.Paragraph p) {
        out.append("<p>").append(escape(p.text())).append("</p>\n");
      } else if (block instanceof Document.Table t) {
        table(out, t.headers(), t.rows());
      } else if (block instanceof Document.Preformatted p) {
        out.append("<pre>").append(escape(String.join("\n", p.lines()))).append("</pre>\n");
      } else if (block instanceof Document.Chart c) {
        chart(out, c);
      }
    }
    return out.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder out, List<String> headers, List<List<String>> rows) {
    out.append("<table><thead><tr>");
    headers.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
    out.append("</tr></thead><tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      row.forEach(cell -> out.append("<td>").append(escape(cell)).append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private static void chart(StringBuilder out, Document.Chart c) {
    List<double[]> points = c.points();
    double t0 = points.get(0)[0];
    double t1 = Math.max(t0 + 1, points.get(points.size() - 1)[0]);
    double max = Double.isNaN(c.threshold()) ? 0 : c.threshold();
    for (double[] p : points) {
      max = Math.max(max, p[1]);
    }
    max = max <= 0 ? 1 : max * 1.1;
    double plotW = WIDTH - 2.0 * PAD;
    double plotH = HEIGHT - 2.0 * PAD;
    StringBuilder line = new StringBuilder();
    for (double[] p : points) {
      double x = PAD + (p[0] - t0) / (t1 - t0) * plotW;
      double y = PAD + plotH - p[1] / max * plotH;
      line.append(line.isEmpty() ? "" : " ").append("%.1f,%.1f".formatted(x, y));
    }
    out.append(
            "<figure><svg role=\"img\" aria-label=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                .formatted(escape(c.title()), WIDTH, HEIGHT, WIDTH, HEIGHT))
        .append("<polyline class=\"lag\" points=\"")
        .append(line)
        .append("\"/>");
    if (!Double.isNaN(c.threshold())) {
      double y = PAD + plotH - c.threshold() / max * plotH;
      out.append(
          "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/><text class=\"axis\" x=\"%d\" y=\"%.1f\">threshold %.0f %s</text>"
              .formatted(
                  PAD,
                  WIDTH - PAD,
                  y,
                  y,
                  WIDTH - PAD - 90,
                  y - 4,
                  c.threshold(),
                  escape(c.unit())));
    }
    out.append(
        "<text class=\"axis\" x=\"4\" y=\"%d\">%.1f %s</text><text class=\"axis\" x=\"4\" y=\"%d\">0</text>"
            .formatted(PAD, max, escape(c.unit()), HEIGHT - PAD));
    out.append(
        "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text><text class=\"axis\" x=\"%d\" y=\"%d\">%s UTC</text>"
            .formatted(
                PAD,
                HEIGHT - 8,
                TIME.format(Instant.ofEpochSecond((long) t0)),
                WIDTH - PAD - 60,
                HEIGHT - 8,
                TIME.format(Instant.ofEpochSecond((long) t1))));
    out.append("</svg><figcaption>").append(escape(c.title())).append("</figcaption></figure>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
