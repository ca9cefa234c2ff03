# SPDX-License-Identifier: MIT
#
# Fails when the core library exports anything beyond its public API (run with cmake -P):
#   cmake -DNM=nm -DLIBRARY=libautomagiktelemetry.so -DSOURCE_DIR=<source tree> -P check-exports.cmake
#
# The lists come from the sources, so new classes are covered without editing this file:
#   public    classes, structs and functions marked AUTOMAGIK_TELEMETRY_EXPORT in include/automagik/*.h,
#             plus the Q_NAMESPACE meta-object and nested namespaces of those headers
#   internal  classes and structs declared in namespace Automagik in any header under src/ (minus the
#             public ones)
# A defined dynamic symbol (nm -DC --defined-only) fails the check when it
#   - names Automagik::Internal or an anonymous namespace anywhere (also as a template argument),
#   - names Automagik::<internal class> anywhere, or
#   - is in namespace Automagik but under a name that is not public.
# Other symbols (weak std:: template instances that GCC exports by default) are counted, not failed.
cmake_minimum_required(VERSION 3.21)

foreach(var NM LIBRARY SOURCE_DIR)
    if("${${var}}" STREQUAL "")
        message(FATAL_ERROR "check-exports.cmake needs -D${var}=...")
    endif()
endforeach()
if(NOT EXISTS "${LIBRARY}")
    message(FATAL_ERROR "no library at ${LIBRARY}")
endif()

set(identifier "[A-Za-z_][A-Za-z0-9_]*")

# --- public names
set(public_names)
file(GLOB public_headers "${SOURCE_DIR}/include/automagik/*.h")
foreach(header IN LISTS public_headers)
    file(STRINGS "${header}" lines REGEX "AUTOMAGIK_TELEMETRY_EXPORT|Q_NAMESPACE|^[ \t]*namespace[ \t]")
    foreach(line IN LISTS lines)
        if(line MATCHES "^[ \t]*(class|struct)[ \t]+AUTOMAGIK_TELEMETRY_EXPORT[ \t]+(${identifier})")
            list(APPEND public_names "${CMAKE_MATCH_2}")
        elseif(line MATCHES "Q_NAMESPACE")
            list(APPEND public_names staticMetaObject)
        elseif(line MATCHES "^[ \t]*namespace[ \t]+(${identifier})" AND NOT CMAKE_MATCH_1 STREQUAL "Automagik")
            list(APPEND public_names "${CMAKE_MATCH_1}")
        elseif(line MATCHES "AUTOMAGIK_TELEMETRY_EXPORT([^(]*)\\(")
            # An exported function: the last name before its parameter list.
            if(CMAKE_MATCH_1 MATCHES "(operator[^ \t]+|${identifier})[ \t]*$")
                list(APPEND public_names "${CMAKE_MATCH_1}")
            endif()
        endif()
    endforeach()
endforeach()
list(REMOVE_DUPLICATES public_names)
if(NOT "Telemetry" IN_LIST public_names)
    message(FATAL_ERROR "could not read the public API from ${SOURCE_DIR}/include/automagik: ${public_names}")
endif()

# --- internal names
set(internal_names)
file(GLOB_RECURSE internal_headers "${SOURCE_DIR}/src/*.h")
foreach(header IN LISTS internal_headers)
    # Only after "namespace Automagik": the forward declarations of Qt classes come before it.
    file(STRINGS "${header}" lines REGEX "^[ \t]*(class|struct|namespace)[ \t]")
    set(in_namespace FALSE)
    foreach(line IN LISTS lines)
        if(line MATCHES "^[ \t]*namespace[ \t]+Automagik")
            set(in_namespace TRUE)
        elseif(in_namespace AND line MATCHES "^[ \t]*(class|struct)[ \t]+(AUTOMAGIK_[A-Z_]+[ \t]+)?(${identifier})")
            list(APPEND internal_names "${CMAKE_MATCH_3}")
        endif()
    endforeach()
endforeach()
list(REMOVE_DUPLICATES internal_names)
list(REMOVE_ITEM internal_names ${public_names})
foreach(required Worker Spool HttpSender RetryPolicy OtlpJsonEncoder ClickHouseEncoder JsonWriter)
    if(NOT required IN_LIST internal_names)
        message(FATAL_ERROR "could not read the internal classes from ${SOURCE_DIR}/src (no ${required}): "
                            "${internal_names}")
    endif()
endforeach()
list(JOIN internal_names "|" internal_alternatives)
list(LENGTH public_names public_name_count)
list(LENGTH internal_names internal_name_count)
message(STATUS "public API: ${public_name_count} names (${public_names})")
message(STATUS "internal: ${internal_name_count} classes (${internal_names})")

# --- the exported symbols
execute_process(COMMAND "${NM}" -D -C --defined-only "${LIBRARY}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE nm_output ERROR_VARIABLE nm_error)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} -DC --defined-only ${LIBRARY} failed (${rc}): ${nm_error}")
endif()
# Demangled names hold ';' and brackets that would break a CMake list: split by hand on newlines.
string(REPLACE ";" "<semicolon>" nm_output "${nm_output}")
string(REPLACE "[" "<lbracket>" nm_output "${nm_output}")
string(REPLACE "]" "<rbracket>" nm_output "${nm_output}")
string(REPLACE "\n" ";" symbols "${nm_output}")

set(total 0)
set(public_count 0)
set(other_count 0)
set(offenders "")
set(offender_count 0)
foreach(line IN LISTS symbols)
    if(NOT line MATCHES "^[0-9A-Fa-f]+ [A-Za-z] (.+)$")
        continue()
    endif()
    set(symbol "${CMAKE_MATCH_1}")
    math(EXPR total "${total} + 1")
    # "typeinfo for X", "non-virtual thunk to X", ...: judge X.
    set(name "${symbol}")
    while(name MATCHES "^(vtable|VTT|construction vtable|typeinfo|typeinfo name|guard variable|virtual thunk|non-virtual thunk|covariant return thunk|TLS init function|TLS wrapper function) (for|to) (.*)$")
        set(name "${CMAKE_MATCH_3}")
    endwhile()

    set(reason "")
    if(name MATCHES "Automagik::Internal::|\\(anonymous namespace\\)")
        set(reason "internal namespace")
    elseif(internal_alternatives AND name MATCHES "Automagik::(${internal_alternatives})([^A-Za-z0-9_]|$)")
        set(reason "internal class ${CMAKE_MATCH_1}")
    elseif(name MATCHES "^Automagik::(operator[^(]+|${identifier})")
        if(CMAKE_MATCH_1 IN_LIST public_names)
            math(EXPR public_count "${public_count} + 1")
        else()
            set(reason "${CMAKE_MATCH_1} is not exported by include/automagik")
        endif()
    else()
        math(EXPR other_count "${other_count} + 1")
    endif()
    if(reason)
        math(EXPR offender_count "${offender_count} + 1")
        string(APPEND offenders "  ${symbol}    [${reason}]\n")
    endif()
endforeach()

string(REPLACE "<semicolon>" ";" offenders "${offenders}")
string(REPLACE "<lbracket>" "[" offenders "${offenders}")
string(REPLACE "<rbracket>" "]" offenders "${offenders}")

if(public_count EQUAL 0)
    message(FATAL_ERROR "${LIBRARY} exports none of the public API: is it the core library?")
endif()
message(STATUS "${LIBRARY}: ${total} exported symbols: ${public_count} public API, "
               "${other_count} outside namespace Automagik (template instances), ${offender_count} internal")
if(offender_count GREATER 0)
    message(FATAL_ERROR "${LIBRARY} exports ${offender_count} internal symbols:\n${offenders}")
endif()
