# Precompiled headers for every target: a one-line call at the end of the top CMakeLists.
#
# Every translation unit parses the standard library and nlohmann/json (core/error.hpp
# includes it), and every test parses GoogleTest: done once per configuration instead of
# once per file, that is most of a from-scratch build's time. The libraries built on
# sessiond_http (route handlers: Boost.Asio and Beast) reuse its header (src/http/pch.hpp);
# targets that set their own keep it.
#
# A reused header is compiled with the flags of the target that owns it. GCC rejects it for
# a file whose flags differ in a way that matters (-Winvalid-pch, an error with -Werror), so
# a mismatch fails the build loudly rather than compiling differently.

add_library(sessiond_pch_common STATIC ${CMAKE_CURRENT_LIST_DIR}/pch/empty.cpp)
target_link_libraries(sessiond_pch_common PRIVATE nlohmann_json::nlohmann_json)
target_precompile_headers(sessiond_pch_common PRIVATE ${CMAKE_CURRENT_LIST_DIR}/pch/common.hpp)

# Test programs compile without optimization in every configuration: what they test is the
# libraries, built -O2 in release; the tests' own code (GoogleTest macros, fixtures) only
# has to run, and -O2 made it the slowest part of the build. The header they reuse must be
# compiled the same way (GCC refuses a precompiled header across -O levels).
set(SESSIOND_TEST_OPTIMIZATION "$<$<CONFIG:Release>:-O0>")

add_library(sessiond_pch_test STATIC ${CMAKE_CURRENT_LIST_DIR}/pch/empty.cpp)
target_link_libraries(sessiond_pch_test PRIVATE nlohmann_json::nlohmann_json GTest::gtest)
target_precompile_headers(sessiond_pch_test PRIVATE ${CMAKE_CURRENT_LIST_DIR}/pch/test.hpp)
target_compile_options(sessiond_pch_test PRIVATE ${SESSIOND_TEST_OPTIMIZATION})

# The targets defined in `dir` and the folders below it.
function(sessiond_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    sessiond_targets_below(${sub} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(sessiond_precompile_everything)
  sessiond_targets_below(${PROJECT_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$" OR target MATCHES "^sessiond_pch_")
      continue()
    endif()
    get_target_property(own ${target} PRECOMPILE_HEADERS)
    get_target_property(reused ${target} PRECOMPILE_HEADERS_REUSE_FROM)
    if(own OR reused)
      continue()
    endif()
    get_target_property(links ${target} LINK_LIBRARIES)
    if("GTest::gtest" IN_LIST links)
      target_precompile_headers(${target} REUSE_FROM sessiond_pch_test)
      target_compile_options(${target} PRIVATE ${SESSIOND_TEST_OPTIMIZATION})
    elseif("sessiond_http" IN_LIST links)
      target_precompile_headers(${target} REUSE_FROM sessiond_http)
    else()
      target_precompile_headers(${target} REUSE_FROM sessiond_pch_common)
    endif()
  endforeach()
endfunction()
