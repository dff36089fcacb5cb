package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  /**
   * Failed before: a table copied under a row filter was shown against the whole table's estimate,
   * "19,943/199,423 rows" once done, as if nine rows in ten were still to come.
   */
  @Test
  void aFilteredTablesRowsAreNotShownAgainstTheWholeTablesEstimate() {
    String filtered = ProgressPrinter.line("orders", 1.0, 19_943, 199_423, true, 12.5, "done");
    assertThat(filtered).contains("19,943 rows (filtered)").doesNotContain("199,423");
    assertThat(filtered).contains("100.0%").endsWith("done");

    assertThat(ProgressPrinter.line("orders", 0.5, 100_000, 199_423, false, 12.5, "ETA 0m05s"))
        .contains("100,000/199,423 rows")
        .contains(" 50.0%");
    assertThat(ProgressPrinter.line("orders", 1.0, 250_000, 199_423, false, 12.5, "done"))
        .as("an estimate below the rows copied shows the rows")
        .contains("250,000/250,000 rows");
  }
}
