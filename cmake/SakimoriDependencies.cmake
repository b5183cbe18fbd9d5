# Finds the Debian packages sakimori builds against (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(absl REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
find_package(SQLite3 REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx libpq)
if(SAKIMORI_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SAKIMORI_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Start-up cost (docs/benchmarks.md, "Start-up, and the whole process after it"). Debian's shared libraries are linked with
# BIND_NOW, so the dynamic loader resolves every symbol of every library at each start of
# the program: with ~90 libraries that took 15-18 ms of CPU before any work. With
# SAKIMORI_LEAN_STARTUP (the default) the libraries Debian also ships as static archives are
# linked from those archives (Abseil, ICU, igraph, SQLite, libpqxx, libsodium, libcrypto,
# zlib, zstd, xxHash), and the C libraries only some commands use are loaded on their first call
# (cmake/SakimoriLazyLibrary.cmake): libpq (with Kerberos, LDAP and GnuTLS behind it) when
# a PostgreSQL store is opened, libxgboost (with OpenMP) when an account model is used,
# cpp-httplib (with libssl) in `serve`, and ARPACK (with LAPACK, BLAS, gfortran) if igraph
# ever calls it. Together: 91 shared libraries at start -> 8, 20 ms -> 3-4 ms of CPU.
option(SAKIMORI_LEAN_STARTUP
       "Link static archives; load libpq, libxgboost, cpp-httplib and ARPACK on first use" ON)
include(SakimoriLazyLibrary)
set(SAKIMORI_LIBDIR /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})

# Sets `out` to the static archive next to the shared library `path` (libfoo.so[.N] ->
# libfoo.a) if there is one, else to `path`.
function(_sakimori_static_of path out)
  string(REGEX REPLACE "\\.so(\\.[0-9.]+)?$" ".a" archive "${path}")
  if(NOT archive STREQUAL path AND EXISTS "${archive}")
    set(${out} "${archive}" PARENT_SCOPE)
  else()
    set(${out} "${path}" PARENT_SCOPE)
  endif()
endfunction()

# Points the imported target's library files at their static archives.
function(_sakimori_prefer_static target)
  get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
  foreach(property IMPORTED_LOCATION ${configs})
    if(NOT property STREQUAL "IMPORTED_LOCATION")
      string(TOUPPER "IMPORTED_LOCATION_${property}" property)
    endif()
    get_target_property(location ${target} ${property})
    if(location)
      _sakimori_static_of("${location}" archive)
      set_property(TARGET ${target} PROPERTY ${property} "${archive}")
    endif()
  endforeach()
endfunction()

if(SAKIMORI_LEAN_STARTUP AND NOT SAKIMORI_SANITIZE AND NOT SAKIMORI_TSAN
   AND NOT SAKIMORI_BUILD_FUZZ)
  add_link_options(LINKER:--as-needed LINKER:-O1)
  get_directory_property(imported IMPORTED_TARGETS)
  foreach(target IN LISTS imported)
    if(target MATCHES "^absl::" OR target STREQUAL "ZLIB::ZLIB" OR target STREQUAL "SQLite::SQLite3")
      _sakimori_prefer_static(${target})
    endif()
  endforeach()
  set_property(TARGET SQLite::SQLite3 APPEND PROPERTY
               INTERFACE_LINK_LIBRARIES m ${CMAKE_DL_LIBS} Threads::Threads)
  foreach(target PkgConfig::ZSTD PkgConfig::XXHASH)
    get_target_property(libs ${target} INTERFACE_LINK_LIBRARIES)
    set(static_libs)
    foreach(lib IN LISTS libs)
      _sakimori_static_of("${lib}" archive)
      list(APPEND static_libs "${archive}")
    endforeach()
    set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${static_libs}")
  endforeach()
  # ICU from the archives, its 30 MB data table included: the table is read-only data that
  # is paged in only where used, whereas libicudata.so's table would be copied whole into
  # the executable at every start (a copy relocation: about 20 ms of CPU).
  set(_sakimori_icu ${SAKIMORI_LIBDIR}/libicui18n.a ${SAKIMORI_LIBDIR}/libicuuc.a
      ${SAKIMORI_LIBDIR}/libicudata.a ${CMAKE_DL_LIBS} Threads::Threads)
  set_property(TARGET PkgConfig::ICU PROPERTY INTERFACE_LINK_LIBRARIES "${_sakimori_icu}")
  pkg_check_modules(ICU_UC REQUIRED IMPORTED_TARGET GLOBAL icu-uc)
  set_property(TARGET PkgConfig::ICU_UC PROPERTY INTERFACE_LINK_LIBRARIES "${_sakimori_icu}")
  # libpqxx from its archive; libpq behind it on first use.
  sakimori_lazy_library(NAME pq LIBRARY ${SAKIMORI_LIBDIR}/libpq.so)
  set_property(TARGET PkgConfig::PQXX PROPERTY INTERFACE_LINK_LIBRARIES
               ${SAKIMORI_LIBDIR}/libpqxx.a sakimori_lazy_pq)
  # igraph from its archive. The community code links its sparse-matrix code, which links
  # the ARPACK eigensolver; ARPACK is loaded only if called. The objects taken from the
  # archive need none of the other libraries igraph names (LAPACK, GLPK, GMP, libxml2).
  pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET GLOBAL igraph)
  # Debian installs only the run-time libarpack.so.2 (no libarpack-dev for libigraph-dev).
  find_library(SAKIMORI_ARPACK_LIBRARY NAMES arpack libarpack.so.2 REQUIRED)
  sakimori_lazy_library(NAME arpack LIBRARY ${SAKIMORI_ARPACK_LIBRARY})
  set_property(TARGET PkgConfig::IGRAPH PROPERTY INTERFACE_LINK_LIBRARIES
               ${SAKIMORI_LIBDIR}/libigraph.a sakimori_lazy_arpack m Threads::Threads)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET GLOBAL libsodium)
  set_property(TARGET PkgConfig::SODIUM PROPERTY INTERFACE_LINK_LIBRARIES
               ${SAKIMORI_LIBDIR}/libsodium.a Threads::Threads)
  # cpp-httplib (`sakimori serve`; OpenSSL, which it initialises when loaded, and Brotli
  # behind it) on first use. Only its functions are used from outside (no vtables, type_info
  # or variables), so trampolines for the functions of namespace httplib are enough.
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  find_library(SAKIMORI_HTTPLIB_LIBRARY NAMES cpp-httplib REQUIRED)
  sakimori_lazy_library(NAME httplib LIBRARY ${SAKIMORI_HTTPLIB_LIBRARY}
                        SYMBOLS "^_ZN[K]?7httplib")
  set_property(TARGET PkgConfig::HTTPLIB PROPERTY INTERFACE_LINK_LIBRARIES sakimori_lazy_httplib)
  # libcrypto (report: hashes, HMACs) from its archive (0.7 ms less at start-up). The copy
  # that cpp-httplib's libssl loads with it in `serve` is separate: the executable exports
  # none of the archive's symbols, so libssl binds to its own libcrypto.
  find_package(OpenSSL REQUIRED)
  _sakimori_prefer_static(OpenSSL::Crypto)
  set_property(TARGET OpenSSL::Crypto APPEND PROPERTY
               INTERFACE_LINK_LIBRARIES ${CMAKE_DL_LIBS} Threads::Threads)
  # XGBoost's C API (detect/account) on first use.
  find_library(SAKIMORI_XGBOOST_LIBRARY NAMES xgboost REQUIRED)
  find_path(SAKIMORI_XGBOOST_INCLUDE xgboost/c_api.h REQUIRED)
  sakimori_lazy_library(NAME xgboost LIBRARY ${SAKIMORI_XGBOOST_LIBRARY} SYMBOLS "^XG")
  target_include_directories(sakimori_lazy_xgboost INTERFACE ${SAKIMORI_XGBOOST_INCLUDE})
  add_library(xgboost::xgboost ALIAS sakimori_lazy_xgboost)
endif()
