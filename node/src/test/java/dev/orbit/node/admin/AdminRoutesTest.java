package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {
  static final AdminHandler OK = r -> AdminResponse.text(200, "ok");

  @Test
  void placeholdersMatchOneSegmentAndAreHandedToTheHandler() {
    AdminRoutes routes = new AdminRoutes().get("/v1/backups/{id}", OK).post("/v1/backups", OK);
    AdminRoutes.Match m = routes.match("GET", "/v1/backups/20261122T031500Z");
    assertEquals(Map.of("id", "20261122T031500Z"), m.params());
    assertNull(routes.match("GET", "/v1/backups/a/b"));
    assertNull(routes.match("GET", "/v1/backups/"));
    assertNull(routes.match("GET", "/v1/backups"), "only POST is registered there");
    assertEquals(Set.of("POST"), routes.allowed("/v1/backups"));
    assertTrue(routes.allowed("/v2/nothing").isEmpty());
  }

  @Test
  void routesDefaultToTheTokenAndTheWorkerPool() {
    AdminRoutes.Route r = new AdminRoutes().delete("/v1/x", OK).match("DELETE", "/v1/x").route();
    assertEquals(AdminRoutes.Access.TOKEN, r.access());
    assertEquals(AdminRoutes.Lane.WORK, r.lane());
  }

  @Test
  void aRouteRegisteredTwiceIsAMistake() {
    AdminRoutes routes = new AdminRoutes().get("/v1/x", OK);
    assertThrows(IllegalArgumentException.class, () -> routes.get("/v1/x", OK));
    assertThrows(IllegalArgumentException.class, () -> routes.get("v1/y", OK));
  }

  @Test
  void theTokenIsComparedWholeAndOnlyAsABearerToken() {
    BearerToken t = new BearerToken("s3cret-token");
    assertTrue(t.required());
    assertTrue(t.accepts("Bearer s3cret-token"));
    assertTrue(t.accepts("bearer s3cret-token"));
    assertEquals(false, t.accepts("Bearer s3cret-toke"));
    assertEquals(false, t.accepts("Bearer s3cret-token2"));
    assertEquals(false, t.accepts("Basic s3cret-token"));
    assertEquals(false, t.accepts(null));
    assertTrue(new BearerToken(null).accepts(null), "no token configured: open");
  }
}
