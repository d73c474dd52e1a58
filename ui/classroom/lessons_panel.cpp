#include "ui/classroom/lessons_panel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QKeyEvent>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#ifndef RESNETLAB_SOURCE_LESSONS_DIR
#define RESNETLAB_SOURCE_LESSONS_DIR ""
#endif

namespace ui {

LessonsPanel::LessonsPanel(QWidget* parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_text(new QTextBrowser(this)),
      m_previous(new QPushButton(tr("◀ Previous"), this)), m_next(new QPushButton(tr("Next ▶"), this)),
      m_setUp(new QPushButton(tr("Set up"), this)), m_run(new QPushButton(tr("Run"), this)) {
    setObjectName(QStringLiteral("lessonsPanel"));
    setFocusPolicy(Qt::StrongFocus);
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_list->setMaximumHeight(140);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setOpenExternalLinks(true);
    m_setUp->setObjectName(QStringLiteral("setUp"));
    m_run->setObjectName(QStringLiteral("run"));
    m_setUp->setToolTip(tr("Load the lesson's network, data and training settings, and show its view"));
    m_run->setToolTip(tr("Do what the lesson shows (Space)"));
    // The arrow keys and Space belong to the panel, not to whichever button has focus.
    for (QWidget* w : {static_cast<QWidget*>(m_previous), static_cast<QWidget*>(m_next),
                       static_cast<QWidget*>(m_setUp), static_cast<QWidget*>(m_run)})
        w->setFocusPolicy(Qt::ClickFocus);

    // Where the class is in the chapter, between the two arrows.
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("lessonPosition"));
    m_position->setAlignment(Qt::AlignCenter);
    auto* buttons = new QGridLayout;
    buttons->addWidget(m_previous, 0, 0);
    buttons->addWidget(m_position, 0, 1);
    buttons->addWidget(m_next, 0, 2);
    buttons->addWidget(m_setUp, 1, 0);
    buttons->addWidget(m_run, 1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_current)
            setCurrentIndex(row);
    });
    connect(m_previous, &QPushButton::clicked, this, &LessonsPanel::previous);
    connect(m_next, &QPushButton::clicked, this, &LessonsPanel::next);
    connect(m_setUp, &QPushButton::clicked, this, [this] {
        if (currentLesson())
            emit setUpRequested(m_current);
    });
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (currentLesson())
            emit runRequested(m_current);
    });
    m_list->installEventFilter(this);
    m_text->installEventFilter(this);
    setFontScale(1.0);
}

QString LessonsPanel::lessonsDirectory() {
    const QString env = qEnvironmentVariable("RESNETLAB_LESSONS_DIR");
    if (!env.isEmpty())
        return env;
    const QString installed =
        QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../share/resnetlab/lessons"));
    if (QFileInfo(installed).isDir())
        return QDir::cleanPath(installed);
    return QStringLiteral(RESNETLAB_SOURCE_LESSONS_DIR);
}

int LessonsPanel::loadFrom(const QString& dir) {
    m_lessons.clear();
    m_problems.clear();
    std::vector<std::string> problems;
    try {
        m_lessons = core::loadLessonsFromDirectory(dir.toStdString(), &problems);
    } catch (const std::exception& e) {
        problems.push_back(e.what());
    }
    for (const std::string& p : problems)
        m_problems << QString::fromStdString(p);
    m_list->clear();
    for (std::size_t i = 0; i < m_lessons.size(); ++i)
        m_list->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(QString::fromStdString(m_lessons[i].title)));
    m_current = -1;
    setCurrentIndex(0);
    if (m_lessons.empty())
        m_text->setHtml(tr("<p>No lessons found in <tt>%1</tt>.</p><p>%2</p>")
                            .arg(dir.toHtmlEscaped(), m_problems.join(QStringLiteral("<br>")).toHtmlEscaped()));
    return int(m_lessons.size());
}

const core::Lesson* LessonsPanel::currentLesson() const {
    return m_current >= 0 && m_current < int(m_lessons.size()) ? &m_lessons[std::size_t(m_current)] : nullptr;
}

void LessonsPanel::setCurrentIndex(int index) {
    if (m_lessons.empty())
        return;
    index = std::clamp(index, 0, int(m_lessons.size()) - 1);
    if (index == m_current)
        return;
    m_current = index;
    m_note.clear();
    m_list->setCurrentRow(index);
    refresh();
    emit currentChanged(index);
}

void LessonsPanel::setFontScale(double scale) {
    m_fontScale = scale;
    QFont f = font();
    f.setPointSizeF(11.0 * scale);
    m_text->setFont(f);
    // On a projector the text gets the room; the Lessons menu and Previous/Next still navigate.
    m_list->setVisible(scale < 1.5);
    refresh();
}

void LessonsPanel::setNote(const QString& html) {
    m_note = html;
    refresh();
}

QString LessonsPanel::lessonHtml(int index) const {
    if (index < 0 || index >= int(m_lessons.size()))
        return {};
    const core::Lesson& l = m_lessons[std::size_t(index)];
    // Sizes in pt so they follow the presentation scale; the equations centred in a serif face.
    const double base = 11.0 * m_fontScale;
    QString html = QStringLiteral("<div style='font-size:%1pt'>").arg(base);
    // The title only a little larger than the text: a small projector's lesson box has a few
    // lines, and they are for the lesson.
    html += QStringLiteral("<h2 style='font-size:%1pt'>%2. %3</h2>")
                .arg(base * 1.2)
                .arg(index + 1)
                .arg(QString::fromStdString(l.title).toHtmlEscaped());
    for (const std::string& p : l.paragraphs)
        html += QStringLiteral("<p>%1</p>").arg(QString::fromStdString(p));   // simple HTML by design
    if (!l.equations.empty()) {
        html += QStringLiteral("<table width='100%' cellpadding='6' style='background:#f2f5fa; color:#101010'>");
        for (const std::string& e : l.equations)
            html += QStringLiteral("<tr><td align='center' style='font-family:serif; font-size:%1pt'><i>%2</i></td></tr>")
                        .arg(base * 1.3)
                        .arg(QString::fromStdString(e));
        html += QStringLiteral("</table>");
    }
    if (index == m_current && !m_note.isEmpty())
        html += QStringLiteral("<p style='color:#1a5fb4'>%1</p>").arg(m_note);
    html += QStringLiteral("</div>");
    return html;
}

QString LessonsPanel::positionText() const {
    if (m_lessons.empty())
        return tr("No lessons");
    return tr("Lesson %1 of %2").arg(std::max(m_current, 0) + 1).arg(m_lessons.size());
}

void LessonsPanel::refresh() {
    m_text->setHtml(lessonHtml(m_current));
    m_position->setText(positionText());
    m_previous->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < int(m_lessons.size()));
    m_setUp->setEnabled(currentLesson() != nullptr);
    m_run->setEnabled(currentLesson() != nullptr);
}

bool LessonsPanel::handleKey(int key) {
    switch (key) {
    case Qt::Key_Left:
        previous();
        return true;
    case Qt::Key_Right:
        next();
        return true;
    case Qt::Key_Space:
        if (currentLesson())
            emit runRequested(m_current);
        return true;
    default:
        return false;
    }
}

void LessonsPanel::keyPressEvent(QKeyEvent* event) {
    if (!handleKey(event->key()))
        QWidget::keyPressEvent(event);
}

bool LessonsPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier && handleKey(key->key()))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace ui
