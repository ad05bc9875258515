# Generates the C++ source that embeds the migration files in the binary: the definition of
# EmbeddedMigrations() (store/migrator.hpp). Run at build time by src/store/CMakeLists.txt:
#
#   cmake -DMIGRATIONS_DIR=<src/store/migrations> -DOUTPUT=<file.cpp> -P embed_migrations.cmake
#
# Each backend's folder holds NNNN_lowercase_name.sql files; versions must be unique. A
# misnamed .sql file fails the build rather than being skipped without a word.

function(embed_backend backend out_var)
  file(GLOB files RELATIVE "${MIGRATIONS_DIR}/${backend}" "${MIGRATIONS_DIR}/${backend}/*.sql")
  list(SORT files)
  set(entries "")
  set(last 0)
  foreach(file IN LISTS files)
    if(NOT file MATCHES "^([0-9][0-9][0-9][0-9])_([a-z0-9_]+)\\.sql$")
      message(FATAL_ERROR "migrations/${backend}/${file}: name migrations NNNN_lowercase_name.sql")
    endif()
    set(name "${CMAKE_MATCH_2}")
    # Strip leading zeros so that the number reads as decimal.
    string(REGEX REPLACE "^0+([0-9])" "\\1" version "${CMAKE_MATCH_1}")
    if(version LESS_EQUAL last)
      message(FATAL_ERROR "migrations/${backend}/${file}: version ${version} used twice")
    endif()
    set(last ${version})
    file(READ "${MIGRATIONS_DIR}/${backend}/${file}" sql)
    string(FIND "${sql}" ")sql\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "migrations/${backend}/${file} contains )sql\" which ends the raw string")
    endif()
    string(APPEND entries "      {${version}, \"${name}\", R\"sql(${sql})sql\"},\n")
  endforeach()
  set(${out_var} "${entries}" PARENT_SCOPE)
endfunction()

embed_backend(sqlite sqlite_entries)
embed_backend(postgres postgres_entries)

set(source "// Generated from src/store/migrations/ by src/store/embed_migrations.cmake. Do not edit.
#include \"store/migrator.hpp\"

namespace sessiond::store {

const std::vector<Migration>& EmbeddedMigrations(Backend backend) {
  static const std::vector<Migration> sqlite = {
${sqlite_entries}  };
  static const std::vector<Migration> postgres = {
${postgres_entries}  };
  return backend == Backend::kSqlite ? sqlite : postgres;
}

}  // namespace sessiond::store
")

file(WRITE "${OUTPUT}" "${source}")
