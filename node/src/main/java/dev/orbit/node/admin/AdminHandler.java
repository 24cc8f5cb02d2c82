package dev.orbit.node.admin;

/** The logic of one admin endpoint. */
@FunctionalInterface
public interface AdminHandler {
  /**
   * Answers {@code request}. Throwing {@link AdminException} answers with its status; an {@link
   * IllegalArgumentException} answers 400; anything else 500 (and a WARN with the stack).
   */
  AdminResponse handle(AdminRequest request) throws Exception;
}
