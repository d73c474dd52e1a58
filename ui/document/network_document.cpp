#include "ui/document/network_document.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUndoStack>

#include <algorithm>
#include <set>

namespace ui {

namespace {

// Editors need a unique, non-zero id per block. Files written by hand may omit ids (they read
// as 0); give those blocks fresh ids. Ids that are already unique are kept.
void giveUniqueIds(core::NetworkSpec& spec) {
    std::set<core::BlockId> seen;
    core::BlockId next = spec.nextBlockId();
    for (core::BlockSpec& b : spec.blocks)
        if (b.id == 0 || !seen.insert(b.id).second)
            b.id = next++;
}

}  // namespace

NetworkDocument::NetworkDocument(QObject* parent)
    : QObject(parent), m_analysis(core::analyze(m_spec)), m_undoStack(new QUndoStack(this)),
      m_savedSpec(m_spec) {}

NetworkDocument::~NetworkDocument() = default;

QString NetworkDocument::displayName() const {
    if (!m_filePath.isEmpty())
        return QFileInfo(m_filePath).fileName();
    if (!m_spec.name.empty())
        return QString::fromStdString(m_spec.name);
    return tr("untitled");
}

void NetworkDocument::updateModified() {
    const bool modified = !(m_spec == m_savedSpec);
    if (modified != m_modified) {
        m_modified = modified;
        emit modifiedChanged(modified);
    }
}

void NetworkDocument::reset(const core::NetworkSpec& spec, const QString& filePath) {
    m_undoStack->clear();
    m_spec = spec;
    giveUniqueIds(m_spec);
    const bool pathChanged = filePath != m_filePath;
    m_filePath = filePath;
    m_analysis = core::analyze(m_spec);
    m_savedSpec = m_spec;
    updateModified();
    emit specReset();
    emit changed();
    if (pathChanged)
        emit filePathChanged(m_filePath);
}

bool NetworkDocument::load(const QString& path, QString* error) {
    core::NetworkSpec spec;
    try {
        spec = core::loadSpecFile(QFile::encodeName(path).toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    giveUniqueIds(spec);
    const core::SpecAnalysis analysis = core::analyze(spec);
    if (!analysis.valid()) {
        if (error) {
            QStringList lines;
            const std::size_t shown = std::min<std::size_t>(analysis.issues.size(), 5);
            for (std::size_t i = 0; i < shown; ++i)
                lines << QString::fromStdString(analysis.issues[i].message);
            if (analysis.issues.size() > shown)
                lines << tr("(and %n more)", nullptr, int(analysis.issues.size() - shown));
            *error = tr("%1: the network is not valid:\n%2").arg(path, lines.join('\n'));
        }
        return false;
    }
    reset(spec, QFileInfo(path).absoluteFilePath());
    return true;
}

bool NetworkDocument::save(const QString& path, QString* error) {
    QSaveFile file(path);
    const std::string json = core::specToJson(m_spec);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("%1: cannot write the file: %2").arg(path, file.errorString());
        return false;
    }
    file.write(json.data(), qint64(json.size()));
    if (!file.commit()) {
        if (error)
            *error = tr("%1: saving failed: %2").arg(path, file.errorString());
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const bool pathChanged = absolute != m_filePath;
    m_filePath = absolute;
    m_undoStack->setClean();   // the history view marks the saved state
    m_savedSpec = m_spec;
    updateModified();
    if (pathChanged)
        emit filePathChanged(m_filePath);
    return true;
}

void NetworkDocument::insertBlock(int index, const core::BlockSpec& block) {
    Q_ASSERT(block.id != 0 && !m_spec.indexOf(block.id));
    index = std::clamp(index, 0, int(m_spec.blocks.size()));
    m_spec.blocks.insert(m_spec.blocks.begin() + index, block);
    m_analysis = core::analyze(m_spec);
    emit blockInserted(block.id);
    afterChange();
}

void NetworkDocument::removeBlock(core::BlockId id) {
    const auto index = m_spec.indexOf(id);
    Q_ASSERT(index);
    if (!index)
        return;
    m_spec.blocks.erase(m_spec.blocks.begin() + std::ptrdiff_t(*index));
    m_analysis = core::analyze(m_spec);
    emit blockRemoved(id);
    afterChange();
}

void NetworkDocument::moveBlock(core::BlockId id, int newIndex) {
    const auto index = m_spec.indexOf(id);
    Q_ASSERT(index);
    if (!index)
        return;
    const core::BlockSpec block = m_spec.blocks[*index];
    m_spec.blocks.erase(m_spec.blocks.begin() + std::ptrdiff_t(*index));
    newIndex = std::clamp(newIndex, 0, int(m_spec.blocks.size()));
    m_spec.blocks.insert(m_spec.blocks.begin() + newIndex, block);
    m_analysis = core::analyze(m_spec);
    emit blockMoved(id);
    afterChange();
}

void NetworkDocument::replaceBlock(const core::BlockSpec& block) {
    const auto index = m_spec.indexOf(block.id);
    Q_ASSERT(index);
    if (!index)
        return;
    m_spec.blocks[*index] = block;
    m_analysis = core::analyze(m_spec);
    emit blockChanged(block.id);
    afterChange();
}

void NetworkDocument::replaceSpec(const core::NetworkSpec& spec) {
    m_spec = spec;
    giveUniqueIds(m_spec);
    m_analysis = core::analyze(m_spec);
    emit specReset();
    afterChange();
}

void NetworkDocument::insertLayer(LayerSection section, int index, const core::LayerSpec& layer) {
    auto& layers = layersOf(section);
    index = std::clamp(index, 0, int(layers.size()));
    layers.insert(layers.begin() + index, layer);
    m_analysis = core::analyze(m_spec);
    emit layersChanged(section);
    afterChange();
}

void NetworkDocument::removeLayer(LayerSection section, int index) {
    auto& layers = layersOf(section);
    Q_ASSERT(index >= 0 && index < int(layers.size()));
    if (index < 0 || index >= int(layers.size()))
        return;
    layers.erase(layers.begin() + index);
    m_analysis = core::analyze(m_spec);
    emit layersChanged(section);
    afterChange();
}

void NetworkDocument::replaceLayer(LayerSection section, int index, const core::LayerSpec& layer) {
    auto& layers = layersOf(section);
    Q_ASSERT(index >= 0 && index < int(layers.size()));
    if (index < 0 || index >= int(layers.size()))
        return;
    layers[std::size_t(index)] = layer;
    m_analysis = core::analyze(m_spec);
    emit layersChanged(section);
    afterChange();
}

// Every mutator has already refreshed m_analysis before emitting its specific signal, so a
// view reacting to blockInserted() sees the new shapes; changed() comes last.
void NetworkDocument::afterChange() {
    updateModified();
    emit changed();
}

}  // namespace ui
