# Install.cmake: install() rules (GNUInstallDirs): the programs, the data
# (the expectations and the must-pass lists) in
# ${CMAKE_INSTALL_DATADIR}/pymem-cts, which pymem-cts and pymem-cts-verdict
# find relative to themselves (core/driver/data_dir.c: a moved prefix still
# works), pymem-cts-certify (ci/certify.sh), the docs and the report's JSON
# Schema in ${CMAKE_INSTALL_DOCDIR}, and the man page docs/man/pymem-cts.1,
# kept by hand (ctest docs.man_page checks it against --help).
include(GNUInstallDirs)

# The data directory relative to the bindir, compiled in; in the build tree
# the source tree's conformance/expectations is used instead.
file(RELATIVE_PATH CTS_DATA_FROM_BIN "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_FULL_DATADIR}/pymem-cts")
target_compile_definitions(cts_core PRIVATE
  CTS_DATA_FROM_BIN="${CTS_DATA_FROM_BIN}"
  CTS_SUITE_BUILD_DIR="${CMAKE_BINARY_DIR}"
  CTS_SOURCE_DATA="${PROJECT_SOURCE_DIR}/conformance")

set(CTS_INSTALLED_PROGRAMS pymem-cts-verdict pymem-cts-matrix pymem-cts-compare)
if(CTS_HOST)
  # The module in <libdir>/pymem-cts, and a launcher that finds it there.
  set(CTS_HOST_MODULE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/pymem-cts")
  file(RELATIVE_PATH CTS_HOST_MODULE_DIR "${CMAKE_INSTALL_FULL_BINDIR}"
       "${CMAKE_INSTALL_PREFIX}/${CTS_HOST_MODULE_INSTALL_DIR}")
  configure_file(cmake/host-launcher.in ${CMAKE_BINARY_DIR}/launcher-install/pymem-cts @ONLY)
  set_target_properties(pymem_cts_host PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
  install(TARGETS pymem_cts_host LIBRARY DESTINATION "${CTS_HOST_MODULE_INSTALL_DIR}")
  install(PROGRAMS ${CMAKE_BINARY_DIR}/launcher-install/pymem-cts
          DESTINATION "${CMAKE_INSTALL_BINDIR}")
else()
  list(APPEND CTS_INSTALLED_PROGRAMS pymem-cts)
endif()
# libpython (and libcjson) found where they were linked from, also once
# installed.
set_target_properties(${CTS_INSTALLED_PROGRAMS} PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
install(TARGETS ${CTS_INSTALLED_PROGRAMS} RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY conformance/expectations conformance/mustpass
        DESTINATION "${CMAKE_INSTALL_DATADIR}/pymem-cts")
# The certification script, run by pymem-cts-certify (cmake/certify-launcher.in)
# with that data and the tools above.
install(PROGRAMS ci/certify.sh ci/certify_verify.sh DESTINATION "${CMAKE_INSTALL_DATADIR}/pymem-cts")
configure_file(cmake/certify-launcher.in ${CMAKE_BINARY_DIR}/launcher-install/pymem-cts-certify @ONLY)
install(PROGRAMS ${CMAKE_BINARY_DIR}/launcher-install/pymem-cts-certify
        DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The documentation, and the JSON report's schema, which --help points at.
install(FILES README.md docs/report-schema.md docs/report-schema.json docs/findings.md
              docs/traceability.md docs/coverage.md docs/benchmarks.md docs/self-validation.md
              docs/tier-review.md
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

install(FILES docs/man/pymem-cts.1 DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
