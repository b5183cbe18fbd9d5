# sakimori_module(NAME name SRCS ... DEPS ... [LIBS ...])
#   Declares the static library `sakimori_<name>` for the module in the current folder.
#   DEPS names other sakimori modules (without prefix); LIBS names external targets.
#   Include paths are rooted at src/, so code includes "common/status.h".
function(sakimori_module)
  cmake_parse_arguments(M "" "NAME" "SRCS;DEPS;LIBS" ${ARGN})
  set(target sakimori_${M_NAME})
  add_library(${target} STATIC ${M_SRCS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS M_DEPS)
    target_link_libraries(${target} PUBLIC sakimori_${dep})
  endforeach()
  target_link_libraries(${target} PUBLIC ${M_LIBS})
endfunction()

# sakimori_test(NAME name SRCS ... DEPS ... [LABELS ...])
#   A GoogleTest executable registered with ctest; LABELS "slow" keeps it out of the
#   quick run (ctest -LE slow).
function(sakimori_test)
  if(NOT SAKIMORI_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME" "SRCS;DEPS;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  foreach(dep IN LISTS T_DEPS)
    target_link_libraries(${T_NAME} PRIVATE sakimori_${dep})
  endforeach()
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${T_NAME} PRIVATE
    SAKIMORI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${T_NAME}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${T_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()
