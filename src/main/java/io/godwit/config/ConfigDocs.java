package io.godwit.config;

import java.util.List;

/** Writes the configuration reference ({@code docs/configuration.md}) from the key declarations. */
final class ConfigDocs {

  private ConfigDocs() {}

  static String markdown(List<ConfigKey<?>> keys) {
    StringBuilder out = new StringBuilder();
    out.append("# Migration file reference\n\n")
        .append(
            "<!-- Generated from io.godwit.config.ConfigKeys; do not edit by hand. Regenerate:\n")
        .append("     mvn -o -q test -Dtest=ConfigDocsTest -Dgodwit.writeDocs=true -->\n\n")
        .append("A migration file is YAML. Keys are written nested, e.g. `snapshot.workers: 4`")
        .append(" as\n\n")
        .append("```yaml\nsnapshot:\n  workers: 4\n```\n\n")
        .append("Unknown keys are errors. Every problem in a file is reported at once.\n\n")
        .append(
            "- **Durations** are a whole number and a unit: `200ms`, `5s`, `10m`, `2h`, `1d`.\n")
        .append("- **Sizes** are a number of bytes, or a whole number followed by `KB`, `MB` or")
        .append(" `GB` (1024-based): `512KB`, `64MB`, `1GB`.\n")
        .append("- **Secret references** may appear in any string value, whole or embedded:")
        .append(" `${env:NAME}` is replaced by the environment variable `NAME` (an error if it")
        .append(" is not set); `${file:/path}` by the file's contents without its trailing")
        .append(" newline (relative paths are relative to the current directory). Other `${...}`")
        .append(" text is left as written.\n")
        .append("- **Secrets are never shown**: keys of type **secret**, password-like")
        .append(" properties, URL passwords (user-info and `password=` parameters, to the next")
        .append(" `&`) and every value that came from `${env:}` or `${file:}`, whatever its key,")
        .append(" are shown as `******` in the logs, `godwit report`, `plan` and `status`")
        .append(" (`jdbc:postgresql://******:5432/shop` when only the host came from one).\n")
        .append("- **TLS to the databases** is set with the JDBC driver's own settings, in the URL")
        .append(" or in `source.properties` / `target.properties` (`sslmode`, `sslrootcert`, ...")
        .append(" for PostgreSQL; `sslMode`, `serverSslCert`, `trustStore`, `keyStore`, ... for")
        .append(" MariaDB; `sslMode`, `trustCertificateKeyStoreUrl`, ... for MySQL). Change")
        .append(" capture reads the source's settings and uses the same TLS for the binlog or the")
        .append(" replication slot; a setting it cannot be given, or one set in both the URL and")
        .append(" the properties with different values, is a configuration error naming the key.")
        .append(" `plan` warns about TLS that is off or unverified on a host other than loopback.")
        .append(" See [security.md](security.md#tls-on-each-connection).\n")
        .append("- **In a hook command** (`cutover.*-hook` that is not an `http(s)://` URL) a")
        .append(" reference is not written into the command: `${env:NAME}` is handed to the")
        .append(" shell as `${NAME}`, `${file:/path}` as `${GODWIT_FILE_1}` (numbered in the")
        .append(" order they appear across the hooks), each set in the hook's environment, so")
        .append(" no secret is on a command line (visible in `ps`) and the command can be shown")
        .append(" as written. Write them outside single quotes (`-H \"Authorization: Bearer")
        .append(" ${env:TOKEN}\"`); a reference inside single quotes is an error. Values of")
        .append(" these variables are masked in the hook output Godwit logs.\n\n")
        .append("| Key | Type | Default | Description |\n")
        .append("|-----|------|---------|-------------|\n");
    for (ConfigKey<?> key : keys) {
      out.append("| `")
          .append(key.path())
          .append("` | ")
          .append(escape(key.typeName()))
          .append(" | ")
          .append(defaultCell(key))
          .append(" | ")
          .append(escape(key.description()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String defaultCell(ConfigKey<?> key) {
    if (key.isRequired()) {
      return "*required*";
    }
    String text = key.defaultText();
    if (text.isEmpty()) {
      return "`\"\"`";
    }
    return text.contains("`") ? escape(text) : "`" + escape(text) + "`";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
