/**
 * The pure parts of aggregation (a group of servers behind one endpoint): the names clients see for members' tools
 * and prompts, the merge of members' lists, and the cursor over a merged list. JSON in, JSON out; no threads, no I/O.
 */
@NullMarked
package dev.switchboard.gateway.group;

import org.jspecify.annotations.NullMarked;
