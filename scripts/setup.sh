#!/usr/bin/env bash
# Installs the Debian 12 packages ResNet Lab needs (only those missing), then configures and
# builds it in ./build (Release, -O3; -march=native unless RESNETLAB_NATIVE=OFF is passed).
# Usage: scripts/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ ccache pkg-config bc
  clang libclang-rt-14-dev libomp-dev   # the sanitizer and fuzz builds (clang's OpenMP runtime)
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
  libqcustomplot-dev libeigen3-dev nlohmann-json3-dev zlib1g-dev
  xvfb xauth fonts-dejavu-core
  python3-torch python3-numpy libopenblas0-pthread
  python3-pyflakes   # tests/torch lints every exported program: undefined names, unused imports
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
# ccache keys on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build -j "$jobs"
