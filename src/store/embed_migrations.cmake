# Writes OUTPUT, a C++ source holding every SQL migration in MIGRATIONS_DIR as a raw string,
# so the binary carries its schema. Run at build time by src/store/CMakeLists.txt:
#   cmake -DMIGRATIONS_DIR=... -DOUTPUT=... -P embed_migrations.cmake
file(GLOB files RELATIVE "${MIGRATIONS_DIR}" "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(name IN LISTS files)
  file(READ "${MIGRATIONS_DIR}/${name}" text)
  string(FIND "${text}" ")sakimori_sql\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${name} contains the raw-string delimiter )sakimori_sql\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"sakimori_sql(${text})sakimori_sql\"},\n")
endforeach()
set(content "// Generated from src/store/migrations/*.sql by src/store/embed_migrations.cmake.
#include \"store/internal/migration_files.h\"

namespace sakimori::store_internal {

std::span<const MigrationFile> EmbeddedMigrationFiles() {
  static constexpr MigrationFile kFiles[] = {
${body}  };
  return kFiles;
}

}  // namespace sakimori::store_internal
")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
