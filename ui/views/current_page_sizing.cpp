#include "ui/views/current_page_sizing.h"

#include <QEvent>
#include <QStackedWidget>
#include <QTabWidget>

namespace ui {

namespace {

constexpr const char* kOwnPolicy = "resnetlab_ownSizePolicy";

void apply(QStackedWidget* stack) {
    for (int i = 0; i < stack->count(); ++i) {
        QWidget* page = stack->widget(i);
        if (!page->property(kOwnPolicy).isValid())
            page->setProperty(kOwnPolicy, QVariant::fromValue(page->sizePolicy()));
        if (page == stack->currentWidget())
            page->setSizePolicy(page->property(kOwnPolicy).value<QSizePolicy>());
        else
            page->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    }
    stack->updateGeometry();
}

// A page added later (a lesson's view) is a new child of the stack; QStackedWidget has no
// signal for it.
class PageWatcher : public QObject {
public:
    explicit PageWatcher(QStackedWidget* stack) : QObject(stack), m_stack(stack) { stack->installEventFilter(this); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_stack && event->type() == QEvent::ChildAdded)
            QMetaObject::invokeMethod(this, [this] { apply(m_stack); }, Qt::QueuedConnection);
        return false;
    }

private:
    QStackedWidget* m_stack;
};

}  // namespace

void sizeToCurrentPage(QStackedWidget* stack) {
    QObject::connect(stack, &QStackedWidget::currentChanged, stack, [stack] { apply(stack); });
    QObject::connect(stack, &QStackedWidget::widgetRemoved, stack, [stack] { apply(stack); });
    new PageWatcher(stack);
    apply(stack);
}

void sizeToCurrentPage(QTabWidget* tabs) {
    // The tab widget's pages live in its own stack, a direct child.
    if (auto* stack = tabs->findChild<QStackedWidget*>(QString(), Qt::FindDirectChildrenOnly))
        sizeToCurrentPage(stack);
}

}  // namespace ui
