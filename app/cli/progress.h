// app/cli/progress.h: a one-line progress bar with ETA on stderr, drawn only on a terminal
// and only when not --quiet.
#pragma once

#include <chrono>
#include <string>

namespace cli {

class Progress {
public:
    explicit Progress(bool enabled);
    ~Progress();
    // fraction in [0, 1]; the label describes the current item.
    void update(double fraction, const std::string& label);
    void finish();

private:
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace cli
