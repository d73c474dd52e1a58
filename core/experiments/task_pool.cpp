#include "core/experiments/task_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace core {

int taskThreads(int requested, int count) {
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, std::min(requested > 0 ? requested : hardware, count));
}

int runTasks(int count, int threads, std::stop_token stop, const std::function<void(int index, int thread)>& task,
             const std::function<void(int done)>& onDone) {
    threads = std::max(1, threads);
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
    auto work = [&](int thread) {
        try {
            for (int index = next++; index < count && !stop.stop_requested(); index = next++) {
                task(index, thread);
                const int finished = ++done;
                if (thread == 0 && onDone)
                    onDone(finished);
            }
        } catch (...) {
            errors[std::size_t(thread)] = std::current_exception();
            next = count;   // the other threads take no new task
        }
    };
    {
        std::vector<std::jthread> workers;
        for (int t = 1; t < threads; ++t)
            workers.emplace_back(work, t);
        work(0);
    }
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
    return done.load();
}

}  // namespace core
