#include "core/export/torch_templates.h"

namespace core::torch_templates {

namespace {

// Each ends with the NUL the embedding adds, left out of the views below.
constexpr unsigned char kModel[] = {
#include "core/export/templates/model.py.inc"
};
constexpr unsigned char kTrain[] = {
#include "core/export/templates/train.py.inc"
};
constexpr unsigned char kReadme[] = {
#include "core/export/templates/README.md.inc"
};

template <std::size_t N>
std::string_view view(const unsigned char (&bytes)[N]) {
    return {reinterpret_cast<const char*>(bytes), N - 1};
}

}  // namespace

std::string_view model() { return view(kModel); }
std::string_view train() { return view(kTrain); }
std::string_view readme() { return view(kReadme); }

}  // namespace core::torch_templates
