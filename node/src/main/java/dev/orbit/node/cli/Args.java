package dev.orbit.node.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line arguments: positional words, {@code --name value} options, repeatable --set. */
final class Args {
  final List<String> words = new ArrayList<>();
  final Map<String, String> options = new HashMap<>();
  final List<String> sets = new ArrayList<>();
  final Set<String> flags = new java.util.HashSet<>();

  static Args parse(String[] argv, Set<String> valueOptions, Set<String> flagOptions) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      if (!s.startsWith("--")) {
        a.words.add(s);
        continue;
      }
      String name = s.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flagOptions.contains(name)) {
        a.flags.add(name);
        continue;
      }
      if (!valueOptions.contains(name) && !name.equals("set")) {
        throw new UsageException("unknown option --" + name);
      }
      if (value == null) {
        if (i + 1 >= argv.length) {
          throw new UsageException("--" + name + " needs a value");
        }
        value = argv[++i];
      }
      if (name.equals("set")) {
        a.sets.add(value);
      } else {
        a.options.put(name, value);
      }
    }
    return a;
  }

  String require(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  /** Bad command-line usage; the message is printed with the usage text. */
  static final class UsageException extends RuntimeException {
    UsageException(String m) {
      super(m);
    }
  }
}
