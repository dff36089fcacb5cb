package io.godwit.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets that live inside ordinary strings: URL passwords (user-info and password
 * parameters) and password properties.
 */
public final class Masking {

  /**
   * {@code password=...}, {@code sslpassword=...} and the like in a URL query or address list; the
   * value runs to the next {@code &} (a {@code ;} or {@code ,} may be part of a password) or the
   * end of the URL.
   */
  private static final Pattern URL_PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;,(][\\w.-]*password=)[^&]*");

  /** {@code //user:password@host}. */
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/?#@:\\s]*:)[^/?#\\s]*@");

  private Masking() {}

  /** The URL with any password replaced by {@code ******}. */
  public static String maskUrl(String url) {
    String masked = URL_USERINFO.matcher(url).replaceAll("$1" + Secret.MASK + "@");
    return URL_PASSWORD_PARAM.matcher(masked).replaceAll("$1" + Secret.MASK);
  }

  /**
   * Driver or client properties whose value is a secret: key contains {@code password} or is {@code
   * sasl.jaas.config}.
   */
  public static boolean isSecretProperty(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("sasl.jaas.config");
  }

  /** A copy of {@code properties} with secret values masked. */
  public static Map<String, String> maskProperties(Map<String, String> properties) {
    Map<String, String> masked = new LinkedHashMap<>();
    properties.forEach(
        (key, value) -> masked.put(key, isSecretProperty(key) ? maskValue(value) : value));
    return Collections.unmodifiableMap(masked);
  }

  static String maskValue(String value) {
    return Secret.of(value).toString();
  }

  /** Serialises a property map with secret values masked. */
  public static final class PropertiesSerializer extends StdSerializer<Map<String, String>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PropertiesSerializer() {
      super((Class<Map<String, String>>) (Class) Map.class);
    }

    @Override
    public void serialize(Map<String, String> value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeStartObject();
      for (Map.Entry<String, String> entry : maskProperties(value).entrySet()) {
        out.writeStringField(entry.getKey(), entry.getValue());
      }
      out.writeEndObject();
    }
  }
}
