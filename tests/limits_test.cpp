// Input limits (core/limits.hpp): each passes at the limit and fails one above it with
// input.13 and the `--limit NAME=N` hint. Expected counts come from the inputs as built here
// (a nesting of k brackets has depth k, a string of n bytes between its quotes has n bytes) or
// from the definition of the limit (steps × services × options, steps × options × trials).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/commit_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/price_list_import.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"

namespace fleetcast {
namespace {
using result = fleetcast::test::cli_result;
using fleetcast::test::run_cli;

namespace fs = std::filesystem;

const std::string source_dir = FLEETCAST_SOURCE_DIR;

// Every test starts from the defaults; `set` changes one limit of the limits the test passes
// to the readers (there is no process-wide setting).
class Limits : public ::testing::Test {
 protected:
  input_limits lim_;

  /// The defaults with limit `l` set to `n`.
  void set(limit l, std::uint64_t n) {
    lim_ = input_limits{};
    limit_value(lim_, l) = n;
  }
  [[nodiscard]] fleet quote_text(const std::string& text) const { return parse_fleet(text, "fleet.json", lim_); }
  [[nodiscard]] std::string offer_error(const fs::path& f) const;

  fs::path dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto d = fs::temp_directory_path() /
             ("fleetcast-limits-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::create_directories(d);
    dirs_.push_back(d);
    return d;
  }
  ~Limits() override {
    for (const auto& d : dirs_) fs::remove_all(d);
  }

 private:
  std::vector<fs::path> dirs_;
};

/// Runs `f`; returns the fleetcast error it throws ("" when it throws none).
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

/// The error must be input.13 with the hint for `name`, at a place starting with `place`.
void expect_limit(const std::string& what, const std::string& name, const std::string& place = "") {
  EXPECT_EQ(what.rfind("[fleetcast.input.13] " + place, 0), 0u) << what;
  EXPECT_NE(what.find("(raise it with --limit " + name + "=N)"), std::string::npos) << what;
}
void expect_not_limit(const std::string& what) {
  EXPECT_EQ(what.find("input.13"), std::string::npos) << what;
}

std::string fleet_with(const std::string& extra) {
  return R"({"fargate": [{"name": "a", "cpu": 256, "memory": 512, "count": 1, "run_seconds": 60}])" +
         extra + "}";
}

std::string scenario_with(int services, int options) {
  std::string s = R"({"name": "m", "horizon": {"days": 1, "step_seconds": 60}, "services": [)";
  for (int i = 0; i < services; ++i)
    s += std::string(i ? ", " : "") + R"({"name": "s)" + std::to_string(i) +
         R"(", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}})";
  s += R"(], "options": [)";
  for (int j = 0; j < options; ++j)
    s += std::string(j ? ", " : "") + R"({"name": "o)" + std::to_string(j) + R"("})";
  return s + "]}";
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

TEST_F(Limits, DefaultsAreTheDocumentedOnes) {
  const input_limits d;
  EXPECT_EQ(d.file_bytes, 67'108'864u);  // 64 MiB
  EXPECT_EQ(d.depth, 64u);
  EXPECT_EQ(d.string_bytes, 1'048'576u);  // 1 MiB
  EXPECT_EQ(d.services, 10'000u);
  EXPECT_EQ(d.options, 1'000u);
  EXPECT_EQ(d.instance_types, 10'000u);
  EXPECT_EQ(d.fleet_lines, 100'000u);
  EXPECT_EQ(d.pack_shapes, 1'000'000u);
  EXPECT_EQ(d.ledger_hours, 1'000'000u);
  EXPECT_EQ(d.work, 1'000'000'000'000u);
  EXPECT_EQ(d.path_work, 500'000'000u);
  EXPECT_EQ(default_max_input_bytes, d.file_bytes);
  EXPECT_EQ(max_scenario_work, double(d.path_work));
}

TEST_F(Limits, ApplyParsesNamesAndWholeNumbers) {
  input_limits v;
  apply_limit(v, "depth=128");
  apply_limit(v, "work=2e12");
  apply_limit(v, "file-bytes=9007199254740993");  // 2^53 + 1: read exactly, not through double
  apply_limit(v, "path-work=1");
  EXPECT_EQ(v.depth, 128u);
  EXPECT_EQ(v.work, 2'000'000'000'000u);
  EXPECT_EQ(v.file_bytes, 9'007'199'254'740'993u);
  EXPECT_EQ(v.path_work, 1u);
  for (limit l : all_limits) {
    input_limits w;
    apply_limit(w, std::string(limit_name(l)) + "=7");
    EXPECT_EQ(limit_value(w, l), 7u) << limit_name(l);
  }
  for (const char* bad : {"depth", "depth=", "depth=0", "depth=-1", "depth=1.5", "depth=abc",
                          "depth=1e30", "deep=3", "=3", "depth=3x", "depth=nan", "depth=inf"}) {
    const std::string what = error_of([&] { apply_limit(v, bad); });
    EXPECT_EQ(what.rfind("[fleetcast.usage.1] --limit: ", 0), 0u) << bad << ": " << what;
  }
}

TEST_F(Limits, FileBytesChecksTheSizeBeforeReading) {
  const fs::path f = dir() / "fleet.json";
  const std::string text = fleet_with("");
  write(f, text);
  set(limit::file_bytes, text.size());
  EXPECT_EQ(read_text_file(f.string(), lim_), text);
  set(limit::file_bytes, text.size() - 1);
  const std::string what = error_of([&] { (void)read_text_file(f.string(), lim_); });
  expect_limit(what, "file-bytes",
               f.string() + ": a file of " + std::to_string(text.size()) +
                   " bytes exceeds the limit of " + std::to_string(text.size() - 1));
}

TEST_F(Limits, DepthCountsBracketsFromTheTopLevelObject) {
  // The root object is depth 1; "$pad" (ignored by the reader) adds k arrays: depth k + 1.
  const int k = 9;
  const std::string text = fleet_with(R"(, "$pad": )" + std::string(k, '[') + std::string(k, ']'));
  set(limit::depth, k + 1);
  EXPECT_EQ(quote_text(text).fargate.size(), 1u);
  set(limit::depth, k);
  // The bracket that opens depth k + 1: the k-th '[' of "$pad", line 1.
  const std::size_t column = text.find('[', text.find("$pad")) + k;  // 0-based of the k-th, + 1
  expect_limit(error_of([&] { (void)quote_text(text); }), "depth",
               "fleet.json:1:" + std::to_string(column) + ": nesting depth exceeds the limit of " +
                   std::to_string(k));
}

TEST_F(Limits, DepthAtTheDefaultAndOneAbove) {
  const std::uint64_t d = input_limits{}.depth;
  const auto pad = [](std::uint64_t levels) {
    return R"(, "$pad": )" + std::string(levels, '[') + std::string(levels, ']');
  };
  expect_not_limit(error_of([&] { (void)quote_text(fleet_with(pad(d - 1))); }));
  expect_limit(error_of([&] { (void)quote_text(fleet_with(pad(d))); }), "depth", "fleet.json:1:");
  // 100 000 levels are refused by the pre-scan, before nlohmann builds anything.
  expect_limit(error_of([&] { (void)quote_text(fleet_with(pad(100'000))); }), "depth",
               "fleet.json:1:");
}

TEST_F(Limits, StringBytesCountBetweenTheQuotesAsWritten) {
  const std::size_t n = 40;
  const std::string text = fleet_with(R"(, "$pad": ")" + std::string(n, 'x') + "\"");
  set(limit::string_bytes, n);
  EXPECT_NO_THROW((void)quote_text(text));
  set(limit::string_bytes, n - 1);
  const std::size_t column = text.find('"', text.find("$pad") + 5) + 1;
  expect_limit(
      error_of([&] { (void)quote_text(text); }), "string-bytes",
      "fleet.json:1:" + std::to_string(column) + ": a string of 40 bytes exceeds the limit of 39");
  // An escape counts as written (two bytes), and an escaped quote does not end the string.
  const std::string escaped =
      fleet_with(R"(, "$pad": "ab\"cd\\efgh")");  // 12 bytes between the quotes
  set(limit::string_bytes, 12);
  EXPECT_NO_THROW((void)quote_text(escaped));
  set(limit::string_bytes, 11);
  expect_limit(error_of([&] { (void)quote_text(escaped); }), "string-bytes");
  // Keys are strings too (the reader then finds nothing to price: input.4).
  set(limit::string_bytes, 8);
  EXPECT_EQ(
      error_of([&] { (void)quote_text(R"({"$abcdefg": 1})"); }).rfind("[fleetcast.input.4]", 0),
      0u);
  set(limit::string_bytes, 7);
  expect_limit(error_of([&] { (void)quote_text(R"({"$abcdefg": 1})"); }), "string-bytes",
               "fleet.json:1:2: a string of 8 bytes");
}

TEST_F(Limits, StringBytesAtTheDefault) {
  const std::uint64_t n = input_limits{}.string_bytes;
  expect_not_limit(error_of(
      [&] { (void)quote_text(fleet_with(R"(, "$pad": ")" + std::string(n, 'x') + "\"")); }));
  expect_limit(error_of([&] {
                 (void)quote_text(fleet_with(R"(, "$pad": ")" + std::string(n + 1, 'x') + "\""));
               }),
               "string-bytes", "fleet.json:1:");
}

TEST_F(Limits, ServicesAndOptionsAreCountedBeforeReadingThem) {
  const std::string text = scenario_with(3, 2);
  const auto parse = [&] { (void)parse_scenario(text, "s.json", default_catalog(), lim_); };
  set(limit::services, 3);
  EXPECT_NO_THROW(parse());
  set(limit::services, 2);
  expect_limit(error_of(parse), "services", "/services: 3 services exceed the limit of 2");
  set(limit::options, 2);
  EXPECT_NO_THROW(parse());
  set(limit::options, 1);
  expect_limit(error_of(parse), "options", "/options: 2 options exceed the limit of 1");
}

TEST_F(Limits, PathWorkIsStepsTimesServicesTimesOptions) {
  const std::string text = scenario_with(3, 2);  // 1440 steps (a day of 60 s) × 3 × 2 = 8640
  const auto parse = [&] { (void)parse_scenario(text, "s.json", default_catalog(), lim_); };
  set(limit::path_work, 8640);
  EXPECT_NO_THROW(parse());
  set(limit::path_work, 8639);
  const std::string what = error_of(parse);
  expect_limit(
      what, "path-work",
      "/horizon: 1440 steps × 3 services × 2 options = 8640 per trial exceeds the limit of 8639");
}

TEST_F(Limits, InstanceTypesOfACatalog) {
  const std::string text = read_text_file(source_dir + "/pricing/aws-us-east-1.json");
  const std::size_t n = parse_catalog(text, "catalog.json", lim_).ec2.types.size();
  set(limit::instance_types, n);
  EXPECT_EQ(parse_catalog(text, "catalog.json", lim_).ec2.types.size(), n);
  set(limit::instance_types, n - 1);
  expect_limit(error_of([&] { (void)parse_catalog(text, "catalog.json", lim_); }), "instance-types",
               "/ec2/instance_types: " + std::to_string(n) + " instance types exceed");
  // From a file, the place names it; a depth error keeps its file:line:column (not doubled).
  const std::string path = source_dir + "/pricing/aws-us-east-1.json";
  expect_limit(error_of([&] { (void)load_catalog(path, lim_); }), "instance-types",
               path + ":/ec2/instance_types: ");
  set(limit::depth, 2);
  expect_limit(error_of([&] { (void)load_catalog(path, lim_); }), "depth", path + ":");
  EXPECT_EQ(error_of([&] { (void)load_catalog(path, lim_); }).find(path + ":" + path), std::string::npos);
}

TEST_F(Limits, InstanceTypesAndShapesOfAPackRequest) {
  const std::string text =
      read_text_file(source_dir + "/examples/pack-eks-mixed.json");  // 4 types, 3 items
  const auto parse = [&] { (void)parse_pack_request(text, "pack.json", default_catalog(), lim_); };
  set(limit::instance_types, 4);
  EXPECT_NO_THROW(parse());
  set(limit::instance_types, 3);
  expect_limit(error_of(parse), "instance-types",
               "/instance_types: 4 instance types exceed the limit of 3");
  set(limit::pack_shapes, 3);
  EXPECT_NO_THROW(parse());
  set(limit::pack_shapes, 2);
  expect_limit(error_of(parse), "pack-shapes", "/items: 3 items entries exceed the limit of 2");
  const std::string bins =
      R"({"bin_types": [{"name": "a", "cpu": 4, "memory": 8, "price_per_hour": 1}, {"name": "b", "cpu": 8, "memory": 16, "price_per_hour": 2}], "items": [{"cpu": 1, "memory": 1}]})";
  set(limit::instance_types, 2);
  EXPECT_NO_THROW((void)parse_pack_request(bins, "bins.json", default_catalog(), lim_));
  set(limit::instance_types, 1);
  expect_limit(error_of([&] { (void)parse_pack_request(bins, "bins.json", default_catalog(), lim_); }),
               "instance-types", "/bin_types: 2 bin types exceed the limit of 1");
}

TEST_F(Limits, FleetLinesAreAllEntriesOfAQuote) {
  const std::string text = std::string(example_quote_json());
  const fleet f = quote_text(text);
  const std::size_t n = f.fargate.size() + f.ec2.size() + f.eks_clusters.size();
  set(limit::fleet_lines, n);
  EXPECT_NO_THROW((void)quote_text(text));
  set(limit::fleet_lines, n - 1);
  expect_limit(error_of([&] { (void)quote_text(text); }), "fleet-lines",
               "/: " + std::to_string(n) +
                   " fleet entries exceed the limit of " +
                   std::to_string(n - 1));
}

TEST_F(Limits, LedgerHours) {
  const std::string text =
      read_text_file(source_dir + "/examples/commit-aws-scenario-4.json");  // two hours
  const auto parse = [&] { (void)parse_commitment_ledger(text, "ledger.json", default_catalog(), lim_); };
  set(limit::ledger_hours, 2);
  EXPECT_NO_THROW(parse());
  set(limit::ledger_hours, 1);
  expect_limit(error_of(parse), "ledger-hours", "/hours: 2 hours exceed the limit of 1");
}

TEST_F(Limits, WorkOfAMonteCarloRunInTheEngine) {
  const sim::scenario s = parse_scenario(example_scenario_json(), "example", default_catalog());
  // 1440 steps × 5 options × 10 trials = 72 000.
  ASSERT_EQ(s.horizon.steps() * std::int64_t(s.options.size()), 7200);
  set(limit::work, 72'000);
  EXPECT_EQ(mc::simulation(s).with_scenarios(10).with_threads(1).with_limits(lim_).run().scenarios, 10u);
  set(limit::work, 71'999);
  expect_limit(error_of([&] { (void)mc::simulation(s).with_scenarios(10).with_threads(1).with_limits(lim_).run(); }),
               "work",
               "Monte Carlo run: 1440 steps × 5 options × 10 trials exceeds the limit of 71999");
}

TEST_F(Limits, BuiltInCatalogIsNoInput) {
  // default_catalog() takes no limits: it is read under the defaults, while the same text
  // given as input is checked against the caller's.
  input_limits tiny;
  tiny.depth = 1;
  tiny.instance_types = 1;
  const std::string text = read_text_file(source_dir + "/pricing/aws-us-east-1.json");
  expect_limit(error_of([&] { (void)parse_catalog(text, "catalog.json", tiny); }), "depth");
  EXPECT_GT(default_catalog().ec2.types.size(), 1u);
}

TEST_F(Limits, ReadersDefaultToTheDefaults) {
  // Without a limits argument every reader uses input_limits{}: a file one byte under the
  // default file-bytes limit would pass; here the default depth passes a depth-9 file.
  const std::string text = fleet_with(R"(, "$pad": )" + std::string(9, '[') + std::string(9, ']'));
  EXPECT_EQ(parse_fleet(text, "fleet.json").fargate.size(), 1u);
  input_limits low;
  low.depth = 9;
  expect_limit(error_of([&] { (void)parse_fleet(text, "fleet.json", low); }), "depth");
  // A run's limits are its configuration's.
  mc::run_config cfg;
  EXPECT_EQ(cfg.limits.work, input_limits{}.work);
}

// -- The streamed price-list importer ---------------------------------------------------------

std::string Limits::offer_error(const fs::path& f) const {
  return error_of([&] { (void)import_price_lists({f.string()}, "us-east-1", {}, "built-in catalog", lim_); });
}

TEST_F(Limits, PriceListStringsAndDepthWhileStreaming) {
  const fs::path d = dir();
  // A string of n bytes as the offer code: at the limit it is read (and refused as no offer
  // of ours, input.11); one above, it is refused before nlohmann has buffered it.
  const std::size_t n = 100;
  write(d / "s.json", R"({"offerCode": ")" + std::string(n, 'A') + R"("})");
  set(limit::string_bytes, n);
  EXPECT_EQ(offer_error(d / "s.json").rfind("[fleetcast.input.11]", 0), 0u);
  set(limit::string_bytes, n - 1);
  expect_limit(offer_error(d / "s.json"), "string-bytes",
               (d / "s.json").string() + ":1:15: a string exceeds the limit of 99");
  // Escapes count as written and do not end the string.
  write(d / "e.json", R"({"offerCode": "A\"\\BCDEFGHI"})");  // 13 bytes between the quotes
  set(limit::string_bytes, 13);
  EXPECT_EQ(offer_error(d / "e.json").rfind("[fleetcast.input.11]", 0), 0u);
  set(limit::string_bytes, 12);
  expect_limit(offer_error(d / "e.json"), "string-bytes");
  // Numbers and literals too.
  write(d / "n.json", R"({"offerCode": "AmazonEC2", "x": 123456789012})");
  set(limit::string_bytes, 12);
  EXPECT_EQ(offer_error(d / "n.json").rfind("[fleetcast.input.4]", 0), 0u);  // no "products"
  set(limit::string_bytes, 11);
  expect_limit(offer_error(d / "n.json"), "string-bytes",
               (d / "n.json").string() + ":1:33: a number or literal exceeds");
  // Depth: the root object and k arrays under "x" (which the importer skips) = k + 1.
  const int k = 5;
  write(d / "d.json", "{\"offerCode\": \"AmazonEC2\",\n \"x\": " + std::string(k, '[') +
                          std::string(k, ']') + "}");
  set(limit::depth, k + 1);
  EXPECT_EQ(offer_error(d / "d.json").rfind("[fleetcast.input.4]", 0), 0u);
  set(limit::depth, k);
  expect_limit(offer_error(d / "d.json"), "depth",
               (d / "d.json").string() + ":2:" + std::to_string(6 + k) + ": nesting");
}

TEST_F(Limits, PriceListStringAcrossTheChunkBoundary) {
  // The reader takes 1 MiB chunks: a string that starts before the boundary and ends after it
  // is counted whole (and an escape split by the boundary is still an escape).
  const fs::path d = dir();
  const std::size_t chunk = std::size_t(1) << 20;
  std::string head = R"({"offerCode": "AmazonEC2", "pad": ")";
  const std::string pad(chunk - head.size() - 1,
                        ' ');  // the string's backslash is the chunk's last byte
  std::string text = head + pad.substr(0, pad.size()) + "\\\"" + std::string(20, 'x') + "\"}";
  write(d / "b.json", text);
  const std::uint64_t bytes = pad.size() + 2 + 20;
  set(limit::string_bytes, bytes);
  EXPECT_EQ(offer_error(d / "b.json").rfind("[fleetcast.input.4]", 0), 0u)
      << offer_error(d / "b.json");
  set(limit::string_bytes, bytes - 1);
  expect_limit(offer_error(d / "b.json"), "string-bytes",
               (d / "b.json").string() + ":1:" + std::to_string(head.size()) + ":");
}

TEST_F(Limits, PriceListDefaultsPassTheSamples) {
  const fs::path samples = fs::path(FLEETCAST_SHARED_DATA_DIR) / "aws-price-list";
  if (!fs::exists(samples / "AmazonECS_us-east-1_20250828.json"))
    GTEST_SKIP() << "no samples at " << samples;
  const auto r =
      import_price_lists({(samples / "AmazonECS_us-east-1_20250828.json").string(),
                          source_dir + "/tests/price_list/AmazonEKS_us-east-1_synthetic.json"},
                         "us-east-1");
  EXPECT_FALSE(r.changes.empty());
}

// -- The driver -------------------------------------------------------------------------------


TEST_F(Limits, CliRefusesAndRaisingTheLimitPasses) {
  const std::string quote = source_dir + "/examples/quote-payments-api.json";
  const auto size = fs::file_size(quote);
  struct step {
    std::vector<std::string> fails, passes;
    std::string name;
  };
  const std::vector<step> steps = {
      {{"quote", quote, "--limit", "file-bytes=" + std::to_string(size - 1)},
       {"quote", quote, "--limit", "file-bytes=" + std::to_string(size)},
       "file-bytes"},
      {{"--limit", "depth=2", "quote", quote},
       {"--limit", "depth=2", "--limit", "depth=64", "quote", quote},
       "depth"},
      {{"simulate", "--example", "--trials", "1", "--limit", "string-bytes=10"},
       {"simulate", "--example", "--trials", "1", "--limit", "string-bytes=1000"},
       "string-bytes"},
      {{"simulate", "--example", "--trials", "1", "--limit", "options=4"},
       {"simulate", "--example", "--trials", "1", "--limit", "options=5"},
       "options"},
      {{"simulate", "--example", "--trials", "1", "--limit", "path-work=7199"},
       {"simulate", "--example", "--trials", "1", "--limit", "path-work=7200"},
       "path-work"},
      // 1440 steps × 5 options × 20 trials = 144 000 (with a CI target: its most).
      {{"simulate", "--example", "--trials", "20", "--limit", "work=143999"},
       {"simulate", "--example", "--trials", "20", "--limit", "work=144000"},
       "work"},
      {{"simulate", "--example", "--trials", "20", "--target-rel-ci", "0.5", "--min-trials",
        "2", "--limit", "work=143999"},
       {"simulate", "--example", "--trials", "20", "--target-rel-ci", "0.5", "--min-trials",
        "2", "--limit", "work=144000"},
       "work"},
      {{"pack", source_dir + "/examples/pack-eks-mixed.json", "--limit", "pack-shapes=2"},
       {"pack", source_dir + "/examples/pack-eks-mixed.json", "--limit", "pack-shapes=3"},
       "pack-shapes"},
      {{"commit", "apply", source_dir + "/examples/commit-aws-scenario-4.json", "--limit",
        "ledger-hours=1"},
       {"commit", "apply", source_dir + "/examples/commit-aws-scenario-4.json", "--limit",
        "ledger-hours=2"},
       "ledger-hours"},
  };
  for (const auto& s : steps) {
    const result bad = run_cli(s.fails);
    EXPECT_EQ(bad.code, 2) << s.name;
    expect_limit(bad.err, s.name);
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    const result good = run_cli(s.passes);
    EXPECT_EQ(good.code, 0) << s.name << ": " << good.err;
  }
  // A lowered limit applies to that run only: the next run without --limit has the defaults.
  EXPECT_EQ(run_cli({"--limit", "depth=2", "quote", quote}).code, 2);
  EXPECT_EQ(run_cli({"quote", quote}).code, 0);
}

TEST_F(Limits, CliBadLimitIsUsage) {
  for (const char* spec : {"depth", "nope=3", "depth=0", "depth=x"}) {
    const result r = run_cli({"quote", "--example", "--limit", spec});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind("[fleetcast.usage.1] --limit: ", 0), 0u) << r.err;
  }
  // --limit takes one value: the file after it is still the positional FILE.
  const result r =
      run_cli({"quote", "--limit", "depth=64", source_dir + "/examples/quote-payments-api.json"});
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace fleetcast
