# PythonUnderTest.cmake: finds the Python build under test and fails loudly
# when what FindPython found is not the interpreter that was asked for.
# Defines the interface target cts_python (headers, libpython, identity).
# An uninstalled CPython build tree (-DPython3_EXECUTABLE=<builddir>/python)
# is taken as it is, without FindPython (BuildTree.cmake).
# An interpreter that cannot be embedded (PyPy) gets the extension-module
# host instead (HostPython.cmake), and so does any with -DCTS_HOST=ON.

# The interpreter: -DPython3_EXECUTABLE as given; else python3 in
# -DPython3_ROOT_DIR (FindPython3's hint: its bin/, or itself); else python3
# on PATH. What this file chose, not the user, is chosen again at every
# configure, so a changed python3 on PATH (pyenv) or a Python3_ROOT_DIR given
# later is not hidden by the cache. One STATUS line names the choice.
if(Python3_EXECUTABLE AND NOT Python3_EXECUTABLE STREQUAL CTS_PYTHON_CHOSEN)
  unset(CTS_PYTHON_CHOSEN CACHE) # the user's from now on, kept until they change it
  set(_cts_how "-DPython3_EXECUTABLE")
  if(Python3_ROOT_DIR)
    string(APPEND _cts_how ", which wins over -DPython3_ROOT_DIR=${Python3_ROOT_DIR}")
  endif()
else()
  unset(CTS_FOUND_PYTHON CACHE) # found anew each time (NO_CACHE needs CMake 3.21)
  if(Python3_ROOT_DIR)
    find_program(CTS_FOUND_PYTHON NAMES python3 python
                 PATHS "${Python3_ROOT_DIR}/bin" "${Python3_ROOT_DIR}" NO_DEFAULT_PATH)
    if(NOT CTS_FOUND_PYTHON)
      message(FATAL_ERROR "pymem-cts: no python3 in Python3_ROOT_DIR '${Python3_ROOT_DIR}' "
                          "(looked in its bin/ and itself)")
    endif()
    set(_cts_how "python3 of -DPython3_ROOT_DIR=${Python3_ROOT_DIR}")
  else()
    find_program(CTS_FOUND_PYTHON python3)
    if(NOT CTS_FOUND_PYTHON)
      message(FATAL_ERROR "pymem-cts: no python3 on PATH; pass -DPython3_EXECUTABLE=<python> "
                          "or -DPython3_ROOT_DIR=<prefix>")
    endif()
    set(_cts_how "python3 on PATH, ${CTS_FOUND_PYTHON}; chosen again at each configure")
  endif()
  # Resolve launchers (pyenv shims) to the real interpreter.
  execute_process(COMMAND "${CTS_FOUND_PYTHON}" -c "import sys; print(sys.executable)"
                  OUTPUT_VARIABLE _cts_exe OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _cts_rc)
  if(NOT _cts_rc EQUAL 0 OR NOT _cts_exe)
    message(FATAL_ERROR "pymem-cts: ${CTS_FOUND_PYTHON} does not run")
  endif()
  set(Python3_EXECUTABLE "${_cts_exe}" CACHE FILEPATH "the Python build under test" FORCE)
  set(CTS_PYTHON_CHOSEN "${_cts_exe}" CACHE INTERNAL "the Python3_EXECUTABLE configure chose")
  unset(CTS_FOUND_PYTHON CACHE)
endif()
message(STATUS "pymem-cts: interpreter ${Python3_EXECUTABLE} (${_cts_how})")

if(NOT EXISTS "${Python3_EXECUTABLE}")
  message(FATAL_ERROR "pymem-cts: Python3_EXECUTABLE '${Python3_EXECUTABLE}' does not exist")
endif()

# A Python built with AddressSanitizer (see the end of this file) keeps
# memory until exit by design: its runs while configuring are no leak check.
if(DEFINED ENV{ASAN_OPTIONS} AND NOT "$ENV{ASAN_OPTIONS}" STREQUAL "")
  set(ENV{ASAN_OPTIONS} "$ENV{ASAN_OPTIONS}:detect_leaks=0")
else()
  set(ENV{ASAN_OPTIONS} "detect_leaks=0")
endif()

# A build tree's python runs from its build directory the way its Makefile
# runs it (RUNSHARED): libpython from there, whatever its RUNPATH says.
get_filename_component(_cts_exe_dir "${Python3_EXECUTABLE}" DIRECTORY)
get_filename_component(_cts_exe_dir "${_cts_exe_dir}" REALPATH)
set(CTS_PYTHON_RUN "${Python3_EXECUTABLE}")
unset(CTS_BUILD_TREE)
if(EXISTS "${_cts_exe_dir}/pybuilddir.txt")
  set(CTS_BUILD_TREE "${_cts_exe_dir}")
  set(_cts_ld "${CTS_BUILD_TREE}")
  if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
    string(APPEND _cts_ld ":$ENV{LD_LIBRARY_PATH}")
  endif()
  set(CTS_PYTHON_RUN ${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${_cts_ld}" "${Python3_EXECUTABLE}")
endif()

# Runs the interpreter under test with `-S -c code`; its output lines, as a
# list, in out_var. Fails the configuration, in one line, if it does not run
# or does not print the `lines` lines asked for (a program that runs but is
# not a Python, such as /bin/true).
function(cts_ask_python out_var lines code)
  execute_process(COMMAND ${CTS_PYTHON_RUN} -S -c "${code}"
                  OUTPUT_VARIABLE answer OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pymem-cts: '${Python3_EXECUTABLE}' does not run")
  endif()
  string(REPLACE "\n" ";" answer "${answer}")
  list(LENGTH answer got)
  if(got LESS lines)
    message(FATAL_ERROR "pymem-cts: '${Python3_EXECUTABLE}' is not a Python: asked for ${lines} "
                        "lines of sys and sysconfig values with -S -c, it printed ${got}")
  endif()
  set(${out_var} "${answer}" PARENT_SCOPE)
endfunction()

cts_ask_python(_cts_info 4 "import sys, sysconfig; print(sys.prefix); print('%d.%d.%d' % sys.version_info[:3]); print(sys.implementation.name); print('configure: ' + (sysconfig.get_config_var('CONFIG_ARGS') or ''))")
list(GET _cts_info 0 CTS_PYTHON_PREFIX)
list(GET _cts_info 1 CTS_PYTHON_VERSION)
list(GET _cts_info 2 CTS_PYTHON_IMPLEMENTATION)
list(SUBLIST _cts_info 3 -1 _cts_config) # the rest: configure's arguments may hold a ";"
if(NOT CTS_PYTHON_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "pymem-cts: '${Python3_EXECUTABLE}' is not a Python: its version reads "
                      "'${CTS_PYTHON_VERSION}'")
endif()
if(NOT CTS_PYTHON_IMPLEMENTATION STREQUAL "cpython" AND NOT CTS_HOST)
  message(STATUS "pymem-cts: ${CTS_PYTHON_IMPLEMENTATION} cannot be embedded; building the "
                 "extension-module host (CTS_HOST)")
  set(CTS_HOST ON CACHE BOOL "build the suite as an extension module" FORCE)
endif()

if(CTS_HOST)
  include(${CMAKE_CURRENT_LIST_DIR}/HostPython.cmake)
  return()
endif()
set(_cts_tree_definitions)
if(CTS_BUILD_TREE)
  include(${CMAKE_CURRENT_LIST_DIR}/BuildTree.cmake)
else()
  find_package(Python3 ${CTS_PYTHON_VERSION} EXACT REQUIRED COMPONENTS Interpreter Development.Embed)
  if(NOT Python3_VERSION VERSION_EQUAL CTS_PYTHON_VERSION)
    message(FATAL_ERROR "pymem-cts: asked for ${Python3_EXECUTABLE} (${CTS_PYTHON_VERSION}) "
                        "but FindPython3 found ${Python3_VERSION}")
  endif()
  message(STATUS "pymem-cts: build under test: CPython ${CTS_PYTHON_VERSION} at ${CTS_PYTHON_PREFIX}")
endif()
message(STATUS "pymem-cts: headers ${Python3_INCLUDE_DIRS}, library ${Python3_LIBRARIES}")

# Plain -I, not the -isystem of the imported Python3::Python target: Debian's
# debug headers (include/python3.Xd) are symlinks into the release directory,
# and with -isystem GCC resolves Python.h's #include "pyconfig.h" next to the
# symlink's target, i.e. the release pyconfig.h: Py_DEBUG would be missing.
add_library(cts_python INTERFACE)
target_include_directories(cts_python INTERFACE ${Python3_INCLUDE_DIRS})
target_link_libraries(cts_python INTERFACE ${Python3_LIBRARIES})
target_compile_definitions(cts_python INTERFACE ${_cts_tree_definitions}
  CTS_BUILD_PREFIX="${CTS_PYTHON_PREFIX}"
  CTS_BUILD_PYTHON="${Python3_EXECUTABLE}"
  CTS_HEADER_VERSION="${CTS_PYTHON_VERSION}")

# A build under test made with AddressSanitizer (ci/build-cpython.sh VERSION
# fuzz or asan, OSS-Fuzz's way of building CPython): its libpython calls
# ASan's runtime, which only a program linked with -fsanitize=address
# carries, and its instrumentation is clang's. Every program that links
# libpython is linked so (the fuzz targets are already); the runner itself
# stays uninstrumented. CTS_PYTHON_ASAN tells the fuzz build and the scripts.
set(CTS_PYTHON_ASAN OFF)
if(_cts_config MATCHES "--with-address-sanitizer")
  set(CTS_PYTHON_ASAN ON)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "pymem-cts: ${Python3_EXECUTABLE} is built with AddressSanitizer, whose "
                        "runtime every program linking its libpython needs: configure with CC=clang")
  endif()
  target_link_options(cts_python INTERFACE -fsanitize=address)
  target_compile_definitions(cts_python INTERFACE CTS_PYTHON_ASAN=1)
  message(STATUS "pymem-cts: the build under test is ASan-instrumented; every program that links "
                 "it is linked with -fsanitize=address")
endif()
