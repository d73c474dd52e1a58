#include "app/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace cli {

Progress::Progress(bool enabled)
    : m_enabled(enabled && isatty(STDERR_FILENO)), m_start(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(double fraction, const std::string& label) {
    if (!m_enabled)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(100) && fraction < 1.0)
        return;
    m_lastDraw = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    constexpr int kWidth = 30;
    const int filled = int(fraction * kWidth + 0.5);
    std::string bar(std::size_t(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] %3.0f%%  %s  elapsed %.0fs, ETA %.0fs   ", bar.c_str(), fraction * 100.0,
                 label.c_str(), elapsed, eta);
    std::fflush(stderr);
    m_drawn = true;
}

void Progress::finish() {
    if (m_drawn)
        std::fprintf(stderr, "\n");
    m_drawn = false;
}

}  // namespace cli
