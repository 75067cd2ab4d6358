#pragma once

#include <atomic>
#include <chrono>

namespace esr::schedule {

// Where the scheduler reads the current time, so tests can control it.
// Guarantees: now() is whole seconds, UTC, and never throws.
class Clock {
 public:
  Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  virtual ~Clock() = default;

  [[nodiscard]] virtual std::chrono::sys_seconds now() const = 0;
};

// The system wall clock, truncated to seconds. May jump if the system time is changed.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::sys_seconds now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to, for tests. Safe to read and set from several threads.
// It does not check what it is set to: it may be moved backwards, as a real clock can be.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::sys_seconds start) : now_(start) {}

  [[nodiscard]] std::chrono::sys_seconds now() const override { return now_.load(); }
  void set(std::chrono::sys_seconds t) { now_.store(t); }
  void advance(std::chrono::seconds by) {
    std::chrono::sys_seconds current = now_.load();
    while (!now_.compare_exchange_weak(current, current + by)) {
    }
  }

 private:
  std::atomic<std::chrono::sys_seconds> now_;
};

}  // namespace esr::schedule
