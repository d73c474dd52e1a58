// core/experiments/task_pool.h: independent tasks 0..count-1 spread over a few threads.
// The loss landscape (one task per grid point) and the shattered-gradients measurement (one
// per network) both hand out their tasks in order from one counter, each thread taking the
// next one when it is free, so threads that get cheap tasks take more of them.
#pragma once

#include <functional>
#include <stop_token>

namespace core {

// Runs task(index, thread) for every index in [0, count) on `threads` threads: the calling
// thread is thread 0, the others are started for the call. A thread index lets a task keep
// per-thread state (a network replica) in a vector of `threads` slots. No new task starts once
// `stop` is requested. onDone(done) runs on the calling thread after each of its tasks, with the
// number of tasks finished by all threads so far. The first exception a task throws stops the
// others from taking new tasks and is rethrown here once every thread has finished.
// Returns the number of tasks that finished.
int runTasks(int count, int threads, std::stop_token stop, const std::function<void(int index, int thread)>& task,
             const std::function<void(int done)>& onDone = {});

// The thread count for `count` tasks: `requested` when positive, otherwise one per core, and
// never more threads than tasks.
int taskThreads(int requested, int count);

}  // namespace core
