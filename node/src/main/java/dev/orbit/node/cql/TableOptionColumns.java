package dev.orbit.node.cql;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The option columns of {@code system_schema.tables} as Cassandra 4.1 has them: the table's own
 * options where given, Cassandra's defaults otherwise, so driver metadata {@code getOptions()} and
 * {@code describe()} read them as they would from Cassandra.
 */
final class TableOptionColumns {
  private TableOptionColumns() {}

  /** Column name, CQL type, Cassandra's default (null: none). */
  private record Col(String name, String type, Object dflt) {}

  private static final List<Col> COLUMNS =
      List.of(
          new Col("additional_write_policy", "text", "99p"),
          new Col("bloom_filter_fp_chance", "double", 0.01),
          new Col(
              "caching",
              "frozen<map<text,text>>",
              Map.of("keys", "ALL", "rows_per_partition", "NONE")),
          new Col("cdc", "boolean", false),
          new Col("comment", "text", ""),
          new Col(
              "compaction",
              "frozen<map<text,text>>",
              Map.of(
                  "class",
                  "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
                  "max_threshold",
                  "32",
                  "min_threshold",
                  "4")),
          new Col(
              "compression",
              "frozen<map<text,text>>",
              Map.of(
                  "chunk_length_in_kb",
                  "16",
                  "class",
                  "org.apache.cassandra.io.compress.LZ4Compressor")),
          new Col("crc_check_chance", "double", 1.0),
          new Col("default_time_to_live", "int", 0),
          new Col("extensions", "frozen<map<text,blob>>", Map.of()),
          new Col("flags", "frozen<set<text>>", null),
          new Col("gc_grace_seconds", "int", 864000),
          new Col("id", "uuid", null),
          new Col("max_index_interval", "int", 2048),
          new Col("memtable", "text", "default"),
          new Col("memtable_flush_period_in_ms", "int", 0),
          new Col("min_index_interval", "int", 128),
          new Col("read_repair", "text", "BLOCKING"),
          new Col("speculative_retry", "text", "99p"));

  static List<String> names() {
    return COLUMNS.stream().map(Col::name).toList();
  }

  static List<CqlType> types() {
    return COLUMNS.stream().map(c -> new Tokens(c.type()).type()).toList();
  }

  /** The option values of {@code t}, in {@link #names()} order. */
  static List<byte[]> values(TableDef t) {
    List<byte[]> out = new ArrayList<>();
    for (Col c : COLUMNS) {
      out.add(
          switch (c.name()) {
            case "flags" -> SystemTable.textSet(List.of("compound"));
            case "id" -> Values.ofUuid(t.id);
            default -> encode(c, t.options.getOrDefault(c.name(), c.dflt()));
          });
    }
    return out;
  }

  private static byte[] encode(Col c, Object v) {
    String s = String.valueOf(v);
    return switch (c.type()) {
      case "text" -> Values.ofText(s);
      case "int" -> Values.ofInt(Integer.parseInt(s));
      case "boolean" -> Values.ofBoolean(Boolean.parseBoolean(s));
      case "double" -> ByteBuffer.allocate(8).putDouble(Double.parseDouble(s)).array();
      case "frozen<map<text,blob>>" -> Values.pack(new Tokens("map<text,blob>").type(), List.of());
      default -> SystemTable.textMap(stringMap(v));
    };
  }

  private static Map<String, String> stringMap(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
    }
    return out;
  }
}
