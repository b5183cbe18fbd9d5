// File: cmake/lazy_library_resolver.c
// Run-time half of sakimori_lazy_library() (cmake/SakimoriLazyLibrary.cmake): loads a shared
// library with dlopen() the first time one of its functions is called through a generated
// trampoline, and looks the function up. Thread-safe (dlopen/dlsym are; the trampoline's
// slot is written atomically and a second resolution of the same symbol is harmless).
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

// Returns the address of `symbol` in the library `soname`, loading the library on first use.
// The program cannot continue without the function it is about to call, so a missing
// library or symbol ends the process with status 127 and a message on stderr, as the
// dynamic loader does when a library linked the usual way is missing at start-up.
void* SakimoriLazyResolve(const char* soname, const char* symbol) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    fprintf(stderr, "sakimori: cannot load %s (needed for %s): %s\n", soname, symbol, dlerror());
    _exit(127);
  }
  void* address = dlsym(handle, symbol);
  if (address == NULL) {
    fprintf(stderr, "sakimori: %s has no symbol %s: %s\n", soname, symbol, dlerror());
    _exit(127);
  }
  return address;
}
