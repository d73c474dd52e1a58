// resnetlab-cli lessons [--dir DIR]: reads and checks the guided lessons from the folder the app
// reads them from (or DIR), lists them in order, and reports every lesson file that does not
// load with its file and field. A teacher writing a lesson checks it here before class.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"

#include "core/lessons/lesson.h"
#include "ui/classroom/lessons_panel.h"

#include <QCoreApplication>

#include <iostream>
#include <memory>

namespace cli {

int runLessons(const std::vector<std::string>& argv) {
    const Args args(argv, {"dir"}, {});
    if (!args.positional().empty())
        throw UsageError("lessons takes no file; give a folder with --dir DIR");
    // The default folder is found next to the executable, which Qt knows once an application
    // object exists; no window system is needed for that.
    static int argc = 1;
    static char name[] = "resnetlab-cli";
    static char* argvStore[] = {name, nullptr};
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance())
        app = std::make_unique<QCoreApplication>(argc, argvStore);
    const std::string dir = args.has("dir") ? args.value("dir") : ui::LessonsPanel::lessonsDirectory().toStdString();
    std::vector<std::string> problems;
    const std::vector<core::Lesson> lessons = core::loadLessonsFromDirectory(dir, &problems);
    std::cout << lessons.size() << " lesson(s) in " << dir << "\n";
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        const core::Lesson& l = lessons[i];
        std::cout << "  " << i + 1 << ". " << l.title << "  [" << l.id << ": view "
                  << core::lessonViewName(l.setup.view) << ", runs " << core::lessonActionName(l.run.action) << "]\n";
    }
    for (const std::string& p : problems)
        std::cerr << "resnetlab-cli lessons: " << p << "\n";
    return problems.empty() ? kOk : kBadInput;
}

}  // namespace cli
