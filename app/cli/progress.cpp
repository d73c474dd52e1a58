#include "app/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace cli {

namespace {

// "42s", "3:05", "1:02:03"
std::string clock(double seconds) {
    const long s = long(seconds + 0.5);
    char text[32];
    if (s < 60)
        std::snprintf(text, sizeof text, "%lds", s);
    else if (s < 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return text;
}

}  // namespace

Progress::Progress(bool enabled)
    : m_enabled(enabled), m_terminal(isatty(STDERR_FILENO)), m_start(std::chrono::steady_clock::now()),
      m_lastDraw(m_start) {}

Progress::~Progress() { finish(); }

void Progress::update(double fraction, const std::string& label) {
    if (!m_enabled)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_terminal) {
        if (!m_drawn || now - m_lastDraw >= std::chrono::milliseconds(100) || fraction >= 1.0)
            draw(fraction, label);
    } else if (now - m_lastDraw >= kLineInterval) {
        line(fraction, label);
    }
}

void Progress::event(double fraction, const std::string& label) {
    if (!m_enabled)
        return;
    if (m_terminal)
        draw(fraction, label);
    else
        line(fraction, label);
}

void Progress::draw(double fraction, const std::string& label) {
    m_lastDraw = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(m_lastDraw - m_start).count();
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

void Progress::line(double fraction, const std::string& label) {
    m_lastDraw = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(m_lastDraw - m_start).count();
    std::string eta;
    if (fraction > 0.0 && fraction < 1.0)
        eta = ", about " + clock(elapsed * (1.0 - fraction) / fraction) + " left";
    std::fprintf(stderr, "[%3.0f%%, %s%s] %s\n", fraction * 100.0, clock(elapsed).c_str(), eta.c_str(), label.c_str());
    std::fflush(stderr);
}

void Progress::finish() {
    if (m_drawn)
        std::fprintf(stderr, "\n");
    m_drawn = false;
}

}  // namespace cli
