# BuildTree.cmake: the build under test is an uninstalled CPython build tree
# (the directory `make` ran in, the one holding pybuilddir.txt), taken the
# way CPython's own test_embed takes it: headers from <srcdir>/Include and
# the build directory (pyconfig.h), libpython from the build directory. At
# run time the suite names the tree's `python` as the program
# (PyConfig.program_name), so getpath finds the stdlib in <srcdir>/Lib and
# the extension modules in <builddir>/build/lib.* itself: no PYTHONHOME.
# Sets Python3_INCLUDE_DIRS and Python3_LIBRARIES for PythonUnderTest.cmake's
# cts_python, and the definitions CTS_BUILD_TREE and CTS_BUILD_STDLIB for
# the run-time identity check (runtime/boot.c).

# Recognised as sysconfig.is_python_build() does (Modules/Setup.local next
# to the executable), not by the pybuilddir.txt alone.
cts_ask_python(_cts_tree 4 "import os, sysconfig as s; print(int(s.is_python_build())); print(s.get_config_var('srcdir') or ''); print(s.get_config_var('LDLIBRARY') or ''); print(os.path.dirname(os.__file__))")
list(GET _cts_tree 0 _cts_is_build)
list(GET _cts_tree 1 _cts_srcdir)
list(GET _cts_tree 2 _cts_ldlibrary)
list(GET _cts_tree 3 _cts_stdlib)
if(NOT _cts_is_build STREQUAL "1")
  message(FATAL_ERROR "pymem-cts: ${CTS_BUILD_TREE} has a pybuilddir.txt but is not a CPython "
                      "build tree (sysconfig.is_python_build() is False: no Modules/Setup.local)")
endif()
if(NOT CTS_PYTHON_IMPLEMENTATION STREQUAL "cpython")
  message(FATAL_ERROR "pymem-cts: ${CTS_BUILD_TREE} is a build tree of ${CTS_PYTHON_IMPLEMENTATION}, "
                      "not CPython")
endif()
if(NOT IS_ABSOLUTE "${_cts_srcdir}")
  get_filename_component(_cts_srcdir "${_cts_srcdir}" ABSOLUTE BASE_DIR "${CTS_BUILD_TREE}")
endif()
get_filename_component(_cts_srcdir "${_cts_srcdir}" REALPATH)
if(NOT EXISTS "${_cts_srcdir}/Include/Python.h")
  message(FATAL_ERROR "pymem-cts: the build tree ${CTS_BUILD_TREE} names the source directory "
                      "'${_cts_srcdir}', which has no Include/Python.h")
endif()
if(NOT EXISTS "${CTS_BUILD_TREE}/pyconfig.h")
  message(FATAL_ERROR "pymem-cts: the build tree ${CTS_BUILD_TREE} has no pyconfig.h (configure "
                      "did not run there)")
endif()
if(NOT _cts_ldlibrary MATCHES "\\.so$")
  message(FATAL_ERROR "pymem-cts: the build tree ${CTS_BUILD_TREE} links Python statically "
                      "('${_cts_ldlibrary}'): configure it with --enable-shared")
endif()
set(_cts_library "${CTS_BUILD_TREE}/${_cts_ldlibrary}")
if(NOT EXISTS "${_cts_library}")
  message(FATAL_ERROR "pymem-cts: the build tree ${CTS_BUILD_TREE} has no ${_cts_ldlibrary} "
                      "(run make there)")
endif()
# The stdlib the tree's own python loaded is the source's: what the suite
# will expect at run time.
set(CTS_BUILD_STDLIB "${_cts_srcdir}/Lib")
get_filename_component(_cts_stdlib "${_cts_stdlib}" REALPATH)
if(NOT _cts_stdlib STREQUAL CTS_BUILD_STDLIB)
  message(FATAL_ERROR "pymem-cts: the build tree's python loaded its stdlib from ${_cts_stdlib}, "
                      "not from its source's ${CTS_BUILD_STDLIB}")
endif()

set(Python3_INCLUDE_DIRS "${_cts_srcdir}/Include" "${CTS_BUILD_TREE}")
set(Python3_LIBRARIES "${_cts_library}")
message(STATUS "pymem-cts: build under test: CPython ${CTS_PYTHON_VERSION}, the uninstalled build "
               "tree ${CTS_BUILD_TREE} (source ${_cts_srcdir}; sys.prefix ${CTS_PYTHON_PREFIX})")
set(_cts_tree_definitions CTS_BUILD_TREE="${CTS_BUILD_TREE}" CTS_BUILD_STDLIB="${CTS_BUILD_STDLIB}")
