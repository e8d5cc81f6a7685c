package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code --hosts} values into target items for the server. A value that reads as a label
 * selector ({@code =}, {@code !}, {@code (}, {@code  in }, {@code  notin }) is one item, because its
 * commas mean "and"; any other value is split on commas, so {@code --hosts web1,web2,group:db} names
 * three items.
 */
final class Targets {
  private Targets() {}

  static List<String> parse(List<String> values) {
    var out = new ArrayList<String>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      if (isSelector(v)) {
        out.add(v.trim());
        continue;
      }
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static boolean isSelector(String v) {
    return v.contains("=") || v.contains("!") || v.contains("(") || v.contains(" in ") || v.contains(" notin ")
        || v.startsWith("selector:");
  }

  /** A push destination {@code SELECTOR:/dir}, split at the first {@code :/}. */
  record Destination(List<String> targets, String dir) {}

  static Destination destination(String value) {
    int at = value.indexOf(":/");
    if (at <= 0) {
      throw CliException.usage("invalid --to '" + value + "': expected SELECTOR:/absolute/dir, e.g. group:web:/opt/app");
    }
    return new Destination(parse(List.of(value.substring(0, at))), value.substring(at + 1));
  }
}
