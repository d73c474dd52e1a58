# tests/install_layout.cmake: `cmake --install` into a fresh prefix gives a self-contained app:
# both programs in bin, the lessons in share/resnetlab/lessons, the desktop entry and icon; and
# the installed resnetlab-cli reads its lessons from the prefix, not from the source tree.
# Usage: cmake -DBUILD_DIR=... -DPREFIX=... -P install_layout.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}${err}")
endif()

foreach(file bin/resnetlab bin/resnetlab-cli share/applications/resnetlab.desktop
             share/icons/hicolor/scalable/apps/resnetlab.svg)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
file(GLOB installed_lessons "${PREFIX}/share/resnetlab/lessons/*.json")
file(GLOB source_lessons "${CMAKE_CURRENT_LIST_DIR}/../resources/lessons/*.json")
list(LENGTH installed_lessons n_installed)
list(LENGTH source_lessons n_source)
if(NOT n_installed EQUAL n_source OR n_source EQUAL 0)
  message(FATAL_ERROR "${n_installed} lesson files installed, ${n_source} in the source tree")
endif()

unset(ENV{RESNETLAB_LESSONS_DIR})
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND "${PREFIX}/bin/resnetlab-cli" lessons
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed resnetlab-cli lessons exited with ${rc}:\n${out}${err}")
endif()
string(FIND "${out}" "${n_source} lesson(s) in ${PREFIX}/share/resnetlab/lessons" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the installed program does not read the installed lessons:\n${out}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
