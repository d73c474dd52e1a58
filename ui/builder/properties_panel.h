// ui/builder/properties_panel.h: the fields of what is selected on the canvas. One block (or
// several: an edit applies to all): width or channels, kernel, stride, layers in the branch
// (the skip's span), activation, batch norm, shortcut, with its shape, parameters, FLOPs and
// validation messages, and its design (He et al. 2016's activation placement and shortcut
// variants, each named as the paper names it; ReZero, SkipInit, Fixup). A stem or head layer: its units, kernel, stride, padding, bias. Nothing
// selected: the network's name, input and classes. Every edit is pushed at once as an undo
// command; consecutive edits of one field merge into one step.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/document/network_document.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QUndoCommand;

namespace ui {

enum class BlockField;
enum class DesignField;
enum class LayerField;

class PropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit PropertiesPanel(NetworkDocument* document, QWidget* parent = nullptr);

    // What the canvas has selected; blocks win over layers, nothing shows the network.
    void setSelection(const QList<core::BlockId>& blocks, const QList<LayerRef>& layers);
    const QList<core::BlockId>& selectedBlocks() const { return m_blocks; }

    enum class Page { Network, Block, Layer };
    Page page() const;

private:
    QWidget* buildNetworkPage();
    QWidget* buildBlockPage();
    QWidget* buildLayerPage();
    void refresh();
    void refreshNetwork();
    void refreshBlock();
    void refreshLayer();
    void editBlocks(BlockField field, int value);
    void editDesign(DesignField field, double value);
    void refreshDesign(const core::BlockSpec& block);
    void editLayer(LayerField field, int value);
    void push(QUndoCommand* command, bool changes);

    NetworkDocument* m_document;
    QList<core::BlockId> m_blocks;
    QList<LayerRef> m_layers;
    bool m_updating = false;

    QStackedWidget* m_pages;
    // Network page.
    QLineEdit* m_name;
    QComboBox* m_inputKind;
    QSpinBox* m_inputChannels;
    QSpinBox* m_inputHeight;
    QSpinBox* m_inputWidth;
    QSpinBox* m_classes;
    QLabel* m_networkSummary;
    QFormLayout* m_networkForm;
    // Block page.
    QLabel* m_blockTitle;
    QSpinBox* m_width;
    QSpinBox* m_bottleneckWidth;
    QSpinBox* m_kernel;
    QSpinBox* m_stride;
    QSpinBox* m_span;
    QComboBox* m_activation;
    QCheckBox* m_batchNorm;
    QComboBox* m_shortcut;
    // Block design.
    QLabel* m_designTitle;
    QComboBox* m_placement;
    QComboBox* m_shortcutVariant;
    QDoubleSpinBox* m_shortcutScale;
    QCheckBox* m_scaleBranch;
    QDoubleSpinBox* m_gateBias;
    QDoubleSpinBox* m_dropoutRate;
    QComboBox* m_residualScale;
    QDoubleSpinBox* m_alphaInit;
    QFormLayout* m_designForm;
    QLabel* m_blockSummary;
    QLabel* m_blockIssues;
    QPushButton* m_fixProjection;
    QPushButton* m_fixZeroPad;
    QFormLayout* m_blockForm;
    // Layer page.
    QLabel* m_layerTitle;
    QSpinBox* m_layerUnits;
    QSpinBox* m_layerKernel;
    QSpinBox* m_layerStride;
    QSpinBox* m_layerPadding;
    QCheckBox* m_layerBias;
    QLabel* m_layerSummary;
    QFormLayout* m_layerForm;
};

}  // namespace ui
