# Bundle.cmake: the binaries of the OSS-Fuzz build (CTS_FUZZ_BUNDLE, set by
# ci/oss-fuzz-build.sh). OSS-Fuzz and ClusterFuzzLite run each binary in
# $OUT as it is, with no environment of ours, in an image without the build
# under test. So each binary
#   - is built for one allocator mode: <target>_<mode>, for each mode of
#     fuzz/targets.txt that the Python has compiled in (mode.c);
#   - finds libpython through RUNPATH $ORIGIN/python/lib and the stdlib in
#     python/lib/<stdlib name>, which ci/oss-fuzz-build.sh copies there;
#   - is linked by the C++ compiler, as OSS-Fuzz requires: an engine such as
#     AFL++'s or honggfuzz's is a C++ archive.
# bundle.txt lists "ship <binary> <target> <mode>" or "skip <target> <mode>
# <why>" per line, for the build script.
enable_language(CXX)

execute_process(
  COMMAND ${Python3_EXECUTABLE} -c
          "import os, sysconfig; print(os.path.basename(sysconfig.get_path('stdlib')))"
  OUTPUT_VARIABLE stdlib_name OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR stdlib_name STREQUAL "")
  message(FATAL_ERROR "pymem-cts: cannot read the stdlib directory of ${Python3_EXECUTABLE}")
endif()
target_compile_definitions(cts_fuzz_support_engine PRIVATE CTS_FUZZ_BUNDLE="${stdlib_name}")

set(bundle_list "")
foreach(t IN LISTS CTS_FUZZ_TARGETS)
  foreach(mode IN LISTS CTS_FUZZ_MODES_${t})
    execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONMALLOC=${mode} ${Python3_EXECUTABLE}
                            -c "" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(NOT rc EQUAL 0)
      string(APPEND bundle_list "skip ${t} ${mode} not compiled into ${Python3_EXECUTABLE}\n")
      continue()
    endif()
    set(bin ${t}_${mode})
    add_executable(${bin} ${t}.c mode.c)
    target_compile_definitions(${bin} PRIVATE CTS_FUZZ_MODE="${mode}")
    target_link_libraries(${bin} PRIVATE cts_fuzz_support_engine)
    target_link_options(${bin} PRIVATE ${engine_link})
    set_target_properties(${bin} PROPERTIES LINKER_LANGUAGE CXX BUILD_WITH_INSTALL_RPATH TRUE
                                            INSTALL_RPATH "\$ORIGIN/python/lib")
    string(APPEND bundle_list "ship ${bin} ${t} ${mode}\n")
  endforeach()
endforeach()
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bundle.txt "${bundle_list}")
