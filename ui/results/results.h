// ui/results/results.h: what the user has produced in this session, in one model that the
// views observe: the training runs (the network and its twin, with their per-epoch histories
// and trained weights), the depth sweep, the lesion study, the path-length analysis, the loss
// landscape and the shattered gradients. Jobs
// (ui/results/job_runner.h) write into it from the GUI thread; views read it and redraw on its
// signals, and own no result of their own. A run bundle (core/io/run_bundle.h) is this model
// on disk: toBundle() saves it, load() opens one.
//
// Adding a result kind: a member, a getter, a setter that emits one `<kind>Changed()` signal,
// and its line in load()/toBundle() once the bundle format holds it.
#pragma once

#include "core/experiments/ablation.h"
#include "core/io/run_bundle.h"

#include <QObject>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ui {

class Results : public QObject {
    Q_OBJECT
public:
    explicit Results(QObject* parent = nullptr);

    // --- Training runs: run 0 is the document's network, run 1 its twin (or a bundle's runs).
    const std::vector<core::BundleRun>& runs() const { return m_runs.runs; }
    // The data set and training settings the runs were trained with (a bundle's, when opened).
    const std::string& runData() const { return m_runs.data; }
    const core::DataOptions& runDataOptions() const { return m_runs.dataOptions; }
    const core::TrainConfig& runTraining() const { return m_runs.training; }
    // A new training session: the old runs are removed, these are added (histories empty).
    void startRuns(std::vector<core::BundleRun> runs, const std::string& data, const core::DataOptions& dataOptions,
                   const core::TrainConfig& training);
    // Epochs completed by run `run`, and the steps done so far.
    void addEpochs(int run, const std::vector<core::EpochReport>& epochs, long long steps);
    // How run `run` ended (its history is kept), and its trained weights when it has any.
    void finishRun(int run, const core::TrainResult& outcome, std::optional<std::string> weights);

    // --- The depth sweep: its config and the runs finished so far (in the order they ended).
    const std::optional<core::BundleSweep>& sweep() const { return m_sweep; }
    // The epochs of every run of the current sweep as they came in, by run index in the
    // config's order (families x depths x seeds); runs still training are drawn from these.
    const std::map<int, std::vector<core::EpochReport>>& sweepEpochs() const { return m_sweepEpochs; }
    void startSweep(const core::SweepConfig& config);
    void addSweepEpochs(const std::vector<std::pair<int, core::EpochReport>>& epochs);
    void addSweepRun(const core::SweepRun& run);

    // --- The lesion study: one result per network (plain, residual), and the chance error of
    // the data set (-1 when unknown) for the figure.
    const std::vector<core::LesionResult>& lesion() const { return m_lesion; }
    double lesionChanceError() const { return m_lesionChance; }
    void setLesion(std::vector<core::LesionResult> results, double chanceError = -1);

    // --- The path-length analysis of a trained network (measured = true).
    const std::optional<core::PathLengthResult>& paths() const { return m_paths; }
    void setPaths(const core::PathLengthResult& result);

    // --- The loss landscape of the twins (Li et al. 2018), possibly partial (complete = false).
    const std::optional<core::LandscapeStudy>& landscape() const { return m_landscape; }
    void setLandscape(std::optional<core::LandscapeStudy> study);

    // --- Shattered gradients (Balduzzi et al. 2017) at the depths last measured.
    const std::optional<core::ShatterResult>& shatter() const { return m_shatter; }
    void setShatter(std::optional<core::ShatterResult> result);
    // --- The block-design ablation (He et al. 2016): its config, the runs finished so far (in
    // the order they ended) and the chance error of its data (-1 until known). Not part of run
    // bundles yet: opening a bundle clears it.
    struct Ablation {
        core::AblationConfig config;
        std::vector<core::AblationRun> runs;
        double chanceError = -1;
    };
    const std::optional<Ablation>& ablation() const { return m_ablation; }
    void startAblation(const core::AblationConfig& config);
    void setAblationChanceError(double chanceError);
    void addAblationRun(const core::AblationRun& run);

    // --- Run bundles.
    // Replaces every result by the bundle's (its title becomes title()).
    void load(const core::RunBundle& bundle);
    // `header` (name, spec, data and training settings) with every result of the model.
    core::RunBundle toBundle(core::RunBundle header) const;
    // The bundle's title after load() (a new training session clears it).
    const QString& title() const { return m_title; }

signals:
    void runAdded(int run);
    void runChanged(int run);
    void runRemoved(int run);
    void sweepChanged();
    void lesionChanged();
    void pathsChanged();
    void landscapeChanged();
    void shatterChanged();
    void ablationChanged();
    // A bundle replaced everything (the signals of each kind came first).
    void loaded();

private:
    void clearRuns();

    core::RunBundle m_runs;   // runs, their settings, and a bundle's probe snapshots
    std::optional<core::BundleSweep> m_sweep;
    std::map<int, std::vector<core::EpochReport>> m_sweepEpochs;
    std::vector<core::LesionResult> m_lesion;
    double m_lesionChance = -1;
    std::optional<core::PathLengthResult> m_paths;
    std::optional<core::LandscapeStudy> m_landscape;
    std::optional<core::ShatterResult> m_shatter;
    std::optional<Ablation> m_ablation;
    QString m_title;
};

}  // namespace ui
