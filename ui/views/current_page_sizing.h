// ui/views/current_page_sizing.h: a QStackedWidget, and so a QTabWidget, asks for the room of
// its largest page, shown or not, so one large hidden page keeps the whole window large (with
// presentation fonts, larger than a projector's screen). After these calls only the page on
// show counts; the others ignore their size until they are shown.
#pragma once

class QStackedWidget;
class QTabWidget;

namespace ui {

void sizeToCurrentPage(QStackedWidget* stack);
void sizeToCurrentPage(QTabWidget* tabs);

}  // namespace ui
