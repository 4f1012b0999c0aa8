// The driver in-process: formats, --output, --catalog, exit codes and one-line errors.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "cli_harness.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include <nlohmann/json.hpp>
#include "fleetcast/packing/heuristics.hpp"

namespace fleetcast {
namespace {
using result = fleetcast::test::cli_result;
using fleetcast::test::run_cli;


// One folder per test and process: ctest runs the tests in parallel processes, which share
// gtest's random seed, so the seed alone would let them delete each other's files.
std::filesystem::path temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto d = std::filesystem::temp_directory_path() /
           ("fleetcast-cli-test-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
            std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

TEST(Cli, ExampleTableShowsLinesAndTotals) {
  const result r = run_cli({"quote", "--example"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("payments-api"), std::string::npos);
  EXPECT_NE(r.out.find("337.507953"), std::string::npos);  // exact total, 6 decimals
  EXPECT_NE(r.out.find("337.50"), std::string::npos);      // invoice total
}

TEST(Cli, JsonHasTheDocumentedFields) {
  const result r = run_cli({"quote", "--example", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* key : {"\"total_usd\": 337.5079531", "\"invoice_total_usd\": 337.5", "\"lines\"",
                          "\"name\"", "\"item\"", "\"quantity\"", "\"unit\"", "\"unit_price_usd\"",
                          "\"cost_usd\"", "\"invoice_usd\""})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
}

TEST(Cli, CsvHasAHeaderAndOneRowPerLinePlusTotal) {
  const result r = run_cli({"quote", "--example", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("name,item,quantity,unit,unit_price_usd,cost_usd,invoice_usd,detail\n", 0), 0u);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 7 + 1);
  EXPECT_NE(r.out.find("TOTAL,,,,,337.5079531,337.50,"), std::string::npos);
}

TEST(Cli, OutputFileIsWrittenWholeAndNothingIsLeftOnError) {
  const auto dir = temp_dir();
  const std::string out = (dir / "bill.csv").string();
  result r = run_cli({"quote", "--example", "--format", "csv", "-o", out.c_str()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(read_text_file(out).find("TOTAL"), std::string::npos);
  std::filesystem::remove(out);
  const std::string bad = (dir / "bad.json").string();
  std::ofstream(bad) << R"({"fargate": [{"name": "a", "count": -1, "cpu": 512, "memory": 1024, "run_seconds": 60}]})";
  r = run_cli({"quote", bad.c_str(), "-o", out.c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("[fleetcast.input.5] /fargate/0/count: -1", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST(Cli, CatalogOptionReplacesTheBuiltInPrices) {
  const auto dir = temp_dir();
  std::string text = read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json");
  // Double the EKS standard fee: the example's $73.00 control-plane line becomes $146.00.
  const std::string from = "\"standard\": {\"usd_per_hour\": 0.1,";
  text.replace(text.find(from), from.size(), "\"standard\": {\"usd_per_hour\": 0.2,");
  const std::string cat = (dir / "catalog.json").string();
  std::ofstream(cat) << text;
  const result r = run_cli({"quote", "--example", "--catalog", cat.c_str(), "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("TOTAL,,,,,410.5079531,410.50,"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(Cli, UsageErrorsAreOneLineWithExitTwo) {
  for (auto args : {std::vector<const char*>{"quote"}, {"quote", "--example", "--format", "xml"},
                    {"nonsense"}, {}}) {
    const result r = run_cli(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind("[fleetcast.usage.1] ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(Cli, HelpAndVersionSucceed) {
  EXPECT_EQ(run_cli({"--help"}).code, 0);
  EXPECT_EQ(run_cli({"--version"}).code, 0);
  const result r = run_cli({"catalog"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("m6i.large"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(CliPack, ExplicitBinTypesWithAnItemNoBinHolds) {
  // Bin (4 CPU, 8 GB, $1/h); three (2, 2) items need ⌈6/4⌉ = 2 bins; the (10, 1) item fits no
  // bin: a status and an `unplaced` entry, not an error.
  const auto dir = temp_dir();
  const std::string in = (dir / "p.json").string();
  std::ofstream(in) << R"({"bin_types": [{"name": "b", "cpu": 4, "memory": 8, "price_per_hour": 1}],
                           "items": [{"name": "small", "cpu": 2, "memory": 2, "count": 3},
                                     {"name": "huge", "cpu": 10, "memory": 1}]})";
  const result r = run_cli({"pack", in.c_str(), "--heuristic", "ffd_sum", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* s : {"\"status\": \"unplaced_items\"", "\"bins_used\": 2", "\"cost_per_hour\": 2.0",
                        "\"lower_bound_bins\": 2", "\"lower_bound_cost_per_hour\": 2.0",
                        "\"gap_bins\": 0.0", "\"gap_cost\": 0.0",
                        "\"item\": \"huge\"", "\"heuristic\": \"ffd_sum\"", "\"seconds\""})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  std::filesystem::remove_all(dir);
}

TEST(CliPack, ExactReportsItsBoundAndStatus) {
  // Bin (4 CPU, 8 GB, $1/h); three (2, 2) items: 6 CPU need ⌈6/4⌉ = 2 bins, and 2 bins hold
  // them, so exact proves 2 bins ($2/h) optimal; the (10, 1) item fits no bin and stays unplaced.
  const auto dir = temp_dir();
  const std::string in = (dir / "p.json").string();
  std::ofstream(in) << R"({"bin_types": [{"name": "b", "cpu": 4, "memory": 8, "price_per_hour": 1}],
                           "items": [{"name": "small", "cpu": 2, "memory": 2, "count": 3},
                                     {"name": "huge", "cpu": 10, "memory": 1}]})";
  const result r = run_cli({"pack", in.c_str(), "--heuristic", "exact", "--time-limit", "5", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* s : {"\"heuristic\": \"exact\"", "\"status\": \"unplaced_items\"", "\"bins_used\": 2",
                        "\"optimal\": true", "\"status\": \"optimal\"", "\"time_limit_seconds\": 5.0",
                        "\"time_limit_reached\": false", "\"item\": \"huge\""})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  const result t = run_cli({"pack", in.c_str(), "--heuristic", "exact"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("exact: optimal"), std::string::npos) << t.out;
  const result bad = run_cli({"pack", in.c_str(), "--heuristic", "exact", "--time-limit", "0"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("[fleetcast.input.5] --time-limit"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
}

TEST(CliPack, AllHeuristicsAsAJsonArrayBestFirst) {
  const std::string ex = std::string(FLEETCAST_SOURCE_DIR) + "/examples/pack-eks-mixed.json";
  const result r = run_cli({"pack", ex.c_str(), "--heuristic", "all", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '[');
  // Every heuristic appears once; costs never decrease down the array.
  double last = 0;
  std::size_t pos = 0, n = 0;
  while ((pos = r.out.find("\"cost_per_hour\": ", pos)) != std::string::npos) {
    pos += 17;
    const double c = std::stod(r.out.substr(pos, 20));
    EXPECT_GE(c, last);
    last = c;
    ++n;
  }
  EXPECT_EQ(n, packing::heuristic_names().size());
  EXPECT_NE(r.out.find("\"cpu_unit\": \"millicores\""), std::string::npos);
}

TEST(CliPack, CatalogCapacitiesForEks) {
  // m6i.large on EKS: 1930m and 7518 MiB allocatable (70m and 574 MiB kube-reserved, 100 MiB
  // eviction), 29 pods. Fourteen pods of 0.5 vCPU (512 units → 500m) and 512 MiB: CPU allows
  // ⌊1930/500⌋ = 3 per node, so 14 pods need ⌈14/3⌉ = 5 nodes. The volume bound is
  // ⌈14 × 500 / 1930⌉ = 4 (it cannot see that 3.86 pods do not fit).
  const auto dir = temp_dir();
  const std::string in = (dir / "eks.json").string();
  std::ofstream(in) << R"({"platform": "eks", "instance_types": ["m6i.large"],
                           "items": [{"cpu": 512, "memory": 512, "count": 14}]})";
  const result r = run_cli({"pack", in.c_str(), "--heuristic", "first_fit", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"bins_used\": 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"lower_bound_bins\": 4"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(CliSimulate, ExampleTableJsonAndTrace) {
  result r = run_cli({"simulate", "--example", "--trials", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* o : {"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate"})
    EXPECT_NE(r.out.find(o), std::string::npos) << o;
  const auto dir = temp_dir();
  const std::string trace = (dir / "trace.csv").string();
  r = run_cli({"simulate", "--example", "--format", "json", "--trace", trace.c_str()});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* k : {"\"total_usd\"", "\"lines\"", "\"compute_on_demand\"", "\"control_plane\"",
                        "\"task_hours\"", "\"instance_hours\"", "\"unserved_task_seconds\"",
                        "\"spot_interruptions\"", "\"mean_utilisation\""})
    EXPECT_NE(r.out.find(k), std::string::npos) << k;
  // One row per step (1 day of 60 s steps), option (5) and service (1), plus the header.
  const std::string t = read_text_file(trace);
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), 1 + 1440 * 5);
  EXPECT_EQ(t.rfind("time_s,option,service,demand,desired,running_tasks,instances,cost_so_far_usd\n", 0), 0u);
  std::filesystem::remove_all(dir);
}

TEST(CliSimulate, SamePathSameNumbersOtherPathOtherDemand) {
  const result a = run_cli({"simulate", "--example", "--format", "json", "--trials", "1"});
  const result b = run_cli({"simulate", "--example", "--format", "json", "--path", "0"});
  const result c = run_cli({"simulate", "--example", "--format", "json", "--path", "1"});
  ASSERT_EQ(a.code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.substr(a.out.find("\"options\"")), c.out.substr(c.out.find("\"options\"")));
}

TEST(CliSimulate, MonteCarloJsonCsvAndTable) {
  // The example's 1000 trials: JSON with the issue's names, the same bits on 1, 2 and 4
  // threads, and a CSV row per option and statistic.
  const result one = run_cli({"simulate", "--example", "--format", "json", "--threads", "1", "--no-timing"});
  const result two = run_cli({"simulate", "--example", "--format", "json", "--threads", "2", "--no-timing"});
  const result four = run_cli({"simulate", "--example", "--format", "json", "--threads", "4", "--no-timing"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, four.out);
  for (const char* k : {"\"scenarios\": 1000", "\"seed\": 42", "\"cost\"", "\"mean\"", "\"stddev\"",
                        "\"ci95\"", "\"p50\"", "\"p90\"", "\"p95\"", "\"p99\"", "\"cvar95\"",
                        "\"min\"", "\"max\"", "\"lines\"", "\"unserved_task_seconds\"",
                        "\"interruptions\"", "\"vs_baseline\"", "\"mean_diff\"", "\"prob_cheaper\""})
    EXPECT_NE(one.out.find(k), std::string::npos) << k;
  EXPECT_EQ(one.out.find("\"timing\""), std::string::npos);
  const result timed = run_cli({"simulate", "--example", "--format", "json", "--trials", "64"});
  EXPECT_NE(timed.out.find("\"timing\""), std::string::npos);
  const result csv = run_cli({"simulate", "--example", "--format", "csv", "--trials", "64", "--baseline", "ecs-ec2"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("option,metric,count,mean,stddev,ci95_lo,ci95_hi,p50,p90,p95,p99,cvar95,min,max,baseline,prob_cheaper\n", 0), 0u);
  // The header, the demand row, 5 options × (cost, 11 lines — compute on-demand and Spot,
  // storage, control plane, Auto Mode, public IPv4, EBS roots, NAT gateway, VPC endpoints,
  // network data, load balancer — 5 other metrics, the paired difference), and the allocation
  // shares: the service, idle and the network on every option, the control plane on the two
  // EKS ones; what binds on the two EC2 options (cpu, memory, eni_slots or pods, empty), and
  // ecs-ec2's tasks per instance on its 2 types (configured, without the ENI limit, with
  // trunking). Then the monthly figures: cost_per_month on every option, allocation_per_month
  // for each of the 5 × 3 + 2 shares, and the verdict's row.
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'),
            2 + 5 * 18 + 5 * 3 + 2 + 2 * 4 + 2 * 3 + 5 + (5 * 3 + 2) + 1);
  EXPECT_NE(csv.out.find("ecs-fargate,cost_per_month,64,"), std::string::npos);
  EXPECT_NE(csv.out.find(",verdict_difference_per_month,64,"), std::string::npos);
  EXPECT_NE(csv.out.find("ecs-ec2,binding_share:eni_slots,64,"), std::string::npos);
  EXPECT_NE(csv.out.find("ecs-ec2,tasks_per_instance:payments-api@m6i.large,1,2,,,,,,,,,2,2,,\n"), std::string::npos);
  EXPECT_NE(csv.out.find("ecs-fargate,cost_minus_baseline,64,"), std::string::npos);
  const result table = run_cli({"simulate", "--example", "--trials", "64", "--target-rel-ci", "0.5", "--min-trials", "32"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Cheapest: "), std::string::npos);
  EXPECT_NE(table.out.find("$/month"), std::string::npos);
  EXPECT_NE(table.out.find("Target relative CI 0.5: met"), std::string::npos);
  const result wide = run_cli({"simulate", "--example", "--trials", "64", "--wide"});
  ASSERT_EQ(wide.code, 0) << wide.err;
  EXPECT_NE(wide.out.find("P(cheaper)"), std::string::npos);  // every statistic
  EXPECT_NE(wide.out.find("cvar95 $"), std::string::npos);
}

TEST(CliSimulate, TrialsIsTheFlagAndScenariosItsHiddenFormerName) {
  // One Monte Carlo draw is a "trial": --trials is documented; --scenarios (its former name)
  // still runs the identical run, is not advertised, and cannot be given with --trials.
  const result help = run_cli({"simulate", "--help"});
  EXPECT_NE(help.out.find("--trials INT"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--min-trials INT"), std::string::npos);
  EXPECT_EQ(help.out.find("--scenarios"), std::string::npos);
  EXPECT_EQ(help.out.find("--min-scenarios"), std::string::npos);
  EXPECT_EQ(run_cli({"commit", "optimize", "--help"}).out.find("--scenarios"), std::string::npos);
  const result now = run_cli({"simulate", "--example", "--format", "json", "--no-timing", "--trials", "16"});
  const result before = run_cli({"simulate", "--example", "--format", "json", "--no-timing", "--scenarios", "16"});
  ASSERT_EQ(now.code, 0) << now.err;
  EXPECT_EQ(now.out, before.out);
  EXPECT_NE(now.out.find("\"scenarios\": 16"), std::string::npos);  // the JSON key stays
  const result both = run_cli({"simulate", "--example", "--trials", "16", "--scenarios", "16"});
  EXPECT_EQ(both.code, 2);
  EXPECT_EQ(both.err,
            "[fleetcast.usage.1] command line: --scenarios is the former name of --trials: give one of them "
            "(see fleetcast --help)\n");
  // The table speaks of trials, never of scenarios or paths meaning a draw.
  const result table = run_cli({"simulate", "--example", "--trials", "16", "--wide"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("16 trials of seed 42"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("scenarios"), std::string::npos) << table.out;
  const result one = run_cli({"simulate", "--example", "--path", "3"});
  EXPECT_NE(one.out.find(", trial 3 of seed 42"), std::string::npos) << one.out;
  EXPECT_EQ(one.out.find(" path"), std::string::npos) << one.out;
  const result big = run_cli({"simulate", "--example", "--trials", "20", "--limit", "work=10"});
  EXPECT_NE(big.err.find("1440 steps × 5 options × 20 trials = 144000 exceeds"), std::string::npos) << big.err;
}

TEST(CliCommit, ApplyAwsScenarioFourHourByHour) {
  // examples/commit-aws-scenario-4.json: hour 0 is AWS's scenario 4 (on demand $32.70 after two
  // RIs at an assumed $0.55 and the $18.20 Compute SP); hour 1 has one r5, which one RI covers:
  // the Compute SP ($18.20) and half the RIs ($0.55) go unused.
  const std::string file = std::string(FLEETCAST_SOURCE_DIR) + "/examples/commit-aws-scenario-4.json";
  const result r = run_cli({"commit", "apply", file.c_str(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["hours"][0]["on_demand_charge"].get<double>(), 32.70, 1e-9);
  EXPECT_NEAR(j["hours"][0]["total"].get<double>(), 18.20 + 1.10 + 32.70, 1e-9);
  EXPECT_NEAR(j["hours"][1]["unused_commitment"].get<double>(), 18.20 + 0.55, 1e-9);
  EXPECT_NEAR(j["total"]["commitment_charge"].get<double>(), 2 * 19.30, 1e-9);
  EXPECT_EQ(j["hours"][0]["lines"][0]["covered"][0]["commitment"], "r5-ri");
  EXPECT_NEAR(j["hours"][0]["lines"][0]["covered"][1]["quantity"].get<double>(), 2.0, 1e-12);
  EXPECT_NEAR(j["commitments"][1]["utilisation"].get<double>(), 0.75, 1e-12);
}

TEST(CliCommit, MissingRatesComeFromTheCatalog) {
  // Two m6i.large on demand for one hour with no rates in the file: the catalog's on-demand
  // price and its compute_sp_1yr_no_upfront rate apply; a $0.05/h plan covers 0.05 / rate.
  const auto dir = temp_dir();
  const std::string file = (dir / "ledger.json").string();
  write_file_atomic(file, R"({"hours": [{"hour": 0, "usage": [{"name": "web", "instance_type": "m6i.large", "quantity": 2}]}],
                             "commitments": [{"type": "compute_sp", "hourly_commitment": 0.05}]})");
  const result r = run_cli({"commit", "apply", file.c_str(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const instance_type& t = *default_catalog().ec2.find("m6i.large");
  double sp = 0;
  for (const auto& c : t.commitments)
    if (c.offer == "compute_sp_1yr_no_upfront") sp = c.usd_per_hour;
  ASSERT_GT(sp, 0.0);
  const double od = t.on_demand.effective_per_hour();
  EXPECT_NEAR(j["total"]["on_demand_equivalent"].get<double>(), 2 * od, 1e-12);
  EXPECT_NEAR(j["hours"][0]["lines"][0]["covered"][0]["quantity"].get<double>(), 0.05 / sp, 1e-12);
  EXPECT_NEAR(j["total"]["total"].get<double>(), 0.05 + (2 - 0.05 / sp) * od, 1e-12);
  std::filesystem::remove_all(dir);
}

TEST(CliCommit, OptimizeSweepsLevelsTheSameOnAnyThreadCount) {
  const result one = run_cli({"commit", "optimize", "--example", "--type", "compute_sp", "--option", "ecs-ec2", "--trials",
                          "300", "--levels", "6", "--format", "json", "--threads", "1", "--no-timing"});
  const result two = run_cli({"commit", "optimize", "--example", "--type", "compute_sp", "--option", "ecs-ec2", "--trials",
                          "300", "--levels", "6", "--format", "json", "--threads", "2", "--no-timing"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  const auto j = nlohmann::json::parse(one.out);
  ASSERT_EQ(j["levels"].size(), 7u);
  EXPECT_EQ(j["levels"][0]["hourly_commitment"].get<double>(), 0.0);
  EXPECT_EQ(j["levels"][0]["savings"]["mean"].get<double>(), 0.0);  // no plan, no change
  for (const char* k : {"mean", "p5", "p50", "p95"}) EXPECT_TRUE(j["best_mean"]["savings"].contains(k)) << k;
  EXPECT_TRUE(j.contains("best_p5"));
  const result csv = run_cli({"commit", "optimize", "--example", "--type", "ec2_instance_sp", "--option", "ecs-ec2",
                          "--trials", "50", "--levels", "4", "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("hourly_commitment,savings_mean,savings_p5,savings_p50,savings_p95,utilisation_mean,coverage_mean,"
                             "commitment_usd_per_month,savings_mean_usd_per_month\n", 0), 0u);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 6);
}

TEST(CliImport, ManifestToScenarioAndSimulateDirectly) {
  const std::string manifest = std::string(FLEETCAST_SHARED_DATA_DIR) + "/samples/k8s-guestbook-all-in-one.yaml";
  if (!std::filesystem::exists(manifest)) GTEST_SKIP() << "shared sample absent: " << manifest;
  const auto dir = temp_dir();
  const std::string out = (dir / "guestbook.json").string();
  result r = run_cli({"import", manifest.c_str(), "-o", out.c_str()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_text_file(out));
  EXPECT_EQ(j["name"], "k8s-guestbook-all-in-one");
  EXPECT_EQ(j["services"].size(), 3u);
  // The written scenario simulates like the manifest itself.
  const result a = run_cli({"simulate", out.c_str(), "--trials", "1", "--format", "json"});
  const result b = run_cli({"simulate", manifest.c_str(), "--trials", "1", "--format", "json"});
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(nlohmann::json::parse(a.out)["options"], nlohmann::json::parse(b.out)["options"]);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetcast
