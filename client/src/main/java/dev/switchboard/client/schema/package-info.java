/**
 * What MCP results look like to a Java caller: small immutable records (tools, resources, prompts, content,
 * completions, pages) read from the JSON the server sent. Each keeps that JSON whole in {@code node()}, so fields
 * this version does not model are still there.
 */
@NullMarked
package dev.switchboard.client.schema;

import org.jspecify.annotations.NullMarked;
