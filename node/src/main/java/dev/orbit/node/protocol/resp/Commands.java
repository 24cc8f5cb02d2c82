package dev.orbit.node.protocol.resp;

/** Fills the command table with every command the server implements. */
final class Commands {
  private Commands() {}

  static void registerAll(CommandTable t, Engine engine) {
    ServerCommands.register(t);
    AdminCommands.register(t);
    ClientCommands.register(t);
    Transactions.register(t);
    StringCommands.register(t);
    BitCommands.register(t);
    KeyCommands.register(t);
    Cursors cursors = new Cursors();
    WalkCommands.register(t, cursors);
    HashCommands.register(t, cursors);
    ListCommands.register(t, engine);
    SetCommands.register(t, cursors);
    ZSetCommands.register(t, cursors);
    PubSub ps = new PubSub();
    engine.state.pubsub = ps;
    PubSub.register(t, ps);
  }
}
