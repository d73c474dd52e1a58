// ui/builder/preset_dialog.h: "New from preset". Either a named network of the core (ResNet-20
// to ResNet-110 and their plain twins, the spiral demo MLPs, the bottleneck example) or one
// described by family (plain or residual), depth, width and input (2-D points: an MLP of
// dense blocks; images: a CIFAR-style 6n+2 conv net). Shows depth, parameters and FLOPs of the
// choice before it is opened.
#pragma once

#include "core/spec/network_spec.h"

#include <QDialog>

#include <optional>
#include <string>

class QComboBox;
class QLabel;
class QListWidget;
class QRadioButton;
class QSlider;
class QSpinBox;

namespace ui {

class PresetDialog : public QDialog {
    Q_OBJECT
public:
    explicit PresetDialog(QWidget* parent = nullptr);

    // The network the dialog currently describes.
    core::NetworkSpec spec() const;
    // Chooses a named preset ("resnet56", "spiral-plain-32", ...); false if unknown.
    bool selectPreset(const QString& name);
    // The custom form (a named preset is left when any of these changes).
    void setCustom(bool residual, bool images, int depth, int width);
    int depth() const;

    // "ResNet-56 (residual, images)" for "resnet56".
    static QString presetTitle(const std::string& name);

private:
    void onFormChanged();
    void updateDepthRange();
    void updatePreview();
    core::NetworkSpec customSpec() const;

    QListWidget* m_presets;
    QRadioButton* m_plain;
    QRadioButton* m_residual;
    QComboBox* m_input;
    QSlider* m_depth;
    QLabel* m_depthLabel;
    QSpinBox* m_width;
    QLabel* m_preview;
    std::optional<std::string> m_named;
    bool m_updating = false;
};

}  // namespace ui
