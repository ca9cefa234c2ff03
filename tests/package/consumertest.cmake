# SPDX-License-Identifier: MIT
#
# Builds and runs a user project against Automagik Telemetry (run with cmake -P; see CMakeLists.txt).
#   MODE=package       install BUILD_DIR into WORK_DIR/prefix, check the installed headers, build
#                      consumer/ with find_package(AutomagikTelemetry 1), run it, and check that
#                      find_package(AutomagikTelemetry 2) is refused
#   MODE=subdirectory  build subdirectory/, which add_subdirectory()s SOURCE_DIR, and run it
cmake_minimum_required(VERSION 3.21)

foreach(var MODE SOURCE_DIR TEST_DIR BUILD_DIR GENERATOR WORK_DIR EXPECTED_VERSION)
    if("${${var}}" STREQUAL "")
        message(FATAL_ERROR "consumertest.cmake needs -D${var}=...")
    endif()
endforeach()
string(REPLACE "|" ";" PREFIX_PATH "${PREFIX_PATH}")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/home")

# Runs a command; on failure shows its output and stops. The output is left in RUN_OUTPUT.
function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
    endif()
    message(STATUS "${what}: ok")
    set(RUN_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

# The consumers see the parent's toolchain and Qt through an initial cache (no quoting of lists).
function(write_initial_cache file prefix_path)
    set(content "")
    foreach(pair "CMAKE_PREFIX_PATH|${prefix_path}" "CMAKE_CXX_COMPILER|${CXX_COMPILER}"
                 "CMAKE_MAKE_PROGRAM|${MAKE_PROGRAM}" "CMAKE_BUILD_TYPE|${CONFIG}" "Qt6_DIR|${QT6_DIR}"
                 "EXPECTED_VERSION|${EXPECTED_VERSION}")
        string(FIND "${pair}" "|" bar)
        string(SUBSTRING "${pair}" 0 ${bar} name)
        math(EXPR start "${bar} + 1")
        string(SUBSTRING "${pair}" ${start} -1 value)
        if(NOT value STREQUAL "" AND NOT value MATCHES "-NOTFOUND$")
            string(APPEND content "set(${name} [==[${value}]==] CACHE STRING \"\" FORCE)\n")
        endif()
    endforeach()
    file(WRITE "${file}" "${content}")
endfunction()

set(config_args)
set(ctest_config_args)
if(CONFIG)
    set(config_args --config "${CONFIG}")
    set(ctest_config_args -C "${CONFIG}")
endif()

# No consent given, no trace of the developer's own settings: the consumer must find the library off.
set(run_env --unset=AUTOMAGIK_TELEMETRY_ENABLED "HOME=${WORK_DIR}/home" "XDG_CONFIG_HOME=${WORK_DIR}/home/.config")

# The core library exports nothing but its public API (../abi/check-exports.cmake); needs NM.
function(check_exports library)
    if(NOT NM)
        return()
    endif()
    run("exported symbols of ${library}" "${CMAKE_COMMAND}" -DNM=${NM} "-DLIBRARY=${library}"
        "-DSOURCE_DIR=${SOURCE_DIR}" -P "${TEST_DIR}/../abi/check-exports.cmake")
    string(REGEX MATCH "[0-9]+ exported symbols[^\n]*" summary "${RUN_OUTPUT}")
    message(STATUS "${summary}")
endfunction()

function(run_consumer binary_dir name)
    file(GLOB binary "${binary_dir}/bin/${name}" "${binary_dir}/bin/${name}.exe")
    if(NOT binary)
        message(FATAL_ERROR "the consumer program was not built in ${binary_dir}/bin")
    endif()
    run("running ${name}" "${CMAKE_COMMAND}" -E env ${run_env} ${ARGN} ${binary})
    if(NOT RUN_OUTPUT MATCHES "consumer OK")
        message(FATAL_ERROR "${name} did not report success:\n${RUN_OUTPUT}")
    endif()
    message(STATUS "${RUN_OUTPUT}")
endfunction()

if(MODE STREQUAL "package")
    set(prefix "${WORK_DIR}/prefix")
    # A DESTDIR from the environment would put the files somewhere else.
    run("install into ${prefix}" "${CMAKE_COMMAND}" -E env --unset=DESTDIR
        "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${config_args})

    # Where GNUInstallDirs put the library (lib, lib64 or lib/<multiarch>): next to the package config.
    file(GLOB_RECURSE package_config "${prefix}/*/AutomagikTelemetryConfig.cmake")
    list(LENGTH package_config count)
    if(NOT count EQUAL 1)
        message(FATAL_ERROR "expected one installed AutomagikTelemetryConfig.cmake, found: ${package_config}")
    endif()
    get_filename_component(package_dir "${package_config}" DIRECTORY)
    if(NOT EXISTS "${package_dir}/AutomagikTelemetryConfigVersion.cmake")
        message(FATAL_ERROR "AutomagikTelemetryConfigVersion.cmake is not installed next to the config")
    endif()
    get_filename_component(libdir "${package_dir}/../.." ABSOLUTE)
    file(GLOB library "${libdir}/*automagiktelemetry*")
    if(NOT library)
        message(FATAL_ERROR "no automagiktelemetry library in ${libdir}")
    endif()
    check_exports("${libdir}/libautomagiktelemetry.so")

    # The installed headers are the public contract: nothing may point back into src/.
    file(GLOB headers "${prefix}/include/automagik/*.h")
    foreach(required telemetry.h telemetryconfig.h telemetrytypes.h standardevents.h automagiktelemetry_export.h)
        if(NOT EXISTS "${prefix}/include/automagik/${required}")
            message(FATAL_ERROR "installed headers lack automagik/${required}")
        endif()
    endforeach()
    foreach(header IN LISTS headers)
        get_filename_component(header_name "${header}" NAME)
        file(STRINGS "${header}" includes REGEX "^[ \t]*#[ \t]*include")
        foreach(line IN LISTS includes)
            if(NOT line MATCHES "#[ \t]*include[ \t]*([<\"])([^>\"]+)[>\"]")
                message(FATAL_ERROR "${header_name}: cannot parse '${line}'")
            endif()
            set(delimiter "${CMAKE_MATCH_1}")
            set(included "${CMAKE_MATCH_2}")
            if(included MATCHES "^(src|core|export|quick|widgets|tools)/" OR included MATCHES "_p\\.h$"
               OR included MATCHES "autotestexport")
                message(FATAL_ERROR "${header_name} includes internal header ${included}")
            endif()
            if(delimiter STREQUAL "\"" AND NOT EXISTS "${prefix}/include/automagik/${included}")
                message(FATAL_ERROR "${header_name} includes \"${included}\", which is not installed")
            endif()
            if(included MATCHES "^automagik/" AND NOT EXISTS "${prefix}/include/${included}")
                message(FATAL_ERROR "${header_name} includes <${included}>, which is not installed")
            endif()
        endforeach()
    endforeach()
    list(LENGTH headers header_count)
    message(STATUS "installed headers: ${header_count}, none refers to src/")

    write_initial_cache("${WORK_DIR}/init.cmake" "${prefix};${PREFIX_PATH}")
    run("configure consumer with find_package(AutomagikTelemetry 1)"
        "${CMAKE_COMMAND}" -S "${TEST_DIR}/consumer" -B "${WORK_DIR}/consumer" -G "${GENERATOR}"
        -C "${WORK_DIR}/init.cmake" "-DEXPECTED_PREFIX=${prefix}")
    run("build consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer" --parallel ${config_args})
    # RPATH would do on Linux; the variables make the installed library win on any Unix.
    run_consumer("${WORK_DIR}/consumer" package-consumer
        "LD_LIBRARY_PATH=${libdir}:$ENV{LD_LIBRARY_PATH}" "DYLD_LIBRARY_PATH=${libdir}:$ENV{DYLD_LIBRARY_PATH}")

    # SameMajorVersion: asking for 2 must fail, and for that reason.
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${TEST_DIR}/consumer" -B "${WORK_DIR}/consumer-v2"
                            -G "${GENERATOR}" -C "${WORK_DIR}/init.cmake" -DAUTOMAGIK_REQUIRED_VERSION=2
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(rc EQUAL 0)
        message(FATAL_ERROR "find_package(AutomagikTelemetry 2) succeeded against version ${EXPECTED_VERSION}")
    endif()
    if(NOT out MATCHES "compatible with requested version")
        message(FATAL_ERROR "find_package(AutomagikTelemetry 2) failed, but not for its version:\n${out}")
    endif()
    message(STATUS "find_package(AutomagikTelemetry 2): refused, as it should be")

elseif(MODE STREQUAL "subdirectory")
    write_initial_cache("${WORK_DIR}/init.cmake" "${PREFIX_PATH}")
    run("configure consumer with add_subdirectory(${SOURCE_DIR})"
        "${CMAKE_COMMAND}" -S "${TEST_DIR}/subdirectory" -B "${WORK_DIR}/consumer" -G "${GENERATOR}"
        -C "${WORK_DIR}/init.cmake" "-DAUTOMAGIK_SOURCE_DIR=${SOURCE_DIR}")
    run("build consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer" --parallel ${config_args})
    # The library's own tests stay out of an embedding project.
    run("list the consumer's tests" "${CMAKE_CTEST_COMMAND}" --test-dir "${WORK_DIR}/consumer" -N ${ctest_config_args})
    if(NOT RUN_OUTPUT MATCHES "Total Tests: 0")
        message(FATAL_ERROR "add_subdirectory() brought tests into the consumer:\n${RUN_OUTPUT}")
    endif()
    run_consumer("${WORK_DIR}/consumer" subdirectory-consumer)
    check_exports("${WORK_DIR}/consumer/automagik/src/libautomagiktelemetry.so")

else()
    message(FATAL_ERROR "MODE must be package or subdirectory, not '${MODE}'")
endif()
