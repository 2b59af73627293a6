package dev.switchboard.client;

import dev.switchboard.client.schema.ElicitRequest;
import dev.switchboard.client.schema.ElicitResult;

/**
 * Answers {@code elicitation/create}: the server asks the user for input. Runs on its own virtual thread per request
 * and may block while the user answers. For an accepted form, the client fills in any field the answer omits that
 * the schema gives a default.
 */
@FunctionalInterface
public interface ElicitationHandler {
  ElicitResult elicit(ElicitRequest request) throws Exception;
}
