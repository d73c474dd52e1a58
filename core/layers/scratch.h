// core/layers/scratch.h: the working memory layers (conv2d.cpp, winograd.cpp, dense.cpp's W^T)
// reuse from pass to pass instead of allocating it per call: one object of each kind per
// thread, shared by every layer of that kind, since a thread runs one layer's pass at a time.
#pragma once

#include <cstddef>
#include <vector>

namespace core {

// This thread's instance of `Scratch`.
template <class Scratch>
Scratch& threadScratch() {
    static thread_local Scratch scratch;
    return scratch;
}

// The buffer grown (never shrunk) to at least `size` floats.
inline float* atLeast(std::vector<float>& v, std::size_t size) {
    if (v.size() < size)
        v.resize(size);
    return v.data();
}

}  // namespace core
