package dev.orbit.node.replication;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Raft server: one group per protocol store (group id derived from the protocol's name),
 * all on one port, each group's log under {@code <walDir>/<protocol>/raft/}. A node without peers
 * is a group of one on a loopback port.
 */
public final class Replication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

  private final RaftServer server;
  private final Map<String, GroupLog> logs;
  private final ScheduledExecutorService watcher;
  private final Members members;
  private final List<StoreStateMachine> machines;
  private final SnapshotInstaller installer;

  private Replication(
      RaftServer server,
      Map<String, GroupLog> logs,
      ScheduledExecutorService watcher,
      Members members,
      List<StoreStateMachine> machines,
      SnapshotInstaller installer) {
    this.server = server;
    this.logs = logs;
    this.watcher = watcher;
    this.members = members;
    this.machines = machines;
    this.installer = installer;
  }

  /** The group id of {@code protocol}'s store: the same on every member. */
  static RaftGroupId groupId(String protocol) {
    return RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(("orbit-store-" + protocol).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Starts the Raft server for {@code stores} (keyed by protocol; their raft folders given) and
   * attaches each store to its group. With a group of one, waits until it leads.
   */
  public static Replication start(
      NodeConfig config, Map<String, ProtocolStore> stores, Map<String, Path> raftDirs) {
    Members members = Members.of(config.replication, System.getenv());
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbit-raft-watch");
              t.setDaemon(true);
              return t;
            });
    Map<RaftGroupId, StoreStateMachine> machines = new LinkedHashMap<>();
    Map<String, GroupLog> logs = new LinkedHashMap<>();
    Runnable[] watchAll = new Runnable[1];
    SnapshotInstaller installer = new SnapshotInstaller(config);
    for (Map.Entry<String, ProtocolStore> e : stores.entrySet()) {
      SnapshotSource.removeAll(e.getValue()); // checkpoints served before a restart
      machines.put(
          groupId(e.getKey()),
          new StoreStateMachine(e.getValue(), () -> poke(watcher, watchAll[0]), installer));
    }
    for (Map.Entry<String, ProtocolStore> e : stores.entrySet()) {
      Path groupDir = raftDirs.get(e.getKey()).resolve(groupId(e.getKey()).getUuid().toString());
      if (!Files.isDirectory(groupDir) && e.getValue().applied()[1] > 0) {
        e.getValue().logStartsAnew(); // data without its log (restored from a backup)
      }
    }
    RaftProperties props = RaftSettings.of(config, members, List.copyOf(raftDirs.values()));
    RaftServer server = null;
    try {
      server =
          RaftServer.newBuilder()
              .setServerId(RaftPeerId.valueOf(members.self()))
              .setProperties(props)
              .setStateMachineRegistry(machines::get)
              .setOption(org.apache.ratis.server.storage.RaftStorage.StartupOption.RECOVER)
              .build();
      server.start();
      List<RaftGroupId> existing = new ArrayList<>();
      server.getGroupIds().forEach(existing::add);
      for (Map.Entry<String, ProtocolStore> e : stores.entrySet()) {
        RaftGroupId gid = groupId(e.getKey());
        if (!existing.contains(gid)) {
          addGroup(server, props, gid, members, raftDirs.get(e.getKey()));
        }
        GroupLog log =
            new GroupLog(
                e.getKey(),
                e.getValue(),
                machines.get(gid),
                server.getDivision(gid),
                config.replication.maxReadLag,
                config.replication.electionTimeout,
                config.replication.writeTimeout,
                members.peers().size() == 1);
        e.getValue().attach(log);
        logs.put(e.getKey(), log);
      }
      watchAll[0] = () -> logs.values().forEach(Replication::watch);
      watcher.scheduleWithFixedDelay(watchAll[0], 0, 50, TimeUnit.MILLISECONDS);
      Replication r =
          new Replication(
              server, logs, watcher, members, List.copyOf(machines.values()), installer);
      if (members.peers().size() == 1) {
        r.awaitLeadership(30_000);
      }
      return r;
    } catch (IOException | RuntimeException e) {
      watcher.shutdownNow();
      installer.close();
      machines.values().forEach(StoreStateMachine::stop);
      if (server != null) {
        try {
          server.close();
        } catch (IOException ignored) {
          // failing anyway
        }
      }
      throw e instanceof StorageException s
          ? s
          : new StorageException("cannot start replication: " + e.getMessage(), e);
    }
  }

  /**
   * One group's role watch. A failure is logged and the next period tries again: thrown out of the
   * periodic task it would cancel the schedule, and every group of this node would keep the role
   * and lag of that moment for good.
   */
  private static void watch(GroupLog log) {
    try {
      log.watch();
    } catch (RuntimeException e) {
      LOG.warn("watching the replication group of the {} store: {}", log.protocol(), e, e);
    }
  }

  /** Runs the role watch soon (role changes are seen within one watch period anyway). */
  private static void poke(ScheduledExecutorService watcher, Runnable watch) {
    if (watch != null) {
      try {
        watcher.execute(watch);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shutting down
      }
    }
  }

  /**
   * Adds a new group whose log must live in {@code dir}: Ratis puts a new group in the storage
   * folder holding the fewest entries, so for this call the only folder offered is {@code dir}.
   */
  private static void addGroup(
      RaftServer server, RaftProperties props, RaftGroupId gid, Members members, Path dir)
      throws IOException {
    List<File> all = RaftServerConfigKeys.storageDir(props);
    RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
    try {
      List<RaftPeer> peers = new ArrayList<>();
      for (Map.Entry<String, String> p : members.peers().entrySet()) {
        peers.add(RaftPeer.newBuilder().setId(p.getKey()).setAddress(p.getValue()).build());
      }
      RaftClientReply reply =
          server.groupManagement(
              GroupManagementRequest.newAdd(
                  ClientId.randomId(), server.getId(), 0, RaftGroup.valueOf(gid, peers)));
      if (!reply.isSuccess()) {
        throw new IOException(String.valueOf(reply.getException()));
      }
    } finally {
      RaftServerConfigKeys.setStorageDir(props, all);
    }
  }

  private void awaitLeadership(long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    for (GroupLog log : logs.values()) {
      while (!log.leaderReady()) {
        log.watch();
        if (log.leaderReady()) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new StorageException("the one-member replication group did not elect itself");
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted while starting replication");
        }
      }
    }
  }

  /** This member's id. */
  public String self() {
    return members.self();
  }

  /** The committed log of {@code protocol}'s store (for archiving), or null without that store. */
  public CommittedLog committedLog(String protocol) {
    GroupLog log = logs.get(protocol);
    if (log == null) {
      return null;
    }
    for (StoreStateMachine m : machines) {
      if (m.store() == log.store()) {
        return new CommittedLog(log, m);
      }
    }
    return null;
  }

  GroupLog log(String protocol) {
    return logs.get(protocol);
  }

  Map<String, GroupLog> logs() {
    return logs;
  }

  RaftServer server() {
    return server;
  }

  /** The thread that runs the role watch (tests hold it up to stand for a loaded machine). */
  java.util.concurrent.Executor watcher() {
    return watcher;
  }

  /** Per protocol: role, term, leader, commit and applied index, lag (for status and metrics). */
  public Map<String, GroupStatus> status() {
    Map<String, GroupStatus> out = new LinkedHashMap<>();
    for (Map.Entry<String, GroupLog> e : logs.entrySet()) {
      out.put(e.getKey(), GroupStatus.of(e.getValue()));
    }
    return out;
  }

  /** True when every store here leads its group or follows within the allowed read lag. */
  public boolean caughtUp() {
    return readinessProblems().isEmpty();
  }

  /** Per store that neither leads nor follows within the allowed read lag: why. */
  public List<String> readinessProblems() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, GroupLog> e : logs.entrySet()) {
      if (e.getValue().stopped()) {
        out.add(e.getKey() + " hot database refuses writes: its replicated log stopped");
        continue;
      }
      if (e.getValue().store().logVolumeFull()) {
        out.add(e.getKey() + " hot database refuses writes: no space left for its replicated log");
      }
      try {
        e.getValue().checkRead();
      } catch (RuntimeException ex) {
        out.add(e.getKey() + " replica is not caught up: " + ex.getMessage());
      }
    }
    return out;
  }

  /** True once a store fetched a snapshot from its leader that only a restart loads. */
  public boolean snapshotAwaitsRestart() {
    return logs.values().stream().anyMatch(l -> l.machine().installedSnapshot() != null);
  }

  /**
   * Stores whose log stopped for good (it could not be written, an entry could not be applied):
   * only a restart helps, once their volume has room again.
   */
  public List<String> livenessProblems() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, GroupLog> e : logs.entrySet()) {
      String installed = e.getValue().machine().installedSnapshot();
      if (installed != null) {
        out.add(
            e.getKey()
                + " store needs a restart to load the "
                + installed
                + " (this member was behind the leader's purged log)");
      }
      if (e.getValue().needsRestart()) {
        out.add(
            e.getKey()
                + " hot database needs a restart: its replicated log stopped ("
                + e.getValue().stopReason()
                + ")");
      }
    }
    return out;
  }

  /**
   * Takes a checkpoint of {@code protocol}'s store for a member behind the purged log: its term,
   * index and files (names, sizes, CRC32C), as the admin API answers it.
   */
  public Object takeSnapshot(String protocol) {
    GroupLog log = existing(protocol);
    return SnapshotSource.take(log.machine());
  }

  /** Up to 4 MiB of a checkpoint file from {@code offset}; see {@link #takeSnapshot}. */
  public byte[] readSnapshot(String protocol, long index, String part, String name, long offset)
      throws IOException {
    return SnapshotSource.read(existing(protocol).store(), index, part, name, offset);
  }

  private GroupLog existing(String protocol) {
    GroupLog log = logs.get(protocol);
    if (log == null) {
      throw new IllegalArgumentException("no store for protocol " + protocol);
    }
    return log;
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    installer.close();
    machines.forEach(StoreStateMachine::stop);
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("closing the Raft server: {}", e.getMessage());
    }
    try {
      watcher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
