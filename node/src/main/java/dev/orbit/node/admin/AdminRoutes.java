package dev.orbit.node.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The admin API's endpoints. An endpoint is a method, a path whose segments may be {@code {name}}
 * placeholders, who may call it, and where its handler runs. Register one with a line such as
 * {@code routes.get("/v1/things/{id}", things::show)}.
 */
public final class AdminRoutes {
  /** Who may call an endpoint. */
  public enum Access {
    /** Anyone (health and metrics). */
    OPEN,
    /** Only a caller with the bearer token, when {@code admin.token} is set. */
    TOKEN
  }

  /** Where a handler runs. */
  public enum Lane {
    /** On the I/O event loop, for handlers that answer at once without blocking. */
    LOOP,
    /** On a thread of its own, so nothing else the API does delays it (metrics). */
    HEALTH,
    /** On the admin worker pool (anything that reads storage or takes time). */
    WORK
  }

  /** One endpoint. */
  public record Route(
      String method, String pattern, Access access, Lane lane, AdminHandler handler) {
    String[] segments() {
      return pattern.substring(1).split("/", -1);
    }
  }

  /** A route matched to a path, with the values of its placeholders. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** {@code GET pattern}, token-protected, on the worker pool. */
  public AdminRoutes get(String pattern, AdminHandler h) {
    return add("GET", pattern, Access.TOKEN, Lane.WORK, h);
  }

  /** {@code POST pattern}, token-protected, on the worker pool. */
  public AdminRoutes post(String pattern, AdminHandler h) {
    return add("POST", pattern, Access.TOKEN, Lane.WORK, h);
  }

  /** {@code PUT pattern}, token-protected, on the worker pool. */
  public AdminRoutes put(String pattern, AdminHandler h) {
    return add("PUT", pattern, Access.TOKEN, Lane.WORK, h);
  }

  /** {@code DELETE pattern}, token-protected, on the worker pool. */
  public AdminRoutes delete(String pattern, AdminHandler h) {
    return add("DELETE", pattern, Access.TOKEN, Lane.WORK, h);
  }

  public AdminRoutes add(String method, String pattern, Access access, Lane lane, AdminHandler h) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("admin route must start with /: " + pattern);
    }
    String m = method.toUpperCase(Locale.ROOT);
    for (Route r : routes) {
      if (r.method.equals(m) && r.pattern.equals(pattern)) {
        throw new IllegalArgumentException("admin route registered twice: " + m + " " + pattern);
      }
    }
    routes.add(new Route(m, pattern, access, lane, h));
    return this;
  }

  /** The route for {@code method path}, or null; {@link #allowed} tells 404 from 405. */
  public Match match(String method, String path) {
    for (Route r : routes) {
      if (r.method.equals(method)) {
        Map<String, String> params = params(r, path);
        if (params != null) {
          return new Match(r, params);
        }
      }
    }
    return null;
  }

  /** The methods some route accepts on {@code path} (empty: no such path). */
  public TreeSet<String> allowed(String path) {
    TreeSet<String> out = new TreeSet<>();
    for (Route r : routes) {
      if (params(r, path) != null) {
        out.add(r.method);
      }
    }
    return out;
  }

  private static Map<String, String> params(Route r, String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] want = r.segments();
    String[] got = path.substring(1).split("/", -1);
    if (want.length != got.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < want.length; i++) {
      String w = want[i];
      if (w.length() > 2 && w.startsWith("{") && w.endsWith("}")) {
        if (got[i].isEmpty()) {
          return null;
        }
        params.put(w.substring(1, w.length() - 1), got[i]);
      } else if (!w.equals(got[i])) {
        return null;
      }
    }
    return params;
  }
}
