# sessiond_add_test(NAME SOURCES a.cpp b.cpp LIBS lib1 lib2 [LABELS l1 l2])
#
# One GoogleTest executable registered with CTest. Tests are discovered at build time so
# that `ctest` lists every TEST() by name and reports each one.
include(GoogleTest)

function(sessiond_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  # Prefixed with the executable's name, so that `ctest -R core_test` selects one suite.
  gtest_discover_tests(${name}
    TEST_PREFIX "${name}."
    PROPERTIES LABELS "${ARG_LABELS}"
    DISCOVERY_TIMEOUT 30)
endfunction()
