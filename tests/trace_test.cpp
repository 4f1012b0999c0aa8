// Demand traces: CSV reading with its errors, replay onto simulation steps, circular block
// bootstrap, real public traces, and a scenario that names a trace file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fleetcast/demand/trace.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/trace_csv.hpp"

namespace fleetcast {
namespace {

std::string error_of(std::string_view text, trace_csv_options o) {
  try {
    (void)parse_trace_csv(text, "t.csv", o);
  } catch (const error& e) {
    return e.id() + " " + e.place();
  }
  return "ok";
}

TEST(TraceCsv, ReadsColumnsByNameWithOrWithoutTimestamps) {
  trace_csv_options o;
  o.value_column = "cpu";
  auto tr = parse_trace_csv("cpu,mem\n1.5,2\n2.5,3\n", "t.csv", o);
  EXPECT_EQ(tr.values, (std::vector<double>{1.5, 2.5}));
  EXPECT_EQ(tr.interval_s, 300.0);
  o.timestamp_column = "t";
  tr = parse_trace_csv("t,cpu\r\n0,1\r\n60,2\r\n120,3\r\n", "t.csv", o);
  EXPECT_EQ(tr.interval_s, 60.0);
  EXPECT_EQ(tr.values.size(), 3u);
  // Bitbrains style: ';' with tabs after it.
  o = {};
  o.value_column = "CPU usage [MHZ]";
  o.timestamp_column = "Timestamp [ms]";
  tr = parse_trace_csv("Timestamp [ms];\tCPU usage [MHZ]\n100;\t5\n400;\t7\n", "t.csv", o);
  EXPECT_EQ(tr.values, (std::vector<double>{5, 7}));
  EXPECT_EQ(tr.interval_s, 300.0);
  // scale, then scale_to_mean: values 1, 3 (mean 2) → mean 4 → 2, 6.
  o = {};
  o.value_column = "v";
  o.scale = 10;
  o.scale_to_mean = 4;
  tr = parse_trace_csv("v\n0.1\n0.3\n", "t.csv", o);
  EXPECT_NEAR(tr.values[0], 2.0, 1e-12);
  EXPECT_NEAR(tr.values[1], 6.0, 1e-12);
}

TEST(TraceCsv, BadTracesAreClearErrors) {
  trace_csv_options o;
  o.value_column = "v";
  EXPECT_EQ(error_of("", o), "fleetcast.input.10 t.csv");
  EXPECT_EQ(error_of("v\n", o), "fleetcast.input.10 t.csv:2");
  EXPECT_EQ(error_of("x\n1\n", o), "fleetcast.input.4 t.csv:1");
  EXPECT_EQ(error_of("v\n1\nabc\n", o), "fleetcast.input.1 t.csv:3");
  EXPECT_EQ(error_of("v\n1\nnan\n", o), "fleetcast.input.5 t.csv:3");
  EXPECT_EQ(error_of("v\n1\n-2\n", o), "fleetcast.input.5 t.csv:3");
  EXPECT_EQ(error_of("v,w\n1\n", o), "ok");  // the value column is there
  o.timestamp_column = "t";
  // A gap: 0, 300, 900 — the sample at 600 is missing.
  EXPECT_EQ(error_of("t,v\n0,1\n300,1\n900,1\n", o), "fleetcast.input.5 t.csv:4");
  EXPECT_EQ(error_of("t,v\n0,1\n0,1\n", o), "fleetcast.input.5 t.csv:3");
}

TEST(Trace, ReplayRepeatsEachSampleAcrossStepsAndWraps) {
  demand::trace tr;
  tr.values = {1, 2, 3};
  tr.interval_s = 300;
  const demand::horizon h{1.0 / 24.0, 60};  // 60 one-minute steps, the trace lasts 15 minutes
  std::vector<double> out(60);
  demand::replay(tr, h, out);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], double(1 + (i / 5) % 3)) << i;
}

TEST(Trace, BlockBootstrapCopiesContiguousBlocks) {
  demand::trace tr;
  for (int i = 0; i < 288; ++i) tr.values.push_back(double(i));  // one day of 5-minute samples
  tr.interval_s = 300;
  tr.block_s = 3 * 3600;  // 3-hour blocks: 36 samples
  const demand::horizon h{7.0, 300};
  std::vector<double> a(std::size_t(h.steps())), b(a.size());
  auto g1 = make_stream(9, 0, stream_purpose::bootstrap);
  auto g2 = make_stream(9, 0, stream_purpose::bootstrap);
  demand::block_bootstrap(tr, h, g1, a);
  demand::block_bootstrap(tr, h, g2, b);
  EXPECT_EQ(a, b);  // a pure function of the stream
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (i % 36 == 0) continue;  // a new block may start anywhere
    EXPECT_EQ(a[i], std::fmod(a[i - 1] + 1, 288.0)) << i;  // inside a block: the next sample
  }
  // Block starts are uniform over the trace: over many paths the mean is the trace's, 143.5,
  // within 5 standard errors (a block's mean has sd ≈ 288/√12 ≈ 83 over 56 blocks a path).
  double sum = 0;
  const int paths = 200;
  for (int p = 0; p < paths; ++p) {
    auto g = make_stream(9, std::uint64_t(p), stream_purpose::bootstrap);
    demand::block_bootstrap(tr, h, g, a);
    for (double v : a) sum += v;
  }
  const double mean = sum / (double(paths) * double(a.size()));
  EXPECT_NEAR(mean, 143.5, 5 * 83.1 / std::sqrt(56.0 * paths));
}

TEST(Trace, RealPublicTracesRead) {
  const std::filesystem::path dir = std::filesystem::path(FLEETCAST_SHARED_DATA_DIR) / "traces";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared traces not found at " << dir;
  trace_csv_options o;
  o.value_column = "cpu_usage";
  o.timestamp_column = "timestamp";
  o.scale_to_mean = 10;
  const auto path = (dir / "azure_v2_aggregated/vm_cpu_readings_month_aggregated_cpu_mem.csv").string();
  const auto az = parse_trace_csv(read_text_file(path), path, o);
  EXPECT_EQ(az.interval_s, 300.0);  // the README: every 300 s over 30 days
  EXPECT_GT(az.values.size(), 8000u);
  o = {};
  o.value_column = "avg_cpu";
  const auto gpath = (dir / "google_2019_aggregated/instance_usage_grouped_300_seconds_month.csv").string();
  const auto gg = parse_trace_csv(read_text_file(gpath), gpath, o);
  EXPECT_GT(gg.values.size(), 8000u);
}

TEST(Trace, ScenarioReadsATraceFileBesideIt) {
  const auto dir = std::filesystem::temp_directory_path() / "fleetcast-trace-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "demand.csv") << "t,load\n0,2\n300,4\n";
  const std::string scenario = R"({"name": "traced", "horizon": {"days": 1, "step_seconds": 60},
    "services": [{"name": "api", "task": {"cpu": 512, "memory": 1024},
                  "demand": {"trace": {"file": "demand.csv", "column": "load", "timestamp_column": "t",
                                       "block_hours": 6}}}],
    "options": [{"name": "f", "platform": "ecs", "compute": "fargate"}]})";
  std::ofstream(dir / "s.json") << scenario;
  const sim::scenario s = load_scenario((dir / "s.json").string(), default_catalog());
  ASSERT_TRUE(s.services[0].trace.has_value());
  EXPECT_EQ(s.services[0].trace->values, (std::vector<double>{2, 4}));
  EXPECT_EQ(s.services[0].trace->block_s, 6 * 3600.0);
  std::filesystem::remove(dir / "demand.csv");
  try {
    (void)load_scenario((dir / "s.json").string(), default_catalog());
    FAIL();
  } catch (const io_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.io.1");
    EXPECT_EQ(e.place(), "/services/0/demand/trace/file");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetcast
