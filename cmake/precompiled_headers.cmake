# Precompiled headers, one set per family of targets that share their compile flags.
#
# Most of a cold build is the compiler reading the same library headers again and again:
# <QtTest> takes 4-6 s of every test source, Eigen about 3 s of nearly every source. A family
# reads them once: its first target precompiles the list, the others reuse that header
# (REUSE_FROM, so they must share the first one's flags and definitions, as the test suites of
# one folder do). Loading a precompiled header costs about a third of reading its headers, so a
# list holds what most of its family's sources include; QCustomPlot (a quarter of the ui sources)
# and nlohmann-json (one core source in ten) are read where they are used.
#
# -DRESNETLAB_PCH=OFF builds without them, to check that every file includes what it uses.

set(RESNETLAB_PCH_STD <algorithm> <array> <cmath> <cstdint> <functional> <map> <memory>
  <optional> <set> <sstream> <stdexcept> <string> <string_view> <utility> <vector>)
set(RESNETLAB_PCH_core ${RESNETLAB_PCH_STD} <Eigen/Core>)
set(RESNETLAB_PCH_app ${RESNETLAB_PCH_core} <filesystem> <iostream>)
set(RESNETLAB_PCH_WIDGETS <QObject> <QString> <QWidget> <QPainter> <QTimer> <QLabel> <QVBoxLayout>
  <QHBoxLayout> <QPushButton>)
set(RESNETLAB_PCH_ui ${RESNETLAB_PCH_core} ${RESNETLAB_PCH_WIDGETS})
set(RESNETLAB_PCH_core_tests ${RESNETLAB_PCH_core} <QtTest>)
set(RESNETLAB_PCH_ui_tests ${RESNETLAB_PCH_core} <QtTest> ${RESNETLAB_PCH_WIDGETS})
set(RESNETLAB_PCH_cli_tests ${RESNETLAB_PCH_STD} <QtTest>)

# resnetlab_precompile(<target> <family>): <target> precompiles the family's headers if it is the
# family's first target, and reuses that precompiled header otherwise.
function(resnetlab_precompile target family)
  if(NOT RESNETLAB_PCH)
    return()
  endif()
  get_property(first GLOBAL PROPERTY RESNETLAB_PCH_FIRST_${family})
  if(first)
    target_precompile_headers(${target} REUSE_FROM ${first})
  else()
    target_precompile_headers(${target} PRIVATE ${RESNETLAB_PCH_${family}})
    set_property(GLOBAL PROPERTY RESNETLAB_PCH_FIRST_${family} ${target})
  endif()
endfunction()
