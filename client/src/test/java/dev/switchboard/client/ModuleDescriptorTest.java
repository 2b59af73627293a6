package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client's JPMS contract: what a user can reach is exported, {@code internal} never is. */
class ModuleDescriptorTest {
  private static final String INTERNAL = "dev.switchboard.client.internal";

  /**
   * The descriptor the client was loaded with: the module's own on the module path (how Maven runs these tests), else
   * (an IDE on the class path) the one compiled next to {@link Client}.
   */
  private static ModuleDescriptor descriptor() throws Exception {
    Module module = Client.class.getModule();
    if (module.isNamed()) {
      return module.getDescriptor();
    }
    Path classes = Path.of(Client.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(classes).findAll().stream().map(ModuleReference::descriptor).findFirst()
        .orElseThrow(() -> new AssertionError("no module-info.class in " + classes));
  }

  @Test
  void exportsThePublicApiAndNotTheInternals() throws Exception {
    ModuleDescriptor descriptor = descriptor();
    Set<String> exported = descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet());

    assertThat(descriptor.name()).isEqualTo("dev.switchboard.client");
    assertThat(descriptor.packages()).contains(INTERNAL);
    assertThat(exported).doesNotContain(INTERNAL)
        .containsExactlyInAnyOrder("dev.switchboard.client", "dev.switchboard.client.schema",
            "dev.switchboard.client.transport");
    assertThat(descriptor.exports()).noneMatch(Exports::isQualified);
    assertThat(descriptor.isOpen()).isFalse();
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void passesOnTheModulesItsApiExposes() throws Exception {
    assertThat(descriptor().requires()).filteredOn(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .extracting(Requires::name).contains("dev.switchboard.protocol", "tools.jackson.databind");
  }
}
