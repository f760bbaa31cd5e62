# HostPython.cmake: the build under test for the extension-module host
# (CTS_HOST): the interpreter's headers, its extension suffix and its shared
# library, read from its own sysconfig. Defines cts_python as
# PythonUnderTest.cmake does, plus CTS_HOST_EXT_SUFFIX; a build tree's
# headers and library as BuildTree.cmake finds them.
cts_ask_python(_cts_host 4 "import sysconfig as s; print(s.get_paths()['include']); print(s.get_config_var('EXT_SUFFIX')); print(s.get_config_var('LIBDIR') or ''); print(s.get_config_var('LDLIBRARY') or '')")
list(GET _cts_host 0 CTS_HOST_INCLUDE)
list(GET _cts_host 1 CTS_HOST_EXT_SUFFIX)
list(GET _cts_host 2 _cts_libdir)
list(GET _cts_host 3 _cts_ldlibrary)
# The launcher's line that makes the interpreter load the right libpython:
# a build tree's, from its build directory (as its Makefile runs it).
set(CTS_HOST_LIBRARY_PATH "# (libpython: the interpreter's own)")
set(_cts_tree_definitions)
if(CTS_BUILD_TREE)
  include(${CMAKE_CURRENT_LIST_DIR}/BuildTree.cmake)
  set(CTS_HOST_INCLUDE ${Python3_INCLUDE_DIRS})
  set(CTS_HOST_LIBRARY ${Python3_LIBRARIES})
  set(CTS_HOST_LIBRARY_PATH
      "LD_LIBRARY_PATH=${CTS_BUILD_TREE}\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}; export LD_LIBRARY_PATH")
else()
  if(NOT EXISTS "${CTS_HOST_INCLUDE}/Python.h")
    message(FATAL_ERROR "pymem-cts: no Python.h in ${CTS_HOST_INCLUDE} (install the -dev package of "
                        "${Python3_EXECUTABLE}, e.g. pypy3-dev)")
  endif()
  # Linked so that --no-undefined names any API the implementation lacks at
  # build time (PyPy's LIBDIR is not where its library is: search the usual
  # places too).
  string(REGEX REPLACE "^lib|\\.so.*$" "" _cts_libname "${_cts_ldlibrary}")
  find_library(CTS_HOST_LIBRARY NAMES ${_cts_libname} HINTS "${_cts_libdir}" NO_CACHE)
  if(NOT CTS_HOST_LIBRARY)
    message(FATAL_ERROR "pymem-cts: cannot find ${_cts_ldlibrary} of '${Python3_EXECUTABLE}'")
  endif()
  message(STATUS "pymem-cts: build under test: ${CTS_PYTHON_IMPLEMENTATION} ${CTS_PYTHON_VERSION} "
                 "at ${CTS_PYTHON_PREFIX}, as an extension-module host")
endif()
message(STATUS "pymem-cts: headers ${CTS_HOST_INCLUDE}, library ${CTS_HOST_LIBRARY}")

set(CMAKE_POSITION_INDEPENDENT_CODE ON)
add_library(cts_python INTERFACE)
target_include_directories(cts_python INTERFACE ${CTS_HOST_INCLUDE})
target_link_libraries(cts_python INTERFACE ${CTS_HOST_LIBRARY})
target_compile_definitions(cts_python INTERFACE ${_cts_tree_definitions}
  CTS_HOST=1
  CTS_BUILD_PREFIX="${CTS_PYTHON_PREFIX}"
  CTS_BUILD_PYTHON="${Python3_EXECUTABLE}"
  CTS_HEADER_VERSION="${CTS_PYTHON_VERSION}")
