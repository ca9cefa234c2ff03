# SPDX-License-Identifier: MIT
#
# The library's folders follow the data flow; each may include only itself and the folders after it
# in LAYERS, never one before it, so that the tree reads one way (docs/architecture.md).
#
#   cmake -DSOURCE_DIR=<project>/src -P check-layering.cmake

set(LAYERS client worker privacy delivery spool encoding platform common)

if(NOT SOURCE_DIR)
    message(FATAL_ERROR "SOURCE_DIR is not set")
endif()

set(_violations "")
list(LENGTH LAYERS _count)
math(EXPR _last "${_count} - 1")
foreach(_index RANGE ${_last})
    list(GET LAYERS ${_index} _layer)
    if(NOT IS_DIRECTORY "${SOURCE_DIR}/${_layer}")
        message(FATAL_ERROR "no folder ${SOURCE_DIR}/${_layer}: update LAYERS with the tree")
    endif()
    file(GLOB _files "${SOURCE_DIR}/${_layer}/*.h" "${SOURCE_DIR}/${_layer}/*.cpp")
    foreach(_file IN LISTS _files)
        file(STRINGS "${_file}" _includes REGEX "^#include \"[a-z]+/")
        foreach(_line IN LISTS _includes)
            string(REGEX REPLACE "^#include \"([a-z]+)/.*" "\\1" _target "${_line}")
            list(FIND LAYERS "${_target}" _target_index)
            if(_target_index LESS 0)
                list(APPEND _violations "${_file}: includes ${_target}/, a folder outside the library's layers")
            elseif(_target_index LESS _index)
                list(APPEND _violations "${_file}: ${_layer}/ includes ${_target}/, which comes before it")
            endif()
        endforeach()
        # A bare "file.h" must name a header of the same folder.
        file(STRINGS "${_file}" _bare REGEX "^#include \"[a-z_]+\\.h\"")
        foreach(_line IN LISTS _bare)
            string(REGEX REPLACE "^#include \"([a-z_]+\\.h)\".*" "\\1" _header "${_line}")
            if(NOT _header MATCHES "^moc_" AND NOT EXISTS "${SOURCE_DIR}/${_layer}/${_header}")
                list(APPEND _violations "${_file}: includes \"${_header}\", which is not in ${_layer}/")
            endif()
        endforeach()
    endforeach()
endforeach()

if(_violations)
    list(JOIN _violations "\n  " _text)
    message(FATAL_ERROR "includes pointing back up the data flow:\n  ${_text}")
endif()
message(STATUS "layering: ${_count} folders, every include points down (${LAYERS})")
