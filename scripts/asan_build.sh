# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the one clang ASan + UBSan build both use,
# in ./build-asan: the test suite and, beside it, the libFuzzer targets (RESNETLAB_FUZZ=ON puts
# libFuzzer's coverage in the readers and parsers only, see CMakeLists.txt). One build instead of
# two: the separate fuzz build compiled the core library a second time (CI's fuzzing phase went
# from 227 s to about 65 s).
# -O1 with line tables: the sanitizers' usual setting (full stack traces with file and line),
# much cheaper to compile than -O2 -g. No benchmarks and no PyTorch suites: their time is in
# Python. clang, not GCC: the same -O1 -g1 ASan+UBSan build of the core took 286 s of CPU with
# clang 14 against 481 s with GCC 12, the ui library and four tests 379 s against 860 s.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
sanitizer_cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
  -DCMAKE_CXX_COMPILER=clang++ -DRESNETLAB_BUILD_BENCH=OFF -DRESNETLAB_BUILD_TORCH_TESTS=OFF)
asan_build=build-asan
configure_asan_build() {
  cmake -S . -B "$asan_build" "${sanitizer_cmake_args[@]}" -DRESNETLAB_SANITIZE=address,undefined \
    -DRESNETLAB_FUZZ=ON > /dev/null
}
