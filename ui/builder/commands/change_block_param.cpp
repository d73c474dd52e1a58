#include "ui/builder/commands/change_block_param.h"

#include "ui/builder/commands/command_ids.h"

#include <QCoreApplication>

#include <utility>

namespace ui {

namespace {

QString fieldText(BlockField field) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    switch (field) {
    case BlockField::Width: return tr("width");
    case BlockField::BottleneckWidth: return tr("bottleneck width");
    case BlockField::Kernel: return tr("kernel");
    case BlockField::Stride: return tr("stride");
    case BlockField::Span: return tr("layers in the branch");
    case BlockField::Activation: return tr("activation");
    case BlockField::BatchNorm: return tr("batch norm");
    }
    return {};
}

}  // namespace

core::BlockSpec withBlockField(core::BlockSpec block, BlockField field, int value) {
    switch (field) {
    case BlockField::Width: block.width = value; break;
    case BlockField::BottleneckWidth: block.bottleneckWidth = value; break;
    case BlockField::Kernel: block.kernel = value; break;
    case BlockField::Stride: block.stride = value; break;
    case BlockField::Span: block.span = value; break;
    case BlockField::Activation: block.activation = core::Activation(value); break;
    case BlockField::BatchNorm: block.batchNorm = value != 0; break;
    }
    return block;
}

int blockField(const core::BlockSpec& block, BlockField field) {
    switch (field) {
    case BlockField::Width: return block.width;
    case BlockField::BottleneckWidth: return block.bottleneckWidth;
    case BlockField::Kernel: return block.kernel;
    case BlockField::Stride: return block.stride;
    case BlockField::Span: return block.span;
    case BlockField::Activation: return int(block.activation);
    case BlockField::BatchNorm: return block.batchNorm ? 1 : 0;
    }
    return 0;
}

ChangeBlockParamCommand::ChangeBlockParamCommand(NetworkDocument* document, const QList<core::BlockId>& ids,
                                                 BlockField field, int value, QUndoCommand* parent)
    : ReplaceBlocksCommand(
          document, ids,
          [field, value](core::BlockSpec block) { return withBlockField(std::move(block), field, value); },
          fieldText(field), int(MergeId::ChangeBlockParam), int(field), parent) {}

}  // namespace ui
