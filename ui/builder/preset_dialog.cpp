#include "ui/builder/preset_dialog.h"

#include "ui/builder/builder_style.h"

#include "core/format.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

namespace {

// The inputs the form offers: 2-D points (the spiral) or one of the image shapes the app reads.
struct InputChoice {
    const char* label;
    core::InputKind kind;
    int channels, height, width, classes;
};

constexpr InputChoice kInputs[] = {
    {QT_TRANSLATE_NOOP("PresetDialog", "2-D points, 3 classes (spiral): MLP blocks"), core::InputKind::Points, 2, 1, 1, 3},
    {QT_TRANSLATE_NOOP("PresetDialog", "Images 3x32x32, 10 classes (CIFAR-10): 6n+2 conv net"), core::InputKind::Image,
     3, 32, 32, 10},
    {QT_TRANSLATE_NOOP("PresetDialog", "Images 1x28x28, 10 classes (Fashion-MNIST): 6n+2 conv net"),
     core::InputKind::Image, 1, 28, 28, 10},
    {QT_TRANSLATE_NOOP("PresetDialog", "Images 1x16x16, 8 classes (generated shapes): 6n+2 conv net"),
     core::InputKind::Image, 1, 16, 16, 8},
};

constexpr int kNameRole = Qt::UserRole + 1;

}  // namespace

QString PresetDialog::presetTitle(const std::string& name) {
    const QString n = QString::fromStdString(name);
    if (n.startsWith("resnet-v2-"))
        return tr("ResNet-v2-%1 (images, full pre-activation)").arg(n.mid(10));
    if (n.startsWith("resnet-rezero-"))
        return tr("ReZero ResNet-%1 (images, α = 0)").arg(n.mid(14));
    if (n.startsWith("spiral-preact-"))
        return tr("Spiral MLP, %1 layers, pre-activation (ResNet v2)").arg(n.mid(14));
    if (n.startsWith("spiral-rezero-"))
        return tr("Spiral MLP, %1 layers, ReZero (α = 0)").arg(n.mid(14));
    if (n.startsWith("resnet"))
        return tr("ResNet-%1 (images, residual)").arg(n.mid(6));
    if (n.startsWith("plain"))
        return tr("Plain-%1 (images, plain twin)").arg(n.mid(5));
    if (n.startsWith("spiral-residual-"))
        return tr("Spiral MLP, %1 layers, residual").arg(n.mid(16));
    if (n.startsWith("spiral-plain-"))
        return tr("Spiral MLP, %1 layers, plain").arg(n.mid(13));
    if (n == "bottleneck-example")
        return tr("Bottleneck example (1x16x16 images)");
    return n;
}

PresetDialog::PresetDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("New from Preset"));

    m_presets = new QListWidget(this);
    m_presets->setObjectName(QStringLiteral("presets"));
    auto* custom = new QListWidgetItem(tr("Custom (the form on the right)"), m_presets);
    QFont bold = custom->font();
    bold.setBold(true);
    custom->setFont(bold);
    for (const std::string& name : core::presetNames()) {
        auto* item = new QListWidgetItem(presetTitle(name), m_presets);
        item->setData(kNameRole, QString::fromStdString(name));
        item->setToolTip(QString::fromStdString(name));
    }
    m_presets->setMinimumWidth(280);

    m_plain = new QRadioButton(tr("Plain (no skips)"), this);
    m_residual = new QRadioButton(tr("Residual (skip connections)"), this);
    m_residual->setChecked(true);
    auto* family = new QButtonGroup(this);
    family->addButton(m_plain);
    family->addButton(m_residual);
    auto* familyRow = new QHBoxLayout;
    familyRow->addWidget(m_residual);
    familyRow->addWidget(m_plain);
    m_input = new QComboBox(this);
    m_input->setObjectName(QStringLiteral("input"));
    for (const InputChoice& choice : kInputs)
        m_input->addItem(tr(choice.label));
    m_depth = new QSlider(Qt::Horizontal, this);
    m_depth->setObjectName(QStringLiteral("depth"));
    m_depthLabel = new QLabel(this);
    m_depthLabel->setMinimumWidth(90);
    auto* depthRow = new QHBoxLayout;
    depthRow->addWidget(m_depth, 1);
    depthRow->addWidget(m_depthLabel);
    m_width = new QSpinBox(this);
    m_width->setObjectName(QStringLiteral("width"));
    m_width->setRange(1, 1024);
    m_width->setToolTip(tr("Units of each dense layer (points), or channels of the first stage (images; the "
                           "next stages double it)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Family"), familyRow);
    form->addRow(tr("Input"), m_input);
    form->addRow(tr("Depth"), depthRow);
    form->addRow(tr("Width"), m_width);
    auto* formBox = new QGroupBox(tr("Network"), this);
    formBox->setLayout(form);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setWordWrap(true);
    m_preview->setTextFormat(Qt::RichText);
    m_preview->setMinimumHeight(90);
    m_preview->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* right = new QVBoxLayout;
    right->addWidget(formBox);
    right->addWidget(m_preview, 1);
    auto* body = new QHBoxLayout;
    body->addWidget(m_presets);
    body->addLayout(right, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_presets, &QListWidget::itemDoubleClicked, this, &QDialog::accept);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(buttons);

    connect(m_presets, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (m_updating || !item)
            return;
        const QString name = item->data(kNameRole).toString();
        if (name.isEmpty()) {
            m_named.reset();
            updatePreview();
        } else {
            selectPreset(name);
        }
    });
    connect(m_plain, &QRadioButton::toggled, this, &PresetDialog::onFormChanged);
    connect(m_input, &QComboBox::currentIndexChanged, this, [this] {
        updateDepthRange();
        onFormChanged();
    });
    connect(m_depth, &QSlider::valueChanged, this, &PresetDialog::onFormChanged);
    connect(m_width, &QSpinBox::valueChanged, this, &PresetDialog::onFormChanged);

    m_updating = true;
    updateDepthRange();
    m_updating = false;
    setCustom(true, false, 16, 32);
    resize(780, 460);
}

int PresetDialog::depth() const {
    const bool images = kInputs[m_input->currentIndex()].kind == core::InputKind::Image;
    return images ? 6 * m_depth->value() + 2 : 2 + 2 * m_depth->value();
}

void PresetDialog::updateDepthRange() {
    const bool images = kInputs[m_input->currentIndex()].kind == core::InputKind::Image;
    const int keep = depth();
    // Points: 2 + 2k layers (k blocks of two), 4..110. Images: 6n + 2 (n blocks per stage), 8..110.
    m_depth->setRange(1, images ? 18 : 54);
    m_depth->setValue(images ? std::clamp((keep - 2 + 3) / 6, 1, 18) : std::clamp((keep - 2) / 2, 1, 54));
    m_depth->setPageStep(images ? 1 : 5);
    if (images && m_width->value() > 64)
        m_width->setValue(16);
}

void PresetDialog::setCustom(bool residual, bool images, int depth, int width) {
    m_updating = true;
    m_residual->setChecked(residual);
    m_plain->setChecked(!residual);
    m_input->setCurrentIndex(images ? 1 : 0);
    updateDepthRange();
    m_depth->setValue(images ? std::max(1, (depth - 2) / 6) : std::max(1, (depth - 2) / 2));
    m_width->setValue(width);
    m_updating = false;
    onFormChanged();
}

bool PresetDialog::selectPreset(const QString& name) {
    core::NetworkSpec spec;
    try {
        spec = core::presetByName(name.toStdString());
    } catch (const core::SpecError&) {
        return false;
    }
    m_updating = true;
    for (int i = 0; i < m_presets->count(); ++i)
        if (m_presets->item(i)->data(kNameRole).toString() == name)
            m_presets->setCurrentRow(i);
    // Show the preset in the form too, so it can be the start of a custom network.
    if (name != QLatin1String("bottleneck-example")) {
        const bool images = spec.input.kind == core::InputKind::Image;
        const core::SpecAnalysis analysis = core::analyze(spec);
        m_residual->setChecked(!spec.blocks.empty() && spec.blocks.front().residual());
        m_plain->setChecked(spec.blocks.empty() || !spec.blocks.front().residual());
        m_input->setCurrentIndex(images ? 1 : 0);
        updateDepthRange();
        m_depth->setValue(images ? (analysis.depth - 2) / 6 : (analysis.depth - 2) / 2);
        m_width->setValue(spec.blocks.empty() ? 32 : spec.blocks.front().width);
    }
    m_updating = false;
    m_named = name.toStdString();
    updatePreview();
    return true;
}

void PresetDialog::onFormChanged() {
    if (m_updating)
        return;
    m_named.reset();
    m_updating = true;
    m_presets->setCurrentRow(0);
    m_updating = false;
    updatePreview();
}

core::NetworkSpec PresetDialog::customSpec() const {
    const InputChoice& input = kInputs[m_input->currentIndex()];
    const bool residual = m_residual->isChecked();
    if (input.kind == core::InputKind::Points) {
        core::MlpOptions o;
        o.depth = depth();
        o.residual = residual;
        o.width = m_width->value();
        o.inputs = input.channels;
        o.classes = input.classes;
        return core::mlpNet(o);
    }
    core::CifarOptions o;
    o.n = m_depth->value();
    o.residual = residual;
    o.channels = input.channels;
    o.height = input.height;
    o.width = input.width;
    o.classes = input.classes;
    core::NetworkSpec spec = core::cifarResNet(o);
    // The core's net has 16, 32, 64 channels; scale the stages to the chosen first width.
    const int base = m_width->value();
    if (base != 16) {
        for (core::LayerSpec& l : spec.stem)
            if (l.type == core::LayerType::Conv)
                l.units = base;
        for (core::BlockSpec& b : spec.blocks)
            b.width = b.width / 16 * base;
        spec.name += "-w" + std::to_string(base);
    }
    return spec;
}

core::NetworkSpec PresetDialog::spec() const {
    if (m_named)
        return core::presetByName(*m_named);
    return customSpec();
}

void PresetDialog::updatePreview() {
    m_depthLabel->setText(tr("%1 layers").arg(depth()));
    const core::NetworkSpec net = spec();
    const core::SpecAnalysis analysis = core::analyze(net);
    int residual = 0;
    for (const core::BlockSpec& b : net.blocks)
        residual += b.residual() ? 1 : 0;
    m_preview->setText(tr("<b>%1</b><br>%2 weighted layers · %3 blocks (%4 residual)<br>%5 parameters · %6 "
                          "per sample<br>input %7 → %8 classes")
                           .arg(QString::fromStdString(net.name).toHtmlEscaped())
                           .arg(analysis.depth)
                           .arg(net.blocks.size())
                           .arg(residual)
                           .arg(QString::fromStdString(core::groupThousands(analysis.params)))
                           .arg(canvas::flopsText(analysis.flops))
                           .arg(QString::fromStdString(analysis.inputShape.str()))
                           .arg(net.classes));
}

}  // namespace ui
