#include "core/tensor.h"

namespace core {

std::string Shape::str() const {
    if (!spatial)
        return std::to_string(channels);
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

}  // namespace core
