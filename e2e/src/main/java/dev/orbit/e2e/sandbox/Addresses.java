package dev.orbit.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out loopback addresses for pods and Service cluster IPs (all of 127/8 is local on Linux). A
 * sandbox claims a block {@code 127.N.0.0/16} for as long as it runs, through a lock file that
 * every sandbox on the machine checks, so two sandboxes never hand out the same address; inside its
 * block it counts upwards and remembers where it stopped in the state folder, so an address is
 * never handed out twice while a process (of this run or of a previous one) may still hold it.
 */
final class Addresses implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Addresses.class);
  private static final String STATE_FILE = "addresses";

  /** Addresses per block: third octet 0..255, fourth 1..254. */
  private static final int PER_BLOCK = 256 * 254;

  private final Path stateFile;
  private final FileChannel channel;
  private final FileLock lock;
  private final int block;
  private int next;

  private Addresses(Path stateFile, FileChannel channel, FileLock lock, int block, int next) {
    this.stateFile = stateFile;
    this.channel = channel;
    this.lock = lock;
    this.block = block;
    this.next = next;
  }

  /** Claims a block: the one this state folder used last if it is free, else any free one. */
  static Addresses claim(Path stateDir) throws IOException {
    Path stateFile = stateDir.resolve(STATE_FILE);
    int preferred = -1;
    int next = 0;
    if (Files.isRegularFile(stateFile)) {
      String[] saved = Files.readString(stateFile).trim().split("\\s+");
      try {
        preferred = Integer.parseInt(saved[0]);
        next = Integer.parseInt(saved[1]);
      } catch (RuntimeException e) {
        preferred = -1;
      }
    }
    Path locks = Path.of(System.getProperty("java.io.tmpdir"), "orbit-sandbox-addresses");
    Files.createDirectories(locks);
    var order = new ArrayList<Integer>();
    for (int n = 1; n <= 254; n++) {
      order.add(n);
    }
    Collections.shuffle(order);
    if (preferred >= 1 && preferred <= 254) {
      order.remove(Integer.valueOf(preferred));
      order.add(0, preferred);
    }
    for (int n : order) {
      FileChannel ch =
          FileChannel.open(
              locks.resolve("127." + n + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // another sandbox of this JVM holds it
      }
      if (lock == null) {
        ch.close();
        continue;
      }
      var a = new Addresses(stateFile, ch, lock, n, n == preferred ? next : 0);
      a.save();
      LOG.info("addresses: block 127.{}.0.0/16", n);
      return a;
    }
    throw new IllegalStateException("every 127.N.0.0/16 block is held by another sandbox");
  }

  /** The block's prefix, {@code 127.N.}. */
  String prefix() {
    return "127." + block + ".";
  }

  /**
   * A new address on which every one of {@code ports} can be bound; addresses where one cannot
   * (held by a process this sandbox does not know, e.g. left by a sandbox that was killed) are
   * skipped.
   */
  synchronized String allocate(List<Integer> ports) {
    for (int tries = 0; tries < 1000; tries++) {
      if (next >= PER_BLOCK) {
        throw new IllegalStateException("block 127." + block + ".0.0/16 is used up");
      }
      int i = next++;
      String ip = prefix() + (i / 254) + "." + (i % 254 + 1);
      if (bindable(ip, ports)) {
        save();
        return ip;
      }
      LOG.warn("address {} is in use by another process; skipping it", ip);
    }
    throw new IllegalStateException("no free address in block 127." + block + ".0.0/16");
  }

  private static boolean bindable(String ip, List<Integer> ports) {
    for (int port : ports) {
      try (var s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private void save() {
    try {
      Files.writeString(stateFile, block + " " + next + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      LOG.debug("releasing address block: {}", e.toString());
    }
  }
}
