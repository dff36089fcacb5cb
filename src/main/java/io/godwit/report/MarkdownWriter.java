package io.godwit.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a {@link Document} as GitHub-flavoured Markdown; a chart becomes a table of values. */
final class MarkdownWriter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private MarkdownWriter() {}

  static String render(Document doc) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(inline(doc.title())).append("\n");
    for (Document.Block block : doc.blocks()) {
      out.append('\n');
      if (block instanceof Document.Heading h) {
        out.append("#".repeat(h.level())).append(' ').append(inline(h.text())).append('\n');
      } else if (block instanceof Document.Paragraph p) {
        out.append(inline(p.text())).append('\n');
      } else if (block instanceof Document.Table t) {
        table(out, t.headers(), t.rows());
      } else if (block instanceof Document.Preformatted p) {
        out.append("```\n");
        p.lines().forEach(l -> out.append(l.replace("```", "'''")).append('\n'));
        out.append("```\n");
      } else if (block instanceof Document.Chart c) {
        chart(out, c);
      }
    }
    return out.toString();
  }

  private static void chart(StringBuilder out, Document.Chart c) {
    out.append("*").append(inline(c.title())).append("*\n\n");
    table(
        out,
        List.of("until", c.unit()),
        c.points().stream()
            .map(
                p ->
                    List.of(
                        TIME.format(Instant.ofEpochSecond((long) p[0])), "%.2f".formatted(p[1])))
            .toList());
  }

  private static void table(StringBuilder out, List<String> headers, List<List<String>> rows) {
    row(out, headers);
    out.append('|');
    headers.forEach(h -> out.append(" --- |"));
    out.append('\n');
    rows.forEach(r -> row(out, r));
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(inline(cell).replace("|", "\\|")).append(" |");
    }
    out.append('\n');
  }

  /** One line of text: line breaks flattened and HTML tags shown as text, not rendered. */
  private static String inline(String text) {
    return (text == null ? "" : text).replace("\r", "").replace("\n", " ").replace("<", "&lt;");
  }
}
