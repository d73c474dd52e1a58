#include "ui/training/training_panel.h"

#include "core/data/dataset_registry.h"
#include "core/data/synthetic_2d.h"
#include "core/spec/spec_analysis.h"
#include "ui/training/data_preview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// Data-set entries: the name loadDataset understands, or a file prefix completed by the path.
const QString kIdx = QStringLiteral("idx:");
const QString kCifar = QStringLiteral("cifar10:");
const QString kCsv = QStringLiteral("csv:");

bool is2d(const QString& name) {
    for (const std::string& k : core::synthetic2dKinds())
        if (name == QString::fromStdString(k))
            return true;
    return false;
}

bool isGenerated(const QString& name) { return is2d(name) || name == QLatin1String("shapes"); }

QDoubleSpinBox* doubleSpin(QWidget* parent, double lo, double hi, double step, int decimals, double value) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setValue(value);
    return s;
}

QSpinBox* intSpin(QWidget* parent, int lo, int hi, int value, const QString& special = {}) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    if (!special.isEmpty())
        s->setSpecialValueText(special);
    return s;
}

}  // namespace

TrainingPanel::TrainingPanel(JobRunner& jobs, QWidget* parent) : QWidget(parent) {
    const core::DataOptions dataDefaults;
    const core::TrainConfig trainDefaults;

    // Data
    m_data = new QComboBox(this);
    for (const std::string& k : core::synthetic2dKinds())
        m_data->addItem(QString::fromStdString(k), QString::fromStdString(k));
    m_data->addItem(tr("shapes (16x16 images)"), QStringLiteral("shapes"));
    m_data->addItem(tr("fashion-mnist (28x28 images)"), QStringLiteral("fashion-mnist"));
    m_data->addItem(tr("IDX files (images,labels)..."), kIdx);
    m_data->addItem(tr("CIFAR-10 folder..."), kCifar);
    m_data->addItem(tr("CSV file..."), kCsv);
    m_dataPath = new QLineEdit(this);
    m_dataPath->setPlaceholderText(tr("path (IDX: images,labels)"));
    m_size = intSpin(this, 4, 10'000'000, dataDefaults.size);
    m_size->setSingleStep(100);
    m_testFraction = doubleSpin(this, 0.0, 0.9, 0.05, 2, dataDefaults.testFraction);
    m_noise = doubleSpin(this, 0.0, 10.0, 0.05, 2, dataDefaults.noise);
    m_classes = intSpin(this, 0, 64, 0, tr("default"));
    m_turns = doubleSpin(this, 0.0, 20.0, 0.25, 2, dataDefaults.turns);
    m_cells = intSpin(this, 2, 64, dataDefaults.cells);
    m_dataSeed = intSpin(this, 0, 1 << 30, 0);
    m_maxTrain = intSpin(this, 0, 10'000'000, 0, tr("all"));
    m_maxTest = intSpin(this, 0, 10'000'000, 0, tr("all"));
    m_preview = new DataPreview(jobs, this);
    m_previewText = new QLabel(this);
    m_previewText->setWordWrap(true);
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);

    auto* dataBox = m_dataBox = new QGroupBox(tr("Data"), this);
    m_dataForm = new QFormLayout;
    m_dataForm->addRow(tr("Set"), m_data);
    m_dataForm->addRow(tr("File"), m_dataPath);
    m_dataForm->addRow(tr("Samples"), m_size);
    m_dataForm->addRow(tr("Test fraction"), m_testFraction);
    m_dataForm->addRow(tr("Noise"), m_noise);
    m_dataForm->addRow(tr("Classes"), m_classes);
    m_dataForm->addRow(tr("Spiral turns"), m_turns);
    m_dataForm->addRow(tr("Cells per side"), m_cells);
    m_dataForm->addRow(tr("Data seed"), m_dataSeed);
    m_dataForm->addRow(tr("Max training"), m_maxTrain);
    m_dataForm->addRow(tr("Max test"), m_maxTest);
    auto* dataLayout = new QVBoxLayout(dataBox);
    dataLayout->addLayout(m_dataForm);
    dataLayout->addWidget(m_preview);
    dataLayout->addWidget(m_previewText);

    // Training
    m_optimizer = new QComboBox(this);
    m_optimizer->addItem(tr("SGD with momentum"));
    m_optimizer->addItem(tr("Adam"));
    m_lr = doubleSpin(this, 0.00001, 100.0, 0.01, 5, trainDefaults.learningRate);
    m_lr->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_schedule = new QComboBox(this);
    m_schedule->addItem(tr("constant"));
    m_schedule->addItem(tr("step (x0.1 every 10 epochs)"));
    m_schedule->addItem(tr("cosine"));
    m_schedule->setCurrentIndex(2);
    m_warmup = intSpin(this, 0, 1000, 0, tr("none"));
    m_momentum = doubleSpin(this, 0.0, 0.999, 0.05, 3, trainDefaults.sgd.momentum);
    m_nesterov = new QCheckBox(tr("Nesterov"), this);
    m_weightDecay = doubleSpin(this, 0.0, 1.0, 0.0001, 5, 0.0);
    m_batch = intSpin(this, 2, 65536, trainDefaults.batchSize);
    m_epochs = intSpin(this, 1, 100000, trainDefaults.epochs);
    m_seed = intSpin(this, 0, 1 << 30, 0);
    m_init = new QComboBox(this);
    m_init->addItem(tr("He (Kaiming normal)"));
    m_init->addItem(tr("Xavier (Glorot normal)"));
    m_zeroGamma = new QCheckBox(tr("residual blocks start as the identity (last BN γ = 0)"), this);
    m_batchNorm = new QComboBox(this);
    m_batchNorm->addItem(tr("as built"));
    m_batchNorm->addItem(tr("on in every block"));
    m_batchNorm->addItem(tr("off everywhere"));
    m_twin = new QCheckBox(tr("Train the plain twin alongside"), this);
    m_twin->setToolTip(tr("Trains the same network with every skip removed (or added, for a plain network), same "
                          "seed, same initial weights and batch order, in parallel; both curves share the plots."));

    auto* trainBox = m_trainBox = new QGroupBox(tr("Training"), this);
    auto* trainForm = new QFormLayout(trainBox);
    trainForm->addRow(tr("Optimizer"), m_optimizer);
    trainForm->addRow(tr("Learning rate"), m_lr);
    trainForm->addRow(tr("Schedule"), m_schedule);
    trainForm->addRow(tr("Warm-up epochs"), m_warmup);
    trainForm->addRow(tr("Momentum"), m_momentum);
    trainForm->addRow(QString(), m_nesterov);
    trainForm->addRow(tr("Weight decay"), m_weightDecay);
    trainForm->addRow(tr("Batch size"), m_batch);
    trainForm->addRow(tr("Epochs"), m_epochs);
    trainForm->addRow(tr("Seed"), m_seed);
    trainForm->addRow(tr("Initialisation"), m_init);
    trainForm->addRow(QString(), m_zeroGamma);
    trainForm->addRow(tr("Batch norm"), m_batchNorm);
    trainForm->addRow(m_twin);

    // Buttons
    m_start = new QPushButton(tr("Start"), this);
    m_pause = new QPushButton(tr("Pause"), this);
    m_resume = new QPushButton(tr("Resume"), this);
    m_step = new QPushButton(tr("Step"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_reset = new QPushButton(tr("Reset"), this);
    m_start->setToolTip(tr("Build the network from the current spec, initialise it from the seed and train"));
    m_step->setToolTip(tr("One batch, then pause"));
    m_reset->setToolTip(tr("Stop, rebuild from the current spec with the seed, and wait at step 0"));
    m_start->setObjectName(QStringLiteral("start"));
    m_pause->setObjectName(QStringLiteral("pause"));
    m_resume->setObjectName(QStringLiteral("resume"));
    m_step->setObjectName(QStringLiteral("step"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_reset->setObjectName(QStringLiteral("reset"));
    QFont bold = m_start->font();
    bold.setBold(true);
    m_start->setFont(bold);
    auto* buttons = new QGridLayout;
    buttons->addWidget(m_start, 0, 0);
    buttons->addWidget(m_pause, 0, 1);
    buttons->addWidget(m_resume, 0, 2);
    buttons->addWidget(m_step, 1, 0);
    buttons->addWidget(m_stop, 1, 1);
    buttons->addWidget(m_reset, 1, 2);
    // Speed: full speed by default; slow motion so a class can watch the curves and the flow
    // form (lessons choose it), and so Pause and Step land where the eye can follow.
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speed"));
    m_speed->addItem(tr("Full speed"), 0.0);
    for (double rate : kSpeeds)
        m_speed->addItem(tr("%1 steps/s").arg(rate), rate);
    m_speed->setToolTip(tr("Steps per second for each run: slow motion for class"));
    auto* speedRow = new QHBoxLayout;
    auto* speedLabel = new QLabel(tr("Speed:"), this);
    speedLabel->setBuddy(m_speed);
    speedRow->addWidget(speedLabel);
    speedRow->addWidget(m_speed, 1);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { emit speedChanged(stepsPerSecond()); });
    m_networkNote = new QLabel(this);
    m_networkNote->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addLayout(speedRow);
    layout->addWidget(m_networkNote);
    layout->addWidget(m_status);
    layout->addWidget(dataBox);
    layout->addWidget(trainBox);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPanel::pauseRequested);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPanel::resumeRequested);
    connect(m_step, &QPushButton::clicked, this, &TrainingPanel::stepRequested);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
    connect(m_reset, &QPushButton::clicked, this, &TrainingPanel::resetRequested);
    connect(m_data, &QComboBox::currentIndexChanged, this, [this] {
        updateDataRows();
        schedulePreview();
    });
    connect(m_dataPath, &QLineEdit::editingFinished, this, &TrainingPanel::schedulePreview);
    for (QSpinBox* s : {m_size, m_classes, m_cells, m_dataSeed, m_maxTrain, m_maxTest})
        connect(s, &QSpinBox::valueChanged, this, &TrainingPanel::schedulePreview);
    for (QDoubleSpinBox* s : {m_testFraction, m_noise, m_turns})
        connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::schedulePreview);
    connect(m_previewTimer, &QTimer::timeout, this, [this] { m_preview->request(effectiveDataName().toStdString(), dataOptions()); });
    connect(m_preview, &DataPreview::loaded, this, [this](const QString& summary, bool ok) {
        m_previewText->setText(ok ? summary : tr("<span style='color:#b01010'>%1</span>").arg(summary.toHtmlEscaped()));
    });
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_nesterov->setEnabled(i == 0);
        m_momentum->setEnabled(i == 0);
    });

    updateDataRows();
    updateEnabled();
    schedulePreview();
}

QString TrainingPanel::effectiveDataName() const {
    const QString key = m_data->currentData().toString();
    if (key == kIdx || key == kCifar || key == kCsv)
        return key + m_dataPath->text().trimmed();
    return key;
}

void TrainingPanel::setSettingsVisible(bool visible) {
    m_dataBox->setVisible(visible);
    m_trainBox->setVisible(visible);
}

bool TrainingPanel::settingsVisible() const { return !m_dataBox->isHidden(); }

QString TrainingPanel::dataSet() const { return effectiveDataName(); }

void TrainingPanel::setDataSet(const QString& name) {
    for (const QString& prefix : {kIdx, kCifar, kCsv})
        if (name.startsWith(prefix)) {
            m_data->setCurrentIndex(m_data->findData(prefix));
            m_dataPath->setText(name.mid(prefix.size()));
            schedulePreview();
            return;
        }
    const int i = m_data->findData(name);
    if (i >= 0)
        m_data->setCurrentIndex(i);
}

void TrainingPanel::updateDataRows() {
    const QString key = m_data->currentData().toString();
    const bool file = key == kIdx || key == kCifar || key == kCsv;
    const bool generated = isGenerated(key);
    m_dataForm->setRowVisible(m_dataPath, file);
    m_dataForm->setRowVisible(m_size, generated);
    m_dataForm->setRowVisible(m_testFraction, generated || key == kIdx || key == kCsv);
    m_dataForm->setRowVisible(m_noise, is2d(key));
    m_dataForm->setRowVisible(m_classes, key == QLatin1String("spiral") || key == QLatin1String("circles") ||
                                             key == QLatin1String("gaussians") || key == QLatin1String("shapes"));
    m_dataForm->setRowVisible(m_turns, key == QLatin1String("spiral"));
    m_dataForm->setRowVisible(m_cells, key == QLatin1String("checkerboard"));
    m_dataForm->setRowVisible(m_dataSeed, generated || key == kIdx || key == kCsv);
    m_dataPath->setPlaceholderText(key == kIdx     ? tr("images.idx,labels.idx")
                                   : key == kCifar ? tr("folder with data_batch_1.bin ...")
                                                   : tr("table.csv"));
}

void TrainingPanel::schedulePreview() { m_previewTimer->start(); }

core::DataOptions TrainingPanel::dataOptions() const {
    core::DataOptions o;
    o.size = m_size->value();
    o.testFraction = m_testFraction->value();
    o.seed = std::uint64_t(m_dataSeed->value());
    o.noise = m_noise->value();
    o.classes = m_classes->value();
    o.turns = m_turns->value();
    o.cells = m_cells->value();
    o.maxTrain = m_maxTrain->value();
    o.maxTest = m_maxTest->value();
    return o;
}

TrainingRequest TrainingPanel::request(const core::NetworkSpec& spec) const {
    TrainingRequest r;
    r.spec = applyBatchNormMode(spec, BatchNormMode(m_batchNorm->currentIndex()));
    r.twin = m_twin->isChecked();
    if (r.twin)
        r.twinSpec = twinOf(r.spec);
    r.dataName = effectiveDataName().toStdString();
    r.data = dataOptions();
    // Images are resampled to the network's input when it is smaller by a whole factor
    // (Fashion-MNIST at 14x14 for the image lesson's nets).
    const int stored = core::storedImageSide(r.dataName);
    const core::InputSpec& in = r.spec.input;
    if (in.kind == core::InputKind::Image && stored > 0 && in.height == in.width && in.height < stored &&
        stored % in.height == 0)
        r.data.imageSize = in.height;
    core::TrainConfig& c = r.config;
    c.optimizer = m_optimizer->currentIndex() == 1 ? core::OptimizerKind::Adam : core::OptimizerKind::Sgd;
    c.learningRate = m_lr->value();
    c.schedule = m_schedule->currentIndex() == 0   ? core::ScheduleKind::Constant
                 : m_schedule->currentIndex() == 1 ? core::ScheduleKind::Step
                                                   : core::ScheduleKind::Cosine;
    c.warmupEpochs = std::min(m_warmup->value(), m_epochs->value());
    c.sgd.momentum = float(m_momentum->value());
    c.sgd.nesterov = m_nesterov->isChecked();
    c.sgd.weightDecay = float(m_weightDecay->value());
    c.adam.weightDecay = float(m_weightDecay->value());
    c.batchSize = m_batch->value();
    c.epochs = m_epochs->value();
    c.seed = std::uint64_t(m_seed->value());
    c.init.scheme = m_init->currentIndex() == 1 ? core::InitScheme::Xavier : core::InitScheme::He;
    c.init.zeroLastBnGamma = m_zeroGamma->isChecked();
    return r;
}

void TrainingPanel::setState(TrainingController::State state) {
    m_state = state;
    updateEnabled();
}

void TrainingPanel::updateEnabled() {
    using S = TrainingController::State;
    const bool idle = m_state == S::Idle, running = m_state == S::Running, paused = m_state == S::Paused;
    m_start->setEnabled((idle || paused) && m_valid);   // paused (after Reset or Pause): goes on
    m_pause->setEnabled(running);
    m_resume->setEnabled(paused);
    m_step->setEnabled((idle && m_valid) || paused);
    m_stop->setEnabled(running || paused);
    m_reset->setEnabled(m_state != S::Stopping && m_valid);
    // The form describes the next session: it stays editable, and applies at Start or Reset.
}

void TrainingPanel::setNetwork(const core::NetworkSpec& spec, bool valid, const QString& problem) {
    m_valid = valid;
    const bool residual = familyOf(spec) == QLatin1String("residual");
    m_twin->setText(residual ? tr("Train the plain twin alongside") : tr("Train the residual twin alongside"));
    QString note;
    if (!valid)
        note = tr("<span style='color:#b01010'>The network cannot be trained yet: %1</span>")
                   .arg(problem.isEmpty() ? tr("fix the marked blocks first.") : problem.toHtmlEscaped());
    else {
        QString mismatch = dataMismatch(spec, dataSet());
        const QString suggestion = suggestedData(spec);
        if (!mismatch.isEmpty() && !suggestion.isEmpty()) {
            setDataSet(suggestion);
            mismatch = dataMismatch(spec, dataSet());
            note = tr("Data set changed to %1 to fit the network's input.").arg(suggestion);
        }
        if (!mismatch.isEmpty())
            note = tr("<span style='color:#b01010'>%1</span>").arg(mismatch.toHtmlEscaped());
    }
    m_networkNote->setText(note);
    m_networkNote->setVisible(!note.isEmpty());
    updateEnabled();
}

void TrainingPanel::setStatus(const QString& text) { m_status->setText(text); }

QString TrainingPanel::status() const { return m_status->text(); }

double TrainingPanel::stepsPerSecond() const { return m_speed->currentData().toDouble(); }

void TrainingPanel::setStepsPerSecond(double rate) {
    int best = 0;   // full speed
    if (rate > 0.0) {
        // The listed speed nearest to `rate` (on a log scale).
        double bestDistance = 1e300;
        for (int i = 1; i < m_speed->count(); ++i) {
            const double d = std::abs(std::log(m_speed->itemData(i).toDouble() / rate));
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
    }
    m_speed->setCurrentIndex(best);
}

QString TrainingPanel::dataMismatch(const core::NetworkSpec& spec, const QString& name) {
    const core::InputSpec& in = spec.input;
    auto describe = [&] {
        return in.kind == core::InputKind::Points ? tr("%1 input features").arg(in.channels)
                                                  : tr("%1x%2x%3 images").arg(in.channels).arg(in.height).arg(in.width);
    };
    if (is2d(name) && !(in.kind == core::InputKind::Points && in.channels == 2))
        return tr("%1 has 2-D points but the network expects %2.").arg(name, describe());
    if (name == QLatin1String("shapes") &&
        !(in.kind == core::InputKind::Image && in.channels == 1 && in.height == 16 && in.width == 16))
        return tr("shapes has 1x16x16 images but the network expects %1.").arg(describe());
    if (name == QLatin1String("fashion-mnist") &&
        !(in.kind == core::InputKind::Image && in.channels == 1 && in.height == in.width && in.height >= 2 &&
          28 % in.height == 0))
        return tr("fashion-mnist has 1x28x28 images (resampled to 14x14 or 7x7 for a network that expects "
                  "that) but the network expects %1.")
            .arg(describe());
    return {};
}

QString TrainingPanel::suggestedData(const core::NetworkSpec& spec) {
    const core::InputSpec& in = spec.input;
    if (in.kind == core::InputKind::Points && in.channels == 2)
        return QStringLiteral("spiral");
    if (in.kind == core::InputKind::Image && in.channels == 1 && in.height == 16 && in.width == 16)
        return QStringLiteral("shapes");
    if (in.kind == core::InputKind::Image && in.channels == 1 && in.height == in.width && in.height >= 2 &&
        28 % in.height == 0)
        return QStringLiteral("fashion-mnist");
    return {};
}

void TrainingPanel::setDataSize(int size) { m_size->setValue(size); }
void TrainingPanel::setEpochs(int epochs) { m_epochs->setValue(epochs); }
void TrainingPanel::setBatchSize(int batch) { m_batch->setValue(batch); }
void TrainingPanel::setLearningRate(double lr) { m_lr->setValue(lr); }
void TrainingPanel::setSeed(int seed) { m_seed->setValue(seed); }
void TrainingPanel::setTwin(bool on) { m_twin->setChecked(on); }
bool TrainingPanel::twin() const { return m_twin->isChecked(); }

void TrainingPanel::setSettings(const QString& dataName, const core::DataOptions& data, const core::TrainConfig& c) {
    setDataSet(dataName);
    m_size->setValue(data.size);
    m_testFraction->setValue(data.testFraction);
    m_dataSeed->setValue(int(data.seed));
    m_noise->setValue(data.noise);
    m_classes->setValue(data.classes);
    m_turns->setValue(data.turns);
    m_cells->setValue(data.cells);
    m_maxTrain->setValue(data.maxTrain);
    m_maxTest->setValue(data.maxTest);
    m_optimizer->setCurrentIndex(c.optimizer == core::OptimizerKind::Adam ? 1 : 0);
    m_lr->setValue(c.learningRate);
    m_schedule->setCurrentIndex(c.schedule == core::ScheduleKind::Constant ? 0
                                : c.schedule == core::ScheduleKind::Step   ? 1
                                                                           : 2);
    m_epochs->setValue(c.epochs);
    m_warmup->setValue(c.warmupEpochs);
    m_momentum->setValue(c.optimizer == core::OptimizerKind::Adam ? m_momentum->value() : c.sgd.momentum);
    m_nesterov->setChecked(c.sgd.nesterov);
    m_weightDecay->setValue(c.optimizer == core::OptimizerKind::Adam ? c.adam.weightDecay : c.sgd.weightDecay);
    m_batch->setValue(c.batchSize);
    m_seed->setValue(int(c.seed));
    m_init->setCurrentIndex(c.init.scheme == core::InitScheme::Xavier ? 1 : 0);
    m_zeroGamma->setChecked(c.init.zeroLastBnGamma);
    schedulePreview();
}

QPushButton* TrainingPanel::button(const QString& name) const {
    for (QPushButton* b : {m_start, m_pause, m_resume, m_step, m_stop, m_reset})
        if (b->objectName() == name)
            return b;
    return nullptr;
}

}  // namespace ui
