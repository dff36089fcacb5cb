package io.godwit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report's content independent of its format: headings, paragraphs, tables, preformatted lines
 * and a lag chart, in order. {@link MarkdownWriter} and {@link HtmlWriter} render it.
 */
final class Document {

  /** One block of the document. */
  sealed interface Block permits Heading, Paragraph, Table, Preformatted, Chart {}

  record Heading(int level, String text) implements Block {}

  record Paragraph(String text) implements Block {}

  record Table(List<String> headers, List<List<String>> rows) implements Block {}

  record Preformatted(List<String> lines) implements Block {}

  /**
   * A line chart of lag over time.
   *
   * @param points {@code [epoch seconds, value]} pairs, oldest first
   * @param threshold a horizontal line drawn across (the cutover's lag threshold), or NaN
   */
  record Chart(String title, String unit, List<double[]> points, double threshold)
      implements Block {}

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  Document(String title) {
    this.title = title;
  }

  String title() {
    return title;
  }

  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  Document heading(String text) {
    blocks.add(new Heading(2, text));
    return this;
  }

  Document subheading(String text) {
    blocks.add(new Heading(3, text));
    return this;
  }

  Document paragraph(String text) {
    blocks.add(new Paragraph(text));
    return this;
  }

  Document table(List<String> headers, List<List<String>> rows) {
    blocks.add(new Table(List.copyOf(headers), List.copyOf(rows)));
    return this;
  }

  Document preformatted(List<String> lines) {
    blocks.add(new Preformatted(List.copyOf(lines)));
    return this;
  }

  Document chart(String title, String unit, List<double[]> points, double threshold) {
    blocks.add(new Chart(title, unit, List.copyOf(points), threshold));
    return this;
  }
}
