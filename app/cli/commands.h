// app/cli/commands.h: the sub-commands of resnetlab-cli. Each returns the process exit code
// (cli::ExitCode) and writes its messages to stderr, its results to stdout or --out.
#pragma once

#include <string>
#include <vector>

namespace cli {

int runInfo(const std::vector<std::string>& args);
int runPreset(const std::vector<std::string>& args);
int runSweep(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runExportTorch(const std::vector<std::string>& args);
int runPredict(const std::vector<std::string>& args);
int runLesion(const std::vector<std::string>& args);
int runPaths(const std::vector<std::string>& args);
int runLessons(const std::vector<std::string>& args);
int runLandscape(const std::vector<std::string>& args);
int runShatter(const std::vector<std::string>& args);
int runAblate(const std::vector<std::string>& args);

}  // namespace cli
