/*
 * A stand-in java.exe for WindowsLauncherIT, built with MinGW and run under Wine: it answers the launcher's version
 * probe (-XshowSettings:properties) with the version in the file "spec" beside it, and otherwise writes the path it
 * was started from and its arguments, one per line as the C runtime split them, to %FAKE_JAVA_LOG%, then exits with
 * %FAKE_JAVA_EXIT% (0 when unset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void print_properties(const char *self) {
  char spec[MAX_PATH + 8];
  char version[32] = "8";
  strcpy(spec, self);
  strcpy(strrchr(spec, '\\') + 1, "spec");
  FILE *in = fopen(spec, "r");
  if (in) {
    if (!fgets(version, sizeof version, in)) strcpy(version, "8");
    version[strcspn(version, "\r\n")] = 0;
    fclose(in);
  }
  /* What a real JDK prints, on stderr as it does. */
  fprintf(stderr, "Property settings:\n    java.home = %s\n    java.specification.version = %s\n", self, version);
}

int main(int argc, char **argv) {
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, MAX_PATH);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-XshowSettings:properties") == 0) {
      print_properties(self);
      return 0;
    }
  }
  const char *log = getenv("FAKE_JAVA_LOG");
  FILE *out = log ? fopen(log, "w") : NULL;
  if (out) {
    fprintf(out, "%s\n", self);
    for (int i = 1; i < argc; i++) fprintf(out, "%s\n", argv[i]);
    fclose(out);
  }
  const char *code = getenv("FAKE_JAVA_EXIT");
  return code ? atoi(code) : 0;
}
