#pragma once
// The console reporter of Google Benchmark that also keeps each benchmark's time per
// iteration, so a benchmark program can print ratios measured in the same run.

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace fleetcast::bench {

class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  /// real_time: wall-clock time per iteration (threaded runs); otherwise CPU time.
  explicit collecting_reporter(bool real_time = false) : real_time_(real_time) {}
  std::map<std::string, double> seconds;  ///< per iteration, by name without /min_time, /real_time
  struct times {
    double real = 0, cpu = 0;  ///< wall clock, and the process's CPU over all threads
  };
  std::map<std::string, times> both;  ///< per iteration, by the same names
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.iterations > 0) {
        std::string name = r.benchmark_name();
        name = name.substr(0, name.find("/min_time"));
        name = name.substr(0, name.find("/real_time"));
        const times t{r.real_accumulated_time / double(r.iterations), r.cpu_accumulated_time / double(r.iterations)};
        both[name] = t;
        seconds[name] = real_time_ ? t.real : t.cpu;
      }
    ConsoleReporter::ReportRuns(runs);
  }

 private:
  bool real_time_;
};

}  // namespace fleetcast::bench
