// ui/training/training_panel.h: the training form. The data set and its parameters (with a
// preview), the optimizer, learning rate and schedule, batch size, epochs, seed, the
// initialisation and batch-norm switches, the "train the twin alongside" switch, and the six
// buttons: Start, Pause, Resume, Step, Stop, Reset. It only describes a run (request()) and
// says which button was pressed; the workspace does the rest.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_request.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QGroupBox;
class QPushButton;
class QSpinBox;
class QTimer;

namespace ui {

class DataPreview;
class JobRunner;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    // `jobs` loads the data preview.
    explicit TrainingPanel(JobRunner& jobs, QWidget* parent = nullptr);

    // A session for this network with the form's settings.
    TrainingRequest request(const core::NetworkSpec& spec) const;

    // Buttons follow the controller's state; Start also needs a valid network.
    void setState(TrainingController::State state);
    // The network the panel trains: names the twin, checks the data fits, and picks a data
    // set that fits when the current one does not.
    void setNetwork(const core::NetworkSpec& spec, bool valid, const QString& problem = {});
    void setStatus(const QString& text);
    QString status() const;
    // The speed control: steps per second per run, 0 = full speed (the default). Setting a
    // rate picks the nearest listed speed.
    static constexpr double kSpeeds[] = {50, 20, 10, 5, 2, 1};
    double stepsPerSecond() const;
    void setStepsPerSecond(double rate);
    // Shows or hides the Data and Training settings; the buttons and the status stay. A class
    // watching a projector needs the run, not the form (presentation mode hides it).
    void setSettingsVisible(bool visible);
    bool settingsVisible() const;

    // The form, for the command line, tests and lessons.
    QString dataSet() const;
    void setDataSet(const QString& name);
    void setDataSize(int size);
    void setEpochs(int epochs);
    void setBatchSize(int batch);
    void setLearningRate(double lr);
    void setSeed(int seed);
    void setTwin(bool on);
    bool twin() const;
    // The whole form at once (lessons, bundles): data set, its options and the training config.
    // The inverse of request(): request(spec).data/config give these values back.
    void setSettings(const QString& dataName, const core::DataOptions& data, const core::TrainConfig& config);
    DataPreview* preview() const { return m_preview; }
    QPushButton* button(const QString& name) const;   // "start", "pause", ...

    // "" when the data set can feed the network, otherwise why not.
    static QString dataMismatch(const core::NetworkSpec& spec, const QString& dataName);
    // A built-in data set that fits the network's input, or "".
    static QString suggestedData(const core::NetworkSpec& spec);

signals:
    void startRequested();
    void pauseRequested();
    void resumeRequested();
    void stepRequested();
    void stopRequested();
    void resetRequested();
    void speedChanged(double stepsPerSecond);

private:
    void updateDataRows();
    void schedulePreview();
    void updateEnabled();
    core::DataOptions dataOptions() const;
    QString effectiveDataName() const;

    QGroupBox* m_dataBox;
    QGroupBox* m_trainBox;
    // Data
    QComboBox* m_data;
    QLineEdit* m_dataPath;
    QSpinBox* m_size;
    QDoubleSpinBox* m_testFraction;
    QDoubleSpinBox* m_noise;
    QSpinBox* m_classes;
    QDoubleSpinBox* m_turns;
    QSpinBox* m_cells;
    QSpinBox* m_dataSeed;
    QSpinBox* m_maxTrain;
    QSpinBox* m_maxTest;
    DataPreview* m_preview;
    QLabel* m_previewText;
    QFormLayout* m_dataForm;
    QTimer* m_previewTimer;
    // Training
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_lr;
    QComboBox* m_schedule;
    QSpinBox* m_warmup;
    QDoubleSpinBox* m_momentum;
    QCheckBox* m_nesterov;
    QDoubleSpinBox* m_weightDecay;
    QSpinBox* m_batch;
    QSpinBox* m_epochs;
    QSpinBox* m_seed;
    QComboBox* m_init;
    QCheckBox* m_zeroGamma;
    QComboBox* m_batchNorm;
    QCheckBox* m_twin;
    QComboBox* m_speed;
    // Buttons and state
    QPushButton *m_start, *m_pause, *m_resume, *m_step, *m_stop, *m_reset;
    QLabel* m_networkNote;
    QLabel* m_status;
    TrainingController::State m_state = TrainingController::State::Idle;
    bool m_valid = true;
};

}  // namespace ui
