// ui/classroom/lessons_panel.h: the "Lessons" dock. The lessons of the ResNet chapter, read
// from their data files (core/lessons/lesson.h), one at a time: the title, the text and the
// equations as rich text in a large font, Previous/Next, "Set up" and "Run". The panel only
// shows lessons and says which button was pressed; the Classroom performs them.
// Keys while it has focus: Left/Right = previous/next lesson, Space = Run.
#pragma once

#include "core/lessons/lesson.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace ui {

class LessonsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonsPanel(QWidget* parent = nullptr);

    // Where the lesson files are: $RESNETLAB_LESSONS_DIR, else <executable>/../share/resnetlab/
    // lessons, else the source tree's resources/lessons (the first that exists).
    static QString lessonsDirectory();

    // Loads every lesson of `dir`; bad files are skipped and listed in problems(). Returns the
    // number of lessons loaded.
    int loadFrom(const QString& dir);
    const std::vector<core::Lesson>& lessons() const { return m_lessons; }
    QStringList problems() const { return m_problems; }

    int currentIndex() const { return m_current; }
    const core::Lesson* currentLesson() const;
    void setCurrentIndex(int index);
    void next() { setCurrentIndex(m_current + 1); }
    void previous() { setCurrentIndex(m_current - 1); }

    // Text size for presentation (1.0 = screen).
    void setFontScale(double scale);
    double fontScale() const { return m_fontScale; }
    // A line under the lesson: what Set up or Run did, or why not.
    void setNote(const QString& html);
    // The lesson as HTML (title, paragraphs, equations): what the text browser shows.
    QString lessonHtml(int index) const;
    QTextBrowser* textBrowser() const { return m_text; }
    // "Lesson 2 of 11": shown between Previous and Next.
    QString positionText() const;

signals:
    void currentChanged(int index);
    void setUpRequested(int index);
    void runRequested(int index);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    // The list and the text browser would take the arrows and Space for themselves.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    bool handleKey(int key);

    std::vector<core::Lesson> m_lessons;
    QStringList m_problems;
    int m_current = -1;
    double m_fontScale = 1.0;
    QString m_note;
    QListWidget* m_list;
    QTextBrowser* m_text;
    QPushButton* m_previous;
    QPushButton* m_next;
    QPushButton* m_setUp;
    QPushButton* m_run;
    QLabel* m_position;
};

}  // namespace ui
