// File: cmake/lazy_library_test.c
// Test of sakimori_lazy_library (cmake/SakimoriLazyLibrary.cmake), with zlib as the lazily
// bound library: zlib must not be loaded before the first call, and calls through the
// trampolines must pass every argument, including the ones on the stack (deflateInit2_
// takes eight, two of them on the stack) and 64-bit results (crc32). Exits 0 on success,
// 1 with a message naming the failed check.
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static int Check(int ok, const char* what) {
  if (!ok) fprintf(stderr, "lazy_library_test: %s\n", what);
  return ok;
}

int main(void) {
  if (!Check(dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD) == NULL, "zlib loaded at start")) {
    return 1;
  }
  // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
  const unsigned long crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef*)"123456789", 9);
  if (!Check(crc == 0xCBF43926UL, "crc32 check value")) return 1;
  if (!Check(dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD) != NULL, "zlib not loaded on use")) {
    return 1;
  }

  char input[4096];
  for (size_t i = 0; i < sizeof input; ++i) input[i] = (char)("coordination"[i % 12] + i / 512);
  unsigned char packed[8192];
  char unpacked[4096];
  z_stream d;
  memset(&d, 0, sizeof d);
  // Raw deflate (negative window bits) at level 9, memLevel 8: wrong stack arguments would
  // give another stream, an error, or a crash.
  if (!Check(deflateInit2_(&d, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                           (int)sizeof d) == Z_OK,
             "deflateInit2_")) {
    return 1;
  }
  d.next_in = (Bytef*)input;
  d.avail_in = sizeof input;
  d.next_out = packed;
  d.avail_out = sizeof packed;
  if (!Check(deflate(&d, Z_FINISH) == Z_STREAM_END, "deflate")) return 1;
  const size_t packed_size = sizeof packed - d.avail_out;
  deflateEnd(&d);

  z_stream f;
  memset(&f, 0, sizeof f);
  if (!Check(inflateInit2_(&f, -15, ZLIB_VERSION, (int)sizeof f) == Z_OK, "inflateInit2_")) {
    return 1;
  }
  f.next_in = packed;
  f.avail_in = (uInt)packed_size;
  f.next_out = (Bytef*)unpacked;
  f.avail_out = sizeof unpacked;
  if (!Check(inflate(&f, Z_FINISH) == Z_STREAM_END, "inflate (raw stream not recognised)")) {
    return 1;
  }
  inflateEnd(&f);
  if (!Check(f.total_out == sizeof input && memcmp(input, unpacked, sizeof input) == 0,
             "round trip")) {
    return 1;
  }
  return 0;
}
