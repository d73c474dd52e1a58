// app/cli/progress.h: progress on stderr, unless --quiet. On a terminal, a one-line bar with
// ETA redrawn in place; otherwise (a log file, a pipe, a job in the background) plain lines
// that a log can keep: one per event the command reports (a run finished) and, between
// events, one every kLineInterval, never a flood.
#pragma once

#include <chrono>
#include <string>

namespace cli {

class Progress {
public:
    static constexpr std::chrono::seconds kLineInterval{30};

    explicit Progress(bool enabled);
    ~Progress();
    // fraction in [0, 1]; the label describes the current item. Off a terminal, prints a line
    // only when none was printed for kLineInterval.
    void update(double fraction, const std::string& label);
    // Something worth a line of its own (a run of a sweep finished); off a terminal, always
    // printed.
    void event(double fraction, const std::string& label);
    void finish();

private:
    void draw(double fraction, const std::string& label);
    void line(double fraction, const std::string& label);

    bool m_enabled;
    bool m_terminal;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace cli
