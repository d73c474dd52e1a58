// core/check.h: contract checks for programmer errors inside the engine (backward before
// forward, a shape that cannot happen). Bad *input* is validated at the boundary instead
// (spec/validate.h, the data readers) and reported with a message for the user.
#pragma once

#include <stdexcept>
#include <string>

namespace core {

// Thrown when a contract inside the engine is broken: a bug, never a user's mistake.
class ContractError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

[[noreturn]] void contractFailed(const char* condition, const char* file, int line,
                                 const std::string& detail = {});

}  // namespace core

// Always active: the checks guard cheap invariants at layer boundaries, not inner loops.
#define CORE_EXPECTS(cond)                                                       \
    do {                                                                         \
        if (!(cond)) ::core::contractFailed(#cond, __FILE__, __LINE__);          \
    } while (false)

#define CORE_EXPECTS_MSG(cond, msg)                                              \
    do {                                                                         \
        if (!(cond)) ::core::contractFailed(#cond, __FILE__, __LINE__, (msg));   \
    } while (false)
