package dev.switchboard.client.schema;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a paginated list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasMore() {
    return nextCursor != null;
  }
}
