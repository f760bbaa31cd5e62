# Identity.cmake: what the reports say about the run's origin besides the
# build under test's path and version (PythonUnderTest.cmake): the suite's
# git commit and the build under test's configure flags (sysconfig
# CONFIG_ARGS), both read at configure time, for the "build" object of the
# JSON report and the JUnit report's properties (docs/report-schema.md).
#   CTS_SUITE_COMMIT: the commit, "-dirty" appended when tracked files
#     differ from it; "unknown" outside a git checkout.
#   CTS_PYTHON_CONFIG_ARGS: CONFIG_ARGS, "" when the build has none (PyPy).

execute_process(COMMAND git -C "${PROJECT_SOURCE_DIR}" rev-parse HEAD
                OUTPUT_VARIABLE CTS_SUITE_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE _cts_git_rc ERROR_QUIET)
if(NOT _cts_git_rc EQUAL 0 OR NOT CTS_SUITE_COMMIT MATCHES "^[0-9a-f]+$")
  set(CTS_SUITE_COMMIT "unknown")
else()
  execute_process(COMMAND git -C "${PROJECT_SOURCE_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE _cts_git_changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_cts_git_changes)
    string(APPEND CTS_SUITE_COMMIT "-dirty")
  endif()
endif()

execute_process(COMMAND "${Python3_EXECUTABLE}" -S -c
                        "import sysconfig; print(sysconfig.get_config_var('CONFIG_ARGS') or '')"
                OUTPUT_VARIABLE CTS_PYTHON_CONFIG_ARGS OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE _cts_config_rc ERROR_QUIET)
if(NOT _cts_config_rc EQUAL 0)
  message(FATAL_ERROR "pymem-cts: '${Python3_EXECUTABLE}' cannot tell its sysconfig CONFIG_ARGS")
endif()
message(STATUS "pymem-cts: suite commit ${CTS_SUITE_COMMIT}; the build's configure flags: "
               "${CTS_PYTHON_CONFIG_ARGS}")
