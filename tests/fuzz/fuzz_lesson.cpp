// Fuzz target: the lesson file reader (lessons are data files a teacher may write by hand).
#include "core/lessons/lesson.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        core::parseLesson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const core::SpecError&) {   // LessonError is a SpecError
    }
    return 0;
}
