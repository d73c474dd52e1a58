#include "ui/builder/properties_panel.h"

#include "ui/builder/builder_style.h"
#include "ui/builder/commands/change_block_design.h"
#include "ui/builder/commands/change_block_param.h"
#include "ui/builder/commands/change_layer.h"
#include "ui/builder/commands/change_network.h"
#include "ui/builder/commands/insert_remove_layer.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/document/spec_queries.h"

#include "core/format.h"
#include "core/spec/spec_analysis.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUndoStack>
#include <QKeyEvent>
#include <QVBoxLayout>

namespace ui {

namespace {

// Ctrl+Z and Ctrl+Shift+Z in a field go to the document's undo stack (every edit here is a
// command on it), not to the spin box's own text undo, which would swallow them.
class DocumentUndoKeys : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::ShortcutOverride) {
            const auto* key = static_cast<QKeyEvent*>(event);
            if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
                event->ignore();   // not the field's: the window's Undo/Redo shortcut takes it
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

QSpinBox* spinBox(QWidget* parent, const char* name, int lo, int hi, const QString& tip) {
    auto* box = new QSpinBox(parent);
    box->installEventFilter(new DocumentUndoKeys(box));
    box->setObjectName(QLatin1String(name));
    box->setRange(lo, hi);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}

void setValue(QSpinBox* box, int value) {
    if (box->value() != value)
        box->setValue(value);
}

QDoubleSpinBox* numberBox(QWidget* parent, const char* name, double lo, double hi, double step, int decimals,
                          const QString& tip) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}

void setNumber(QDoubleSpinBox* box, double value) {
    if (box->value() != value)
        box->setValue(value);
}

// Combo boxes as narrow as a dock allows: long item texts are elided, not a minimum width.
void compact(QComboBox* box) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(8);
}

QLabel* wrapLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString titleOf(const core::BlockSpec& block) {
    if (block.kind == core::BlockKind::Bottleneck)
        return block.residual() ? PropertiesPanel::tr("Bottleneck block") : PropertiesPanel::tr("Plain bottleneck block");
    switch (block.shortcut) {
    case core::ShortcutKind::None: return PropertiesPanel::tr("Plain block");
    case core::ShortcutKind::Identity: return PropertiesPanel::tr("Residual block (identity)");
    case core::ShortcutKind::Projection: return PropertiesPanel::tr("Convolution block (projection)");
    case core::ShortcutKind::ZeroPad: return PropertiesPanel::tr("Residual block (zero-padding)");
    }
    return {};
}

}  // namespace

PropertiesPanel::PropertiesPanel(NetworkDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_pages(new QStackedWidget(this)) {
    m_pages->addWidget(buildNetworkPage());
    m_pages->addWidget(buildBlockPage());
    m_pages->addWidget(buildLayerPage());
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_pages);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    setMinimumWidth(260);
    connect(document, &NetworkDocument::changed, this, &PropertiesPanel::refresh);
    refresh();
}

QWidget* PropertiesPanel::buildNetworkPage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    auto* title = new QLabel(tr("<b>Network</b>"), page);
    layout->addWidget(title);
    m_networkForm = new QFormLayout;
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("networkName"));
    m_inputKind = new QComboBox(page);
    m_inputKind->setObjectName(QStringLiteral("inputKind"));
    m_inputKind->addItem(tr("2-D points (vectors)"), int(core::InputKind::Points));
    m_inputKind->addItem(tr("Images"), int(core::InputKind::Image));
    compact(m_inputKind);
    m_inputKind->setToolTip(tr("What one sample is: a vector of features, or an image C x H x W"));
    m_inputChannels = spinBox(page, "inputChannels", 1, 1 << 22, tr("Features of a point, or channels of an image"));
    m_inputHeight = spinBox(page, "inputHeight", 1, 2048, tr("Image height in pixels"));
    m_inputWidth = spinBox(page, "inputWidth", 1, 2048, tr("Image width in pixels"));
    m_classes = spinBox(page, "classes", 2, 10000, tr("Classes to tell apart: the head ends with this many units"));
    m_networkForm->addRow(tr("Name"), m_name);
    m_networkForm->addRow(tr("Input"), m_inputKind);
    m_networkForm->addRow(tr("Features"), m_inputChannels);
    m_networkForm->addRow(tr("Height"), m_inputHeight);
    m_networkForm->addRow(tr("Width"), m_inputWidth);
    m_networkForm->addRow(tr("Classes"), m_classes);
    layout->addLayout(m_networkForm);
    m_networkSummary = wrapLabel(page);
    layout->addWidget(m_networkSummary);
    auto* hint = wrapLabel(page);
    hint->setText(tr("<span style='color:#5c6370'>Select a block to edit it. Drag blocks from the palette "
                     "onto the chain; click a skip arrow to toggle it.</span>"));
    layout->addWidget(hint);
    layout->addStretch(1);

    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_updating || m_name->text().toStdString() == m_document->spec().name)
            return;
        auto* command = new ChangeNetworkCommand(m_document, NetworkField::Name, m_name->text());
        push(command, command->changesAnything());
    });
    connect(m_inputKind, &QComboBox::activated, this, [this](int index) {
        if (m_updating)
            return;
        auto* command = new ChangeNetworkCommand(m_document, NetworkField::InputKind, m_inputKind->itemData(index));
        push(command, command->changesAnything());
    });
    const std::pair<QSpinBox*, NetworkField> fields[] = {{m_inputChannels, NetworkField::InputChannels},
                                                         {m_inputHeight, NetworkField::InputHeight},
                                                         {m_inputWidth, NetworkField::InputWidth},
                                                         {m_classes, NetworkField::Classes}};
    for (const auto& [box, field] : fields) {
        connect(box, &QSpinBox::valueChanged, this, [this, field = field](int value) {
            if (m_updating)
                return;
            auto* command = new ChangeNetworkCommand(m_document, field, value);
            push(command, command->changesAnything());
        });
    }
    return page;
}

QWidget* PropertiesPanel::buildBlockPage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_blockTitle = wrapLabel(page);
    layout->addWidget(m_blockTitle);
    m_blockForm = new QFormLayout;
    m_width = spinBox(page, "width", 1, 16384, tr("Output features (vectors) or channels (images) of the block"));
    m_bottleneckWidth =
        spinBox(page, "bottleneckWidth", 1, 16384, tr("The reduced width of the 1x1 and 3x3 layers of the bottleneck"));
    m_kernel = spinBox(page, "kernel", 1, 15, tr("Kernel size of the branch's convolutions (odd keeps the image size)"));
    m_kernel->setSingleStep(2);
    m_stride = spinBox(page, "stride", 1, 4, tr("Stride of the first convolution: 2 halves the image"));
    m_span = spinBox(page, "span", 1, 16,
                     tr("Weight layers in the branch: how many layers the skip jumps over (the chapter's a[l+2] "
                        "skips 2)"));
    m_activation = new QComboBox(page);
    m_activation->setObjectName(QStringLiteral("activation"));
    m_activation->addItem(QStringLiteral("ReLU"), int(core::Activation::ReLU));
    m_activation->addItem(QStringLiteral("Tanh"), int(core::Activation::Tanh));
    m_activation->addItem(QStringLiteral("Sigmoid"), int(core::Activation::Sigmoid));
    compact(m_activation);
    m_activation->setToolTip(tr("The nonlinearity g of the block; tanh and sigmoid make vanishing gradients stark"));
    m_batchNorm = new QCheckBox(tr("after each layer"), page);
    m_batchNorm->setToolTip(tr("Batch normalisation after each weight layer of the branch"));
    m_batchNorm->setObjectName(QStringLiteral("batchNorm"));
    m_shortcut = new QComboBox(page);
    m_shortcut->setObjectName(QStringLiteral("shortcut"));
    m_shortcut->addItem(tr("None (plain block)"), int(core::ShortcutKind::None));
    m_shortcut->addItem(tr("Identity"), int(core::ShortcutKind::Identity));
    m_shortcut->addItem(tr("Projection / 1x1 conv (learned W_s)"), int(core::ShortcutKind::Projection));
    m_shortcut->addItem(tr("Zero-padding"), int(core::ShortcutKind::ZeroPad));
    compact(m_shortcut);
    m_shortcut->setToolTip(tr("What the skip carries: nothing (plain), x itself, a learned projection W_s x, or x "
                              "with zero channels appended"));
    m_blockForm->addRow(tr("Width"), m_width);
    m_blockForm->addRow(tr("Bottleneck width"), m_bottleneckWidth);
    m_blockForm->addRow(tr("Kernel"), m_kernel);
    m_blockForm->addRow(tr("Stride"), m_stride);
    m_blockForm->addRow(tr("Layers in branch"), m_span);
    m_blockForm->addRow(tr("Activation"), m_activation);
    m_blockForm->addRow(tr("Batch norm"), m_batchNorm);
    m_blockForm->addRow(tr("Shortcut"), m_shortcut);
    layout->addLayout(m_blockForm);

    // Block design: the variants of He et al. 2016 ("Identity Mappings"), by the paper's names,
    // with their ResNet-110 CIFAR-10 test errors in the tooltips.
    m_designTitle = wrapLabel(page);
    m_designTitle->setText(tr("<b>Block design</b>"));
    layout->addWidget(m_designTitle);
    auto* design = new QFormLayout;
    m_placement = new QComboBox(page);
    m_placement->setObjectName(QStringLiteral("placement"));
    m_placement->addItem(tr("Original (ReLU after addition)"), int(core::Placement::Original));
    m_placement->addItem(tr("BN after addition"), int(core::Placement::BnAfterAddition));
    m_placement->addItem(tr("ReLU before addition"), int(core::Placement::ReluBeforeAddition));
    m_placement->addItem(tr("ReLU-only pre-activation"), int(core::Placement::ReluOnlyPreActivation));
    m_placement->addItem(tr("Full pre-activation"), int(core::Placement::FullPreActivation));
    compact(m_placement);
    m_placement->setToolTip(tr(
        "Where BN and ReLU sit relative to the addition (He et al. 2016, Fig. 4; ResNet-110 on CIFAR-10):<br>"
        "<b>original</b>: W-BN-ReLU-W-BN, add, ReLU (6.61%)<br><b>BN after addition</b>: add, BN, ReLU (8.17%)<br>"
        "<b>ReLU before addition</b>: the branch ends in ReLU, nothing after the addition (7.84%)<br>"
        "<b>ReLU-only pre-activation</b>: ReLU-W-BN, twice (6.71%)<br>"
        "<b>full pre-activation</b>: BN-ReLU-W, twice, nothing after the addition: the skip is a clean identity "
        "(6.37%; ResNet-1001: 7.61% → 4.92%)"));
    m_shortcutVariant = new QComboBox(page);
    m_shortcutVariant->setObjectName(QStringLiteral("shortcutVariant"));
    m_shortcutVariant->addItem(tr("Identity (unmodified)"), int(core::ShortcutVariant::None));
    m_shortcutVariant->addItem(tr("Constant scaling"), int(core::ShortcutVariant::ConstantScaling));
    m_shortcutVariant->addItem(tr("Exclusive gating"), int(core::ShortcutVariant::ExclusiveGating));
    m_shortcutVariant->addItem(tr("Shortcut-only gating"), int(core::ShortcutVariant::ShortcutOnlyGating));
    m_shortcutVariant->addItem(tr("Dropout shortcut"), int(core::ShortcutVariant::Dropout));
    compact(m_shortcutVariant);
    m_shortcutVariant->setToolTip(tr(
        "What the skip does to x (He et al. 2016, Fig. 2; ResNet-110 on CIFAR-10):<br>"
        "<b>identity</b>: x (6.61%)<br><b>constant scaling</b>: λx, λ = 0.5: fails; F scaled by 1−λ too: 12.35%<br>"
        "<b>exclusive gating</b>: g(x)F(x) + (1−g(x))x: fails for b<sub>g</sub> 0 to −5, 8.70% at −6<br>"
        "<b>shortcut-only gating</b>: F(x) + (1−g(x))x: 12.86% at b<sub>g</sub> = 0, 6.91% at −6<br>"
        "<b>dropout shortcut</b>: dropout(x), rate 0.5: fails<br>"
        "The <b>1x1 conv shortcut</b> (12.22%) is the Projection shortcut above."));
    m_shortcutScale = numberBox(page, "shortcutScale", 0.0, 1.0, 0.05, 2,
                                tr("λ: the shortcut carries λx. Across L blocks that is λ<sup>L</sup> of the input: "
                                   "0.5<sup>54</sup> ≈ 5.6·10<sup>−17</sup>"));
    m_scaleBranch = new QCheckBox(tr("scale F by 1 − λ too"), page);
    m_scaleBranch->setObjectName(QStringLiteral("scaleBranch"));
    m_scaleBranch->setToolTip(tr("He et al. 2016: λ = 0.5 on both paths reaches 12.35%; on the shortcut alone it fails"));
    m_gateBias = numberBox(page, "gateBias", -50.0, 50.0, 1.0, 1,
                           tr("b<sub>g</sub>, the gate's initial bias: g(x) = σ(W<sub>g</sub>x + b<sub>g</sub>). "
                              "Very negative values keep 1 − g near 1, the shortcut near the identity"));
    m_dropoutRate = numberBox(page, "dropoutRate", 0.0, 0.99, 0.05, 2,
                              tr("The probability of dropping each value of x on the shortcut (training only)"));
    m_residualScale = new QComboBox(page);
    m_residualScale->setObjectName(QStringLiteral("residualScale"));
    m_residualScale->addItem(tr("None"), int(core::ResidualScale::None));
    m_residualScale->addItem(tr("ReZero (α = 0)"), int(core::ResidualScale::ReZero));
    m_residualScale->addItem(tr("SkipInit (α, no BN)"), int(core::ResidualScale::SkipInit));
    m_residualScale->addItem(tr("Fixup (no BN)"), int(core::ResidualScale::Fixup));
    compact(m_residualScale);
    m_residualScale->setToolTip(tr(
        "Make the block the identity at initialisation:<br>"
        "<b>ReZero</b> (Bachlechner et al. 2020): x + αF(x), α learnable, starts at 0<br>"
        "<b>SkipInit</b> (De & Smith 2020): α at the end of the branch, 0 or below 1/√d, without batch norm<br>"
        "<b>Fixup</b> (Zhang et al. 2019): scalar biases, a multiplier, the branch's last layer and the "
        "classifier start at 0, the other layers scaled by L<sup>−1/(2m−2)</sup>, without batch norm"));
    m_alphaInit = numberBox(page, "alphaInit", 0.0, 1.0, 0.01, 3,
                            tr("SkipInit's initial α: 0, or below 1/√d for d residual blocks"));
    design->addRow(tr("Placement"), m_placement);
    design->addRow(tr("Shortcut variant"), m_shortcutVariant);
    design->addRow(tr("λ"), m_shortcutScale);
    design->addRow(QString(), m_scaleBranch);
    design->addRow(tr("Gate bias b_g"), m_gateBias);
    design->addRow(tr("Dropout rate"), m_dropoutRate);
    design->addRow(tr("Identity at init"), m_residualScale);
    design->addRow(tr("Initial α"), m_alphaInit);
    layout->addLayout(design);
    m_designForm = design;
    m_blockSummary = wrapLabel(page);
    layout->addWidget(m_blockSummary);
    m_blockIssues = wrapLabel(page);
    m_blockIssues->setObjectName(QStringLiteral("blockIssues"));
    layout->addWidget(m_blockIssues);
    auto* fixes = new QVBoxLayout;
    m_fixProjection = new QPushButton(tr("Use projection"), page);
    m_fixProjection->setObjectName(QStringLiteral("fixProjection"));
    m_fixProjection->setToolTip(tr("Put a learned 1x1 projection on the skip so the shapes match (He et al. eq. 2)"));
    m_fixZeroPad = new QPushButton(tr("Use zero-padding"), page);
    m_fixZeroPad->setObjectName(QStringLiteral("fixZeroPad"));
    m_fixZeroPad->setToolTip(tr("Subsample the skip and append zero channels: no extra parameters (option A)"));
    fixes->addWidget(m_fixProjection, 0, Qt::AlignLeft);
    fixes->addWidget(m_fixZeroPad, 0, Qt::AlignLeft);
    layout->addLayout(fixes);
    layout->addStretch(1);

    const std::pair<QSpinBox*, BlockField> fields[] = {{m_width, BlockField::Width},
                                                       {m_bottleneckWidth, BlockField::BottleneckWidth},
                                                       {m_kernel, BlockField::Kernel},
                                                       {m_stride, BlockField::Stride},
                                                       {m_span, BlockField::Span}};
    for (const auto& [box, field] : fields)
        connect(box, &QSpinBox::valueChanged, this, [this, field = field](int value) { editBlocks(field, value); });
    connect(m_activation, &QComboBox::activated, this,
            [this](int index) { editBlocks(BlockField::Activation, m_activation->itemData(index).toInt()); });
    connect(m_batchNorm, &QCheckBox::toggled, this, [this](bool on) { editBlocks(BlockField::BatchNorm, on ? 1 : 0); });
    connect(m_shortcut, &QComboBox::activated, this, [this](int index) {
        if (m_updating)
            return;
        const auto kind = core::ShortcutKind(m_shortcut->itemData(index).toInt());
        std::vector<SetShortcutCommand::Change> changes;
        for (core::BlockId id : m_blocks)
            changes.push_back({id, kind});
        auto* command = new SetShortcutCommand(m_document, changes, QString());
        command->setText(m_blocks.size() == 1 ? shortcutChangeText(m_document->spec().blocks[*m_document->spec().indexOf(m_blocks.front())].shortcut, kind)
                                              : tr("Change shortcut of %n blocks", nullptr, int(m_blocks.size())));
        push(command, command->changesAnything());
    });
    for (auto [box, field] : {std::pair{m_placement, DesignField::Placement},
                              std::pair{m_shortcutVariant, DesignField::ShortcutVariant},
                              std::pair{m_residualScale, DesignField::ResidualScale}})
        connect(box, &QComboBox::activated, this, [this, box = box, field = field](int index) {
            editDesign(field, box->itemData(index).toInt());
        });
    for (auto [box, field] : {std::pair{m_shortcutScale, DesignField::ShortcutScale},
                              std::pair{m_gateBias, DesignField::GateBias},
                              std::pair{m_dropoutRate, DesignField::DropoutRate},
                              std::pair{m_alphaInit, DesignField::AlphaInit}})
        connect(box, &QDoubleSpinBox::valueChanged, this,
                [this, field = field](double value) { editDesign(field, value); });
    connect(m_scaleBranch, &QCheckBox::toggled, this,
            [this](bool on) { editDesign(DesignField::ScaleBranch, on ? 1.0 : 0.0); });
    for (auto [button, kind] : {std::pair{m_fixProjection, core::ShortcutKind::Projection},
                                std::pair{m_fixZeroPad, core::ShortcutKind::ZeroPad}}) {
        connect(button, &QPushButton::clicked, this, [this, kind = kind] {
            if (m_blocks.size() != 1)
                return;
            auto* command = new SetShortcutCommand(m_document, m_blocks.front(), kind);
            push(command, command->changesAnything());
        });
    }
    return page;
}

QWidget* PropertiesPanel::buildLayerPage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_layerTitle = wrapLabel(page);
    layout->addWidget(m_layerTitle);
    m_layerForm = new QFormLayout;
    m_layerUnits = spinBox(page, "layerUnits", 1, 16384, tr("Output features (dense) or channels (conv)"));
    m_layerKernel = spinBox(page, "layerKernel", 1, 15, tr("Kernel size"));
    m_layerStride = spinBox(page, "layerStride", 1, 4, tr("Stride: 2 halves the image"));
    m_layerPadding = spinBox(page, "layerPadding", 0, 15, tr("Zeros added around the image (kernel / 2 keeps its size)"));
    m_layerBias = new QCheckBox(tr("Bias"), page);
    m_layerBias->setObjectName(QStringLiteral("layerBias"));
    m_layerForm->addRow(tr("Units"), m_layerUnits);
    m_layerForm->addRow(tr("Kernel"), m_layerKernel);
    m_layerForm->addRow(tr("Stride"), m_layerStride);
    m_layerForm->addRow(tr("Padding"), m_layerPadding);
    m_layerForm->addRow(QString(), m_layerBias);
    layout->addLayout(m_layerForm);
    m_layerSummary = wrapLabel(page);
    layout->addWidget(m_layerSummary);
    layout->addStretch(1);

    const std::pair<QSpinBox*, LayerField> fields[] = {{m_layerUnits, LayerField::Units},
                                                       {m_layerKernel, LayerField::Kernel},
                                                       {m_layerStride, LayerField::Stride},
                                                       {m_layerPadding, LayerField::Padding}};
    for (const auto& [box, field] : fields)
        connect(box, &QSpinBox::valueChanged, this, [this, field = field](int value) { editLayer(field, value); });
    connect(m_layerBias, &QCheckBox::toggled, this, [this](bool on) { editLayer(LayerField::Bias, on ? 1 : 0); });
    return page;
}

void PropertiesPanel::setSelection(const QList<core::BlockId>& blocks, const QList<LayerRef>& layers) {
    m_blocks = blocks;
    m_layers = layers;
    refresh();
}

PropertiesPanel::Page PropertiesPanel::page() const { return Page(m_pages->currentIndex()); }

void PropertiesPanel::push(QUndoCommand* command, bool changes) {
    if (changes)
        m_document->undoStack()->push(command);
    else
        delete command;
}

void PropertiesPanel::editBlocks(BlockField field, int value) {
    if (m_updating || m_blocks.isEmpty())
        return;
    auto* command = new ChangeBlockParamCommand(m_document, m_blocks, field, value);
    push(command, command->changesAnything());
}

void PropertiesPanel::editDesign(DesignField field, double value) {
    if (m_updating || m_blocks.isEmpty())
        return;
    auto* command = new ChangeBlockDesignCommand(m_document, m_blocks, field, value);
    push(command, command->changesAnything());
}

// The design rows a block can use: the placement for any block; the shortcut variant and the
// identity-at-initialisation scale for residual blocks, each parameter only with its variant.
void PropertiesPanel::refreshDesign(const core::BlockSpec& block) {
    const core::BlockDesign& d = block.design;
    m_placement->setCurrentIndex(m_placement->findData(int(d.placement)));
    m_shortcutVariant->setCurrentIndex(m_shortcutVariant->findData(int(d.shortcutVariant)));
    m_residualScale->setCurrentIndex(m_residualScale->findData(int(d.residualScale)));
    setNumber(m_shortcutScale, d.shortcutScale);
    m_scaleBranch->setChecked(d.scaleBranch);
    setNumber(m_gateBias, d.gateBias);
    setNumber(m_dropoutRate, d.dropoutRate);
    setNumber(m_alphaInit, d.alphaInit);
    const bool residual = block.residual();
    const auto v = d.shortcutVariant;
    const bool gating = v == core::ShortcutVariant::ExclusiveGating || v == core::ShortcutVariant::ShortcutOnlyGating;
    m_designForm->setRowVisible(m_shortcutVariant, residual || v != core::ShortcutVariant::None);
    m_designForm->setRowVisible(m_shortcutScale, v == core::ShortcutVariant::ConstantScaling);
    m_designForm->setRowVisible(m_scaleBranch, v == core::ShortcutVariant::ConstantScaling);
    m_designForm->setRowVisible(m_gateBias, gating);
    m_designForm->setRowVisible(m_dropoutRate, v == core::ShortcutVariant::Dropout);
    m_designForm->setRowVisible(m_residualScale, residual || d.residualScale != core::ResidualScale::None);
    m_designForm->setRowVisible(m_alphaInit, d.residualScale == core::ResidualScale::SkipInit);
}

void PropertiesPanel::editLayer(LayerField field, int value) {
    if (m_updating || m_layers.size() != 1)
        return;
    auto* command = new ChangeLayerParamCommand(m_document, m_layers.front().section, m_layers.front().index, field, value);
    push(command, command->changesAnything());
}

void PropertiesPanel::refresh() {
    // Undo may have removed what was selected.
    const core::NetworkSpec& spec = m_document->spec();
    m_blocks.erase(std::remove_if(m_blocks.begin(), m_blocks.end(), [&](core::BlockId id) { return !spec.indexOf(id); }),
                   m_blocks.end());
    m_layers.erase(std::remove_if(m_layers.begin(), m_layers.end(),
                                  [&](const LayerRef& l) { return l.index >= int(m_document->layers(l.section).size()); }),
                   m_layers.end());
    m_updating = true;
    if (!m_blocks.isEmpty())
        refreshBlock();
    else if (m_layers.size() == 1)
        refreshLayer();
    else
        refreshNetwork();
    m_updating = false;
}

void PropertiesPanel::refreshNetwork() {
    m_pages->setCurrentIndex(int(Page::Network));
    const core::NetworkSpec& spec = m_document->spec();
    const core::SpecAnalysis& analysis = m_document->analysis();
    const QString name = QString::fromStdString(spec.name);
    if (m_name->text() != name && !m_name->hasFocus())
        m_name->setText(name);
    const bool images = spec.input.kind == core::InputKind::Image;
    m_inputKind->setCurrentIndex(images ? 1 : 0);
    setValue(m_inputChannels, spec.input.channels);
    setValue(m_inputHeight, spec.input.height);
    setValue(m_inputWidth, spec.input.width);
    setValue(m_classes, spec.classes);
    if (auto* label = qobject_cast<QLabel*>(m_networkForm->labelForField(m_inputChannels)))
        label->setText(images ? tr("Channels") : tr("Features"));
    m_networkForm->setRowVisible(m_inputHeight, images);
    m_networkForm->setRowVisible(m_inputWidth, images);
    int residual = 0;
    for (const core::BlockSpec& b : spec.blocks)
        residual += b.residual() ? 1 : 0;
    QString summary = tr("<b>%1</b> weighted layers (depth)<br>%2 blocks, %3 residual<br>%4 parameters<br>%5 per sample")
                          .arg(analysis.depth)
                          .arg(spec.blocks.size())
                          .arg(residual)
                          .arg(QString::fromStdString(core::groupThousands(analysis.params)))
                          .arg(canvas::flopsText(analysis.flops));
    if (!analysis.valid())
        summary += tr("<br><span style='color:#c62828'>%1: see the Issues panel</span>")
                       .arg(canvas::problemsText(int(analysis.issues.size())));
    m_networkSummary->setText(summary);
}

void PropertiesPanel::refreshBlock() {
    m_pages->setCurrentIndex(int(Page::Block));
    const core::NetworkSpec& spec = m_document->spec();
    const core::SpecAnalysis& analysis = m_document->analysis();
    const int index = int(*spec.indexOf(m_blocks.front()));
    const core::BlockSpec& block = spec.blocks[std::size_t(index)];
    const bool images = blockInputShape(spec, analysis, index).spatial;
    const bool bottleneck = block.kind == core::BlockKind::Bottleneck;

    m_blockTitle->setText(m_blocks.size() == 1
                              ? tr("<b>%1</b><br><span style='color:#5c6370'>block %2 (blocks 0-%3)</span>")
                                    .arg(titleOf(block))
                                    .arg(index)
                                    .arg(spec.blocks.size() - 1)
                              : tr("<b>%n blocks</b><br><span style='color:#5c6370'>edits apply to all of them; "
                                   "the fields show the first</span>",
                                   nullptr, int(m_blocks.size())));
    setValue(m_width, block.width);
    setValue(m_bottleneckWidth, std::max(1, block.bottleneckWidth));
    setValue(m_kernel, block.kernel);
    setValue(m_stride, block.stride);
    setValue(m_span, block.span);
    m_activation->setCurrentIndex(m_activation->findData(int(block.activation)));
    m_batchNorm->setChecked(block.batchNorm);
    m_shortcut->setCurrentIndex(m_shortcut->findData(int(block.shortcut)));
    refreshDesign(block);
    if (auto* label = qobject_cast<QLabel*>(m_blockForm->labelForField(m_width)))
        label->setText(images ? tr("Channels") : tr("Width"));
    m_blockForm->setRowVisible(m_bottleneckWidth, bottleneck);
    m_blockForm->setRowVisible(m_kernel, images);
    m_blockForm->setRowVisible(m_stride, images || block.stride != 1);
    m_blockForm->setRowVisible(m_span, !bottleneck);

    if (const core::LayerSummary* row = blockSummary(spec, analysis, index); row && m_blocks.size() == 1) {
        m_blockSummary->setText(tr("%1<br>Output <b>%2</b> · %3 parameters · %4")
                                    .arg(QString::fromStdString(row->description).toHtmlEscaped())
                                    .arg(QString::fromStdString(row->output.str()))
                                    .arg(QString::fromStdString(core::groupThousands(row->params)))
                                    .arg(canvas::flopsText(row->flops)));
    } else {
        m_blockSummary->clear();
    }
    QStringList issues;
    for (core::BlockId id : m_blocks)
        for (const core::SpecIssue& issue : blockIssues(analysis, int(*spec.indexOf(id))))
            issues << QString::fromStdString(issue.message).toHtmlEscaped();
    m_blockIssues->setText(issues.isEmpty() ? QString()
                                            : QStringLiteral("<span style='color:#c62828'>%1</span>")
                                                  .arg(issues.join(QStringLiteral("<br>"))));
    m_blockIssues->setVisible(!issues.isEmpty());
    const std::vector<core::ShortcutKind> fixes =
        m_blocks.size() == 1 ? shortcutFixes(spec, m_blocks.front()) : std::vector<core::ShortcutKind>{};
    m_fixProjection->setVisible(std::find(fixes.begin(), fixes.end(), core::ShortcutKind::Projection) != fixes.end());
    m_fixZeroPad->setVisible(std::find(fixes.begin(), fixes.end(), core::ShortcutKind::ZeroPad) != fixes.end());
}

void PropertiesPanel::refreshLayer() {
    m_pages->setCurrentIndex(int(Page::Layer));
    const core::NetworkSpec& spec = m_document->spec();
    const core::SpecAnalysis& analysis = m_document->analysis();
    const LayerRef ref = m_layers.front();
    const core::LayerSpec& layer = m_document->layers(ref.section)[std::size_t(ref.index)];
    const bool weighted = layer.type == core::LayerType::Dense || layer.type == core::LayerType::Conv;
    const bool conv = layer.type == core::LayerType::Conv;
    m_layerTitle->setText(tr("<b>%1</b><br><span style='color:#5c6370'>%2 layer %3</span>")
                              .arg(layerTypeText(layer.type))
                              .arg(ref.section == LayerSection::Stem ? tr("stem") : tr("head"))
                              .arg(ref.index));
    setValue(m_layerUnits, std::max(1, layer.units));
    setValue(m_layerKernel, layer.kernel);
    setValue(m_layerStride, layer.stride);
    setValue(m_layerPadding, layer.padding);
    m_layerBias->setChecked(layer.bias);
    if (auto* label = qobject_cast<QLabel*>(m_layerForm->labelForField(m_layerUnits)))
        label->setText(conv ? tr("Channels") : tr("Units"));
    m_layerForm->setRowVisible(m_layerUnits, weighted);
    m_layerForm->setRowVisible(m_layerKernel, conv);
    m_layerForm->setRowVisible(m_layerStride, conv);
    m_layerForm->setRowVisible(m_layerPadding, conv);
    m_layerForm->setRowVisible(m_layerBias, weighted);

    const core::LayerSummary* row =
        ref.section == LayerSection::Stem ? stemSummary(analysis, ref.index) : headSummary(spec, analysis, ref.index);
    QString text = weighted ? QString() : tr("This layer has no settings.<br>");
    if (row)
        text += tr("Output <b>%1</b> · %2 parameters")
                    .arg(QString::fromStdString(row->output.str()))
                    .arg(QString::fromStdString(core::groupThousands(row->params)));
    const auto where = ref.section == LayerSection::Stem ? core::SpecIssue::Where::Stem : core::SpecIssue::Where::Head;
    for (const core::SpecIssue& issue : analysis.issues)
        if (issue.where == where && issue.index == ref.index)
            text += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                        .arg(QString::fromStdString(issue.message).toHtmlEscaped());
    m_layerSummary->setText(text);
}

}  // namespace ui
