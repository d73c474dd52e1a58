#include "ui/document/autosave.h"

#include "ui/document/network_document.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUndoStack>

#include <utility>

namespace ui {

namespace {

constexpr qint64 kMaxRecoveryBytes = 512LL << 20;

}  // namespace

QString Autosaver::defaultPath() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + "/.resnetlab";
    return dir + "/recovery.json";
}

Autosaver::Autosaver(NetworkDocument* document, const QString& path, int intervalMs, QObject* parent)
    : QObject(parent), m_document(document), m_path(path.isEmpty() ? defaultPath() : path) {
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_document->isModified())
            saveNow();
    });
    m_timer.start();
    // A structural edit is saved once its command is on the stack (the stack's index moves
    // after the command's redo has emitted the block signal), so the copy is marked unsaved.
    auto structural = [this] { m_structuralPending = true; };
    connect(document, &NetworkDocument::blockInserted, this, structural);
    connect(document, &NetworkDocument::blockRemoved, this, structural);
    connect(document, &NetworkDocument::blockMoved, this, structural);
    connect(document, &NetworkDocument::specReset, this, structural);
    connect(document->undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (std::exchange(m_structuralPending, false) && m_document->isModified())
            saveNow();
    });
    // Saved to its file: the recovery copy is no longer needed.
    connect(document, &NetworkDocument::modifiedChanged, this, [this](bool modified) {
        if (!modified)
            discard();
    });
}

bool Autosaver::saveNow(QString* error) {
    QJsonObject o;
    o["format"] = "resnetlab-recovery";
    o["version"] = 1;
    o["original_path"] = m_document->filePath();
    o["saved_at"] = QDateTime::currentDateTime().toString(Qt::ISODate);
    o["spec"] = QString::fromStdString(core::specToJson(m_document->spec()));
    o["weights"] = QString::fromLatin1(m_weights.toBase64());
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 ||
        !file.commit()) {
        if (error)
            *error = tr("%1: cannot write the recovery file: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

void Autosaver::discard() {
    QFile::remove(m_path);
}

void Autosaver::setResults(const QByteArray& weights) {
    m_weights = weights;
    if (m_document->isModified())
        saveNow();
}

std::optional<Recovery> Autosaver::pending(const QString& path, const std::optional<core::NetworkSpec>& untitled) {
    QFile file(path.isEmpty() ? defaultPath() : path);
    if (!file.exists() || file.size() > kMaxRecoveryBytes || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    if (o.value("format").toString() != "resnetlab-recovery" || !o.value("spec").isString())
        return std::nullopt;
    Recovery r;
    r.originalPath = o.value("original_path").toString();
    r.savedAt = o.value("saved_at").toString();
    r.specJson = o.value("spec").toString().toUtf8();
    r.weights = QByteArray::fromBase64(o.value("weights").toString().toLatin1());
    if (!untitled)
        return r;
    try {
        r.savedSpec = r.originalPath.isEmpty()
                          ? *untitled
                          : core::loadSpecFile(QFile::encodeName(r.originalPath).toStdString());
    } catch (const std::exception&) {
        r.savedSpec.reset();   // the file is gone or damaged: the copy is all there is
    }
    bool unchanged = false;
    try {
        unchanged = r.savedSpec && core::specFromJson(r.specJson.toStdString()) == *r.savedSpec;
    } catch (const std::exception&) {
        unchanged = false;   // a damaged copy is the restore dialog's to report
    }
    if (unchanged) {
        file.close();
        QFile::remove(file.fileName());
        return std::nullopt;
    }
    return r;
}

}  // namespace ui
