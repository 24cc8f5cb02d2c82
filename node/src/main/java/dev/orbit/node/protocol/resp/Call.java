package dev.orbit.node.protocol.resp;

import java.util.List;

/** A request resolved to its command, ready to run. */
record Call(Cmd cmd, List<byte[]> args) {
  List<byte[]> keys() {
    return cmd.keys(args);
  }
}
