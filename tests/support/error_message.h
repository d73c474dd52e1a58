// tests/support/error_message.h: the message of the error a call throws, for the tests that
// check it names the file and the problem: errorOf<core::SpecError>([&] { ... }), and
// dataErrorOf for the data readers' core::DataError. Empty when the call throws nothing of
// that type.
#pragma once

#include "core/data/dataset.h"

#include <QString>

#include <utility>

namespace testsupport {

template <class Error, class F>
QString errorOf(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

template <class F>
QString dataErrorOf(F&& f) {
    return errorOf<core::DataError>(std::forward<F>(f));
}

}  // namespace testsupport
