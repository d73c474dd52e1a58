#include "ui/results/results.h"

namespace ui {

Results::Results(QObject* parent) : QObject(parent) {}

void Results::clearRuns() {
    while (!m_runs.runs.empty()) {
        m_runs.runs.pop_back();
        emit runRemoved(int(m_runs.runs.size()));
    }
    m_runs.probes.clear();
}

void Results::startRuns(std::vector<core::BundleRun> runs, const std::string& data,
                        const core::DataOptions& dataOptions, const core::TrainConfig& training) {
    clearRuns();
    m_title.clear();
    m_runs.data = data;
    m_runs.dataOptions = dataOptions;
    m_runs.training = training;
    for (core::BundleRun& run : runs) {
        m_runs.runs.push_back(std::move(run));
        emit runAdded(int(m_runs.runs.size()) - 1);
    }
}

void Results::addEpochs(int run, const std::vector<core::EpochReport>& epochs, long long steps) {
    if (run < 0 || std::size_t(run) >= m_runs.runs.size())
        return;
    core::TrainResult& r = m_runs.runs[std::size_t(run)].result;
    r.history.insert(r.history.end(), epochs.begin(), epochs.end());
    r.steps = steps;
    emit runChanged(run);
}

void Results::finishRun(int run, const core::TrainResult& outcome, std::optional<std::string> weights) {
    if (run < 0 || std::size_t(run) >= m_runs.runs.size())
        return;
    core::BundleRun& r = m_runs.runs[std::size_t(run)];
    r.result.status = outcome.status;
    r.result.message = outcome.message;
    r.result.steps = outcome.steps;
    r.result.divergedAtStep = outcome.divergedAtStep;
    r.result.seconds = outcome.seconds;
    if (weights)
        r.weights = std::move(weights);
    emit runChanged(run);
}

void Results::startSweep(const core::SweepConfig& config) {
    m_sweep = core::BundleSweep{config, {}};
    m_sweepEpochs.clear();
    emit sweepChanged();
}

void Results::addSweepEpochs(const std::vector<std::pair<int, core::EpochReport>>& epochs) {
    for (const auto& [index, report] : epochs)
        m_sweepEpochs[index].push_back(report);
    emit sweepChanged();
}

void Results::addSweepRun(const core::SweepRun& run) {
    if (!m_sweep)
        return;
    m_sweep->runs.push_back(run);
    emit sweepChanged();
}

void Results::setLesion(std::vector<core::LesionResult> results, double chanceError) {
    m_lesion = std::move(results);
    m_lesionChance = chanceError;
    emit lesionChanged();
}

void Results::setPaths(const core::PathLengthResult& result) {
    m_paths = result;
    emit pathsChanged();
}

void Results::setLandscape(std::optional<core::LandscapeStudy> study) {
    m_landscape = std::move(study);
    emit landscapeChanged();
}

void Results::setShatter(std::optional<core::ShatterResult> result) {
    m_shatter = std::move(result);
    emit shatterChanged();
}

void Results::load(const core::RunBundle& bundle) {
    clearRuns();
    m_runs.data = bundle.data;
    m_runs.dataOptions = bundle.dataOptions;
    m_runs.training = bundle.training;
    m_runs.probes = bundle.probes;
    for (const core::BundleRun& run : bundle.runs) {
        m_runs.runs.push_back(run);
        emit runAdded(int(m_runs.runs.size()) - 1);
    }
    m_sweep = bundle.sweep;
    m_sweepEpochs.clear();
    emit sweepChanged();
    setLesion(bundle.lesion);
    m_paths = bundle.paths;
    emit pathsChanged();
    setLandscape(bundle.landscape);
    setShatter(bundle.shatter);
    m_ablation.reset();
    emit ablationChanged();
    m_title = QString::fromStdString(bundle.name.empty() ? bundle.spec.name : bundle.name);
    emit loaded();
}

void Results::startAblation(const core::AblationConfig& config) {
    m_ablation = Ablation{config, {}, -1};
    emit ablationChanged();
}

void Results::setAblationChanceError(double chanceError) {
    if (!m_ablation)
        return;
    m_ablation->chanceError = chanceError;
    emit ablationChanged();
}

void Results::addAblationRun(const core::AblationRun& run) {
    if (!m_ablation)
        return;
    m_ablation->runs.push_back(run);
    emit ablationChanged();
}

core::RunBundle Results::toBundle(core::RunBundle header) const {
    header.runs = m_runs.runs;
    header.probes = m_runs.probes;
    header.sweep = m_sweep && !m_sweep->runs.empty() ? m_sweep : std::nullopt;
    header.lesion = m_lesion;
    header.paths = m_paths && m_paths->measured ? m_paths : std::nullopt;
    header.landscape = m_landscape;
    header.shatter = m_shatter;
    return header;
}

}  // namespace ui
