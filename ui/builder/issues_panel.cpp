#include "ui/builder/issues_panel.h"

#include "ui/builder/builder_resources.h"
#include "ui/builder/builder_style.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/document/spec_queries.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int kWhereRole = Qt::UserRole + 1;
constexpr int kIndexRole = Qt::UserRole + 2;
constexpr int kBlockIdRole = Qt::UserRole + 3;

}  // namespace

IssuesPanel::IssuesPanel(NetworkDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_list(new QListWidget(this)), m_status(new QLabel(this)) {
    ensureResources();
    m_list->setObjectName(QStringLiteral("issues"));
    m_list->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_status->setContentsMargins(6, 4, 6, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);
    m_list->viewport()->installEventFilter(this);
    connect(m_list, &QListWidget::itemClicked, this, &IssuesPanel::activate);
    connect(m_list, &QListWidget::itemActivated, this, &IssuesPanel::activate);
    connect(document, &NetworkDocument::changed, this, &IssuesPanel::refresh);
    refresh();
}

int IssuesPanel::issueCount() const { return int(m_document->analysis().issues.size()); }

void IssuesPanel::refresh() {
    const core::NetworkSpec& spec = m_document->spec();
    const core::SpecAnalysis& analysis = m_document->analysis();
    m_list->clear();
    const QIcon icon(QStringLiteral(":/icons/issue.svg"));
    for (const core::SpecIssue& issue : analysis.issues) {
        auto* item = new QListWidgetItem(m_list);
        item->setData(kWhereRole, int(issue.where));
        item->setData(kIndexRole, issue.index);
        std::vector<core::ShortcutKind> fixes;
        if (issue.where == core::SpecIssue::Where::Block && issue.index >= 0 &&
            issue.index < int(spec.blocks.size())) {
            const core::BlockId id = spec.blocks[std::size_t(issue.index)].id;
            item->setData(kBlockIdRole, QVariant::fromValue<qulonglong>(id));
            if (issue.field == "shortcut")
                fixes = shortcutFixes(spec, id);
        }
        // A row: the icon, the core's message, and the fixes as buttons.
        auto* row = new QWidget;
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(6, 4, 6, 4);
        auto* badge = new QLabel(row);
        badge->setPixmap(icon.pixmap(16, 16));
        badge->setAlignment(Qt::AlignTop);
        auto* text = new QLabel(QString::fromStdString(issue.message), row);
        text->setWordWrap(true);
        text->setAttribute(Qt::WA_TransparentForMouseEvents);
        badge->setAttribute(Qt::WA_TransparentForMouseEvents);
        layout->addWidget(badge);
        layout->addWidget(text, 1);
        if (!fixes.empty()) {
            auto* buttons = new QVBoxLayout;
            const core::BlockId id = spec.blocks[std::size_t(issue.index)].id;
            for (core::ShortcutKind kind : fixes) {
                auto* button = new QToolButton(row);
                button->setText(kind == core::ShortcutKind::Projection ? tr("Use projection") : tr("Use zero-padding"));
                button->setObjectName(kind == core::ShortcutKind::Projection ? QStringLiteral("fixProjection")
                                                                             : QStringLiteral("fixZeroPad"));
                button->setToolTip(kind == core::ShortcutKind::Projection
                                       ? tr("Put a learned 1x1 projection + BN on the skip (He et al. eq. 2)")
                                       : tr("Subsample the skip and append zero channels (option A, no parameters)"));
                connect(button, &QToolButton::clicked, this, [this, id, kind] {
                    // Queued: the click comes from a widget that the push's refresh deletes.
                    QMetaObject::invokeMethod(
                        this,
                        [this, id, kind] {
                            auto* command = new SetShortcutCommand(m_document, id, kind);
                            if (command->changesAnything())
                                m_document->undoStack()->push(command);
                            else
                                delete command;
                            emit blockActivated(id);
                        },
                        Qt::QueuedConnection);
                });
                buttons->addWidget(button);
            }
            layout->addLayout(buttons);
        }
        m_list->setItemWidget(item, row);
    }
    updateRowHeights();
    const int count = int(analysis.issues.size());
    m_status->setText(count == 0 ? tr("<span style='color:#2e7d32'>✔ The network is valid and can be trained.</span>")
                                 : tr("<span style='color:#c62828'><b>%1</b>: training is disabled until the network is "
                                      "valid. Click a problem to find its block.</span>")
                                       .arg(canvas::problemsText(count)));
    m_status->setWordWrap(true);
    if (count != m_count) {
        m_count = count;
        emit countChanged(count);
    }
}

// Word-wrapped rows are as tall as their text needs at the list's current width.
void IssuesPanel::updateRowHeights() {
    const int width = m_list->viewport()->width();
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        QWidget* row = m_list->itemWidget(item);
        if (!row)
            continue;
        const int height = row->hasHeightForWidth() ? row->heightForWidth(width) : row->sizeHint().height();
        item->setSizeHint(QSize(width, std::max(28, height)));
    }
}

bool IssuesPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        updateRowHeights();
    return QWidget::eventFilter(watched, event);
}

void IssuesPanel::activate(QListWidgetItem* item) {
    const auto where = core::SpecIssue::Where(item->data(kWhereRole).toInt());
    const int index = item->data(kIndexRole).toInt();
    if (where == core::SpecIssue::Where::Block && item->data(kBlockIdRole).isValid())
        emit blockActivated(core::BlockId(item->data(kBlockIdRole).toULongLong()));
    else if (where == core::SpecIssue::Where::Stem && index >= 0)
        emit layerActivated(LayerSection::Stem, index);
    else if (where == core::SpecIssue::Where::Head && index >= 0)
        emit layerActivated(LayerSection::Head, index);
}

}  // namespace ui
