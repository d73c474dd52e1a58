#include "core/check.h"

namespace core {

void contractFailed(const char* condition, const char* file, int line, const std::string& detail) {
    std::string message = std::string(file) + ":" + std::to_string(line) +
                          ": contract violated: " + condition;
    if (!detail.empty())
        message += " (" + detail + ")";
    throw ContractError(message);
}

}  // namespace core
