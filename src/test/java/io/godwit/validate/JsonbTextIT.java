package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The rendering validation compares MySQL and MariaDB JSON with is the text PostgreSQL itself
 * prints for the same document as jsonb: checked against a real server on random documents.
 */
class JsonbTextIT {

  @Test
  void rendersEveryRandomDocumentAsPostgresPrintsItsJsonb() throws Exception {
    JsonDocuments documents = new JsonDocuments(11);
    try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL, "jsonb_text");
        Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS jsonb)::text")) {
      for (int n = 0; n < 3000; n++) {
        String doc = documents.next();
        ps.setString(1, doc);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(CanonicalJson.postgresStyle(doc)).as(doc).isEqualTo(rs.getString(1));
        }
      }
    }
  }
}
