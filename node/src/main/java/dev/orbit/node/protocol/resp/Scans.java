package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** HSCAN, SSCAN and ZSCAN: a cursor walk over one collection's elements. */
final class Scans {
  private Scans() {}

  /** {@code XSCAN key cursor [MATCH pattern] [COUNT count]} */
  static Reply scan(Ctx c, List<byte[]> a, Cursors cursors, Meta.Type type) {
    long cursor = Cursors.parse(a.get(2));
    WalkCommands.ScanOptions o = WalkCommands.ScanOptions.parse(a, 3, false);
    Coll coll = Coll.read(c, a.get(1), type);
    if (coll == null) {
      if (cursor != 0) {
        cursors.take(cursor, "gone"); // refuses an unknown cursor as for a live key
      }
      return reply(0, List.of());
    }
    byte[] prefix = type == Meta.Type.ZSET ? ZSets.MEMBERS : new byte[0];
    String scope = "e:" + coll.db.phys() + ":" + coll.meta().gen();
    byte[] from = prefix;
    if (cursor != 0) {
      from = KeyLayout.successor(cursors.take(cursor, scope).lastKey());
    }
    List<Reply> out = new ArrayList<>();
    long visited = 0;
    byte[] last = null;
    boolean more = false;
    try (RedisTx.Scan s = coll.scan(from, KeyLayout.successorPrefix(prefix), false)) {
      while (s.hasNext()) {
        if (visited >= o.count) {
          more = true;
          break;
        }
        KeyValue kv = s.next();
        visited++;
        byte[] suffix = Coll.suffix(kv);
        last = suffix;
        byte[] name =
            type == Meta.Type.SET
                ? SetCommands.memberOf(suffix)
                : Arrays.copyOfRange(suffix, prefix.length, suffix.length);
        if (o.pattern != null && !Glob.matches(o.pattern, name)) {
          continue;
        }
        out.add(Reply.bulk(name));
        if (type == Meta.Type.HASH) {
          out.add(Reply.bulk(kv.value()));
        } else if (type == Meta.Type.ZSET) {
          out.add(Reply.bulk(Doubles.format(ZSets.score(kv.value()))));
        }
      }
    }
    long next = more ? cursors.save(new Cursors.Position(scope, last)) : 0;
    return reply(next, out);
  }

  private static Reply reply(long cursor, List<Reply> items) {
    return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(items)));
  }
}
