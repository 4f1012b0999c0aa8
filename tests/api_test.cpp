// The library API an embedder relies on: a simulation that owns its inputs, a pluggable path
// pricer, the catalog → packing helpers, user packing policies, comparable error ids,
// checkpoint/shard/merge calls, the CLI's registration of its subcommands, and limits passed
// as arguments instead of a global. Expected values are stated where they come from.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "cli_harness.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/io/run_files.hpp"
#include "fleetcast/io/run_summary.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "fleetcast/packing/pack.hpp"

namespace fleetcast {
namespace {
using fleetcast::test::cli_result;
using fleetcast::test::run_cli;

namespace fs = std::filesystem;

sim::scenario make_scenario() {
  return parse_scenario(example_scenario_json(), "payments-api.json", default_catalog());
}

/// Identical bits: the JSON writer prints every figure with 17 significant digits.
std::string bits(const sim::scenario& s, const mc::run_result& r) {
  return mc_results_to_json(s, r, /*timing=*/false);
}

// -- a. The simulation owns its scenario and catalog --------------------------------------------

TEST(ApiSimulation, BuiltFromTemporariesRunsAfterTheyAreGone) {
  // The issue's example: with references inside, `sim` would dangle once the temporary
  // scenario dies at the end of the first statement (ASan in CI catches any use).
  auto sim = mc::simulation(make_scenario()).with_scenarios(200).with_threads(2);
  const mc::run_result r = sim.run();
  EXPECT_EQ(r.scenarios, 200u);
  const sim::scenario s = make_scenario();
  EXPECT_EQ(bits(s, r), bits(s, mc::simulation(s).with_scenarios(200).with_threads(1).run()));
}

TEST(ApiSimulation, CopiesLvaluesAndATemporaryCatalog) {
  std::optional<mc::simulation> later;
  {
    sim::scenario s = make_scenario();
    price_catalog c = default_catalog();
    later.emplace(s, c);  // copies both
    s.options.clear();    // the simulation's copy is untouched
  }
  ASSERT_EQ(later->scenario().options.size(), make_scenario().options.size());
  const mc::run_result a = later->with_scenarios(64).run();
  const mc::run_result b = mc::simulation(make_scenario(), price_catalog(default_catalog())).with_scenarios(64).run();
  EXPECT_EQ(bits(make_scenario(), a), bits(make_scenario(), b));
}

TEST(ApiSimulation, SharesThroughSharedPtrAndNeverCopiesTheBuiltInCatalog) {
  const auto s = std::make_shared<const sim::scenario>(make_scenario());
  const mc::simulation a(s);
  EXPECT_EQ(&a.scenario(), s.get());
  EXPECT_EQ(&a.catalog(), &default_catalog());
  const mc::simulation b(make_scenario(), default_catalog());
  EXPECT_EQ(&b.catalog(), &default_catalog());
  const auto cat = std::make_shared<const price_catalog>(default_catalog());
  const mc::simulation c(s, cat);
  EXPECT_EQ(&c.catalog(), cat.get());
  const mc::simulation copy = c;  // copies share the inputs
  EXPECT_EQ(&copy.scenario(), s.get());
}

// -- b. A pluggable path pricer -------------------------------------------------------------------

TEST(ApiPricer, ConstantCostGivesExactStatistics) {
  const sim::scenario s = make_scenario();
  std::atomic<std::uint64_t> calls{0};
  // Option o costs 10 + o USD on every path: mean 10 + o, stddev 0, min = max = p50 = 10 + o;
  // against the baseline (option 0) the difference is exactly o, and no option is cheaper.
  const mc::path_pricer constant = [&](const sim::scenario& sc, const price_catalog&, std::uint64_t,
                                       const std::vector<std::vector<double>>& demand) {
    ++calls;
    EXPECT_EQ(demand.size(), sc.services.size());
    std::vector<sim::option_result> out(sc.options.size());
    for (std::size_t o = 0; o < out.size(); ++o) {
      out[o].option = sc.options[o].name;
      out[o].total_usd = 10.0 + double(o);
    }
    return out;
  };
  mc::run_config cfg;
  cfg.scenarios = 300;
  cfg.threads = 2;
  const mc::run_result r = mc::run(s, default_catalog(), cfg, constant);
  EXPECT_EQ(calls.load(), 300u);  // one call per path
  ASSERT_EQ(r.stats.options().size(), s.options.size());
  for (std::size_t o = 0; o < s.options.size(); ++o) {
    const auto& st = r.stats.options()[o];
    const mc::summary c = st.cost.summarise();
    EXPECT_EQ(c.count, 300u);
    EXPECT_DOUBLE_EQ(c.mean, 10.0 + double(o));
    EXPECT_DOUBLE_EQ(c.stddev, 0.0);
    EXPECT_EQ(c.min, 10.0 + double(o));
    EXPECT_EQ(c.max, 10.0 + double(o));
    EXPECT_DOUBLE_EQ(st.vs_baseline.summarise().mean_diff, double(o));
    EXPECT_EQ(st.vs_baseline.cheaper_count(), 0u);
  }
  // The fluent form takes it too, and gives the same bits.
  const mc::run_result f =
      mc::simulation(s).with_scenarios(300).with_threads(1).with_pricer(constant).run();
  EXPECT_EQ(bits(s, f), bits(s, r));
}

TEST(ApiPricer, TheDefaultIsTheFullSimulation) {
  const sim::scenario s = make_scenario();
  mc::run_config cfg;
  cfg.scenarios = 100;
  const mc::path_pricer full = [](const sim::scenario& sc, const price_catalog& cat, std::uint64_t i,
                                  const std::vector<std::vector<double>>& d) { return sim::simulate_path_on(sc, cat, i, d); };
  EXPECT_EQ(bits(s, mc::run(s, default_catalog(), cfg)), bits(s, mc::run(s, default_catalog(), cfg, full)));
}

// -- c. Catalog instance types as bins, tasks as shapes -------------------------------------------

TEST(ApiPackingHelpers, EksNodeOfTheCatalog) {
  const price_catalog& cat = default_catalog();
  const instance_type& t = *cat.ec2.find("m5.large");
  const packing::platform_setup eks{.platform = platform::eks};
  const packing::catalog_bin b = packing::bin_type_from_catalog(t, eks, cat);
  EXPECT_TRUE(b.daemonsets_fit);
  EXPECT_EQ(b.type.name, "m5.large");
  EXPECT_EQ(b.type.price_per_hour, t.on_demand.effective_per_hour());
  EXPECT_EQ(b.type.extra_per_node, 0.0);
  // 2 vCPU: 2000 m − kube-reserved (6 % of the first core + 1 % of the second = 70 m).
  EXPECT_EQ(b.type.capacity[0], 1930);
  // Memory as eks_node_allocatable has it; 29 pods (3 ENIs × (10 − 1) + 2, the catalog's max pods).
  EXPECT_EQ(b.type.capacity[1], packing::eks_node_allocatable(t).memory_mib);
  EXPECT_EQ(b.type.capacity[2], 29);
  EXPECT_EQ(b.type.capacity[3], 0);
  // Auto Mode adds the catalog's management fee per node.
  packing::platform_setup auto_mode = eks;
  auto_mode.eks_auto_mode = true;
  EXPECT_EQ(packing::bin_type_from_catalog(t, auto_mode, cat).type.extra_per_node,
            b.type.price_per_hour * cat.eks.auto_mode_fee_fraction);
  // DaemonSets larger than the node: a status, not an exception.
  packing::platform_setup heavy = eks;
  heavy.eks.daemonsets.cpu_millicores = 5000;
  EXPECT_FALSE(packing::bin_type_from_catalog(t, heavy, cat).daemonsets_fit);
}

TEST(ApiPackingHelpers, EcsContainerInstanceOfTheCatalog) {
  const price_catalog& cat = default_catalog();
  const instance_type& t = *cat.ec2.find("m5.large");
  const packing::catalog_bin b = packing::bin_type_from_catalog(t, {}, cat);
  // 2 vCPU × 1024 units; 8192 MiB − ⌈8192 × 207/8192⌉ = 7985 MiB (the ECS guide's m4.large
  // figure, the same 8 GiB); awsvpc: ENIs − 1 = 2 task slots.
  EXPECT_EQ(b.type.capacity, (packing::resources<packing::platform_dims>{2048, 7985, 2, 0}));
  packing::platform_setup bridge;
  bridge.ecs.network_mode = packing::ecs_network_mode::bridge;
  EXPECT_EQ(packing::bin_type_from_catalog(t, bridge, cat).type.capacity[2], packing::unlimited_task_slots);
}

TEST(ApiPackingHelpers, TaskShapes) {
  // ECS units stay; EKS millicores are ⌈units × 1000 / 1024⌉: 256 → 250 exactly, 100 → 97.66 → 98.
  EXPECT_EQ(packing::task_cpu(platform::ecs, 100), 100);
  EXPECT_EQ(packing::task_cpu(platform::eks, 256), 250);
  EXPECT_EQ(packing::task_cpu(platform::eks, 100), 98);
  EXPECT_EQ(packing::task_shape(platform::eks, 512, 1024),
            (packing::resources<packing::platform_dims>{500, 1024, 1, 0}));
}

TEST(ApiPackingHelpers, PackRequestsAreBuiltWithThem) {
  // examples/pack-eks-mixed.json: EKS, DaemonSets 100 m, 128 MiB, 2 pods; payments-api 512 units.
  const pack_request req = parse_pack_request(read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/examples/pack-eks-mixed.json"),
                                              "pack-eks-mixed.json", default_catalog());
  packing::platform_setup eks{.platform = platform::eks};
  eks.eks.daemonsets = {100, 128, 2};
  for (const auto& b : req.problem.bin_types) {
    const auto expect = packing::bin_type_from_catalog(*default_catalog().ec2.find(b.name), eks, default_catalog());
    EXPECT_EQ(b.capacity, expect.type.capacity) << b.name;
    EXPECT_EQ(b.cost_per_hour(), expect.type.cost_per_hour()) << b.name;
  }
  EXPECT_EQ(req.problem.shapes[0], packing::task_shape(platform::eks, 512, 1024));
}

// -- d. User packing policies through the concept --------------------------------------------------

/// Every item in a bin of its own, of the first type that holds it: a deliberately poor policy.
struct one_per_bin {
  [[nodiscard]] std::string name() const { return "one_per_bin"; }
  template <std::size_t D>
  [[nodiscard]] packing::pack_result<D> pack(const packing::problem<D>& p, const packing::type_choice&) const {
    packing::pack_result<D> r;
    r.heuristic = name();
    r.unplaced.assign(p.shapes.size(), 0);
    for (std::uint32_t s = 0; s < p.shapes.size(); ++s) {
      std::optional<std::uint32_t> type;
      for (std::uint32_t t = 0; t < p.bin_types.size() && !type; ++t)
        if (packing::fits<D>(p.shapes[s], p.bin_types[t].capacity)) type = t;
      for (std::int64_t k = 0; k < p.counts[s]; ++k) {
        if (!type) {
          ++r.unplaced[s];
          continue;
        }
        r.bins.push_back({*type, p.shapes[s], {{s, 1}}});
        r.cost_per_hour += p.bin_types[*type].cost_per_hour();
      }
    }
    if (r.unplaced_count() > 0) r.status = packing::pack_status::unplaced_items;
    return r;
  }
};
static_assert(packing::packing_heuristic<one_per_bin, 2>);

TEST(ApiPacking, UserPolicyRunsThroughPackWithBounds) {
  packing::problem<2> p;
  p.bin_types.push_back({"box", {10, 10}, 1.0, 0.0});
  p.add({5, 5}, 4);
  const packing::pack_result<2> r = packing::pack(one_per_bin{}, p);
  EXPECT_EQ(r.heuristic, "one_per_bin");
  EXPECT_EQ(r.bins_used(), 4);
  EXPECT_EQ(r.cost_per_hour, 4.0);
  // Lower bounds: 4 × 5 = 20 in each dimension over capacity 10 → 2 bins, 2 USD per hour.
  EXPECT_EQ(r.lower.bins, 2);
  EXPECT_DOUBLE_EQ(r.lower.cost_per_hour, 2.0);
  // A built-in policy object goes the same way; by name, pack_with_bounds fills `lower`.
  const auto ffd = packing::pack(packing::item_centric{packing::fit_rule::first, packing::size_measure::sum, {}, "ffd_sum"}, p);
  EXPECT_EQ(ffd.bins_used(), 2);
  EXPECT_EQ(ffd.lower.bins, 2);
  EXPECT_EQ(packing::pack_with_bounds<2>("ffd_sum", p, {}).lower.bins, 2);
  EXPECT_EQ(packing::pack_by_name<2>("ffd_sum", p, {}).lower.bins, 0);  // documented: bare heuristic
}

// -- e. error_id is a value ------------------------------------------------------------------------

TEST(ApiErrorId, ComparesHashesAndOrders) {
  EXPECT_EQ(errid::duplicate, (error_id{"input", 12}));
  EXPECT_NE(errid::duplicate, errid::catalog_duplicate);  // same family of meaning, other domain
  EXPECT_NE(errid::out_of_range, errid::not_whole);
  const std::string domain = "input";  // another buffer: compared as text, not by address
  EXPECT_EQ((error_id{domain, 5}), errid::out_of_range);
  EXPECT_LT(errid::catalog_malformed, errid::malformed_json);  // "catalog" < "input"
  EXPECT_LT(errid::malformed_json, errid::wrong_type);
  std::unordered_map<error_id, int> seen;
  std::map<error_id, int> ordered;
  for (const error_id id : {errid::malformed_json, errid::wrong_type, errid::malformed_json}) {
    ++seen[id];
    ++ordered[id];
  }
  EXPECT_EQ(seen[errid::malformed_json], 2);
  EXPECT_EQ(ordered.size(), 2u);
  try {
    (void)parse_fleet(R"({"fargate": [{"name": "a", "cpu": 256, "memory": 512, "count": -3, "run_seconds": 60}]})", "f.json");
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errid::out_of_range);
    EXPECT_EQ(e.id(), "fleetcast.input.5");
    EXPECT_EQ(e.id(), e.code().to_string());
  }
}

// -- f. Checkpoints, shards and merges from the library ----------------------------------------------

class ApiRunFiles : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("fleetcast-api-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
};

TEST_F(ApiRunFiles, ShardsMergeToTheSingleRun) {
  const run_source src{std::string(example_scenario_json()), "examples/payments-api.json", ""};
  const sim::scenario s = parse_scenario(src.scenario_json, src.scenario_source, default_catalog());
  const mc::run_config cfg = mc::simulation(s).with_scenarios(700).with_seed(11).with_threads(2).config();
  const std::string whole = bits(s, mc::run(s, default_catalog(), cfg));
  std::vector<partial_bytes> parts;
  for (std::uint64_t i = 0; i < 3; ++i) {
    const partial_file p = run_shard(s, default_catalog(), src, cfg, i, 3);
    EXPECT_EQ(p.header.kind, "shard");
    EXPECT_EQ(p.header.shard_index, i);
    parts.push_back({write_partial(p), "part-" + std::to_string(i)});
  }
  std::swap(parts[0], parts[2]);  // any order
  const merged_run m = merge_shards(parts);
  EXPECT_EQ(bits(m.scenario, m.result), whole);
  // The same through files; a missing shard is named.
  std::vector<std::string> paths;
  for (const auto& p : parts) {
    paths.push_back((dir_ / p.name).string());
    write_file_atomic(paths.back(), p.bytes);
  }
  EXPECT_EQ(bits(s, merge_shard_files(paths).result), whole);
  paths.pop_back();
  try {
    (void)merge_shard_files(paths);
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::missing_field);
  }
}

TEST_F(ApiRunFiles, CheckpointAndResumeGiveTheSameBits) {
  const run_source src{std::string(example_scenario_json()), "examples/payments-api.json", ""};
  const sim::scenario s = parse_scenario(src.scenario_json, src.scenario_source, default_catalog());
  const mc::run_config cfg = mc::simulation(s).with_scenarios(500).with_seed(5).config();
  const std::string whole = bits(s, mc::run(s, default_catalog(), cfg));
  const checkpoint_options ck{(dir_ / "run.ckpt").string(), 0.0, false, {}};
  EXPECT_EQ(bits(s, run_with_checkpoint(s, default_catalog(), src, cfg, ck)), whole);
  ASSERT_TRUE(fs::exists(ck.path));  // the last block is always saved
  checkpoint_options resume = ck;
  resume.resume = true;  // everything is done already: the saved state is the result
  EXPECT_EQ(bits(s, run_with_checkpoint(s, default_catalog(), src, cfg, resume)), whole);
  mc::run_config other = cfg;
  other.seed = 6;
  try {
    (void)run_with_checkpoint(s, default_catalog(), src, other, resume);
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::unsupported);
  }
}

// -- g. The driver is its registered subcommands ---------------------------------------------------


TEST(ApiCli, EverySubcommandIsRegisteredAndRuns) {
  const cli_result help = run_cli({"--help"});
  EXPECT_EQ(help.code, 0);
  for (const char* c : {"quote", "pack", "simulate", "commit", "import", "pricing", "report", "merge", "catalog"}) {
    EXPECT_NE(help.out.find(std::string("  ") + c + " "), std::string::npos) << c;
    EXPECT_EQ(run_cli({c, "--help"}).code, 0) << c;
  }
  EXPECT_EQ(run_cli({"quote", "--example"}).code, 0);
  EXPECT_EQ(run_cli({"catalog"}).code, 0);
  const cli_result bad = run_cli({"quote"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "[fleetcast.usage.1] command line: quote needs a FILE or --example (not both)\n");
}

// -- h. Reports take the run in memory ------------------------------------------------------------

TEST(ApiReport, InMemoryRunRendersTheSamePageAsItsJson) {
  // The JSON path (`fleetcast report RESULT.json`) reads into the same summary types the
  // in-memory path builds: the pages must be identical byte for byte.
  const sim::scenario s = make_scenario();
  const mc::run_result r = mc::simulation(s).with_scenarios(300).with_threads(2).run();
  const mc::break_even_result be = mc::break_even(s, default_catalog(), {0.5, 1, 2}, 40, s.seed, 1);
  EXPECT_EQ(render_html_report(s, r, "r.html", &be), render_html_report(mc_results_to_json(s, r, true, &be), "r.html"));
  EXPECT_EQ(render_html_report(s, r, "r.html"), render_html_report(mc_results_to_json(s, r, true), "r.html"));
  const mc::run_result exact =
      mc::simulation(s).with_scenarios(50).with_exact_quantiles().with_baseline("ecs-fargate-spot").run();
  EXPECT_EQ(render_html_report(s, exact, "x.html"), render_html_report(mc_results_to_json(s, exact, true), "x.html"));
  // The summary holds the statistics' own figures.
  const mc_run_summary sum = summarise_run(s, r);
  ASSERT_EQ(sum.options.size(), s.options.size());
  EXPECT_EQ(sum.options[0].cost.mean, r.stats.options()[0].cost.summarise().mean);
  EXPECT_EQ(sum.seed, std::to_string(s.seed));
  EXPECT_EQ(render_html_report(sum, "r.html"), render_html_report(s, r, "r.html"));
}

// -- i. Limits are arguments, not a global -----------------------------------------------------------

TEST(ApiLimits, ConcurrentReadsWithDifferentLimits) {
  // Two threads read the same text at once, one under depth 2 and one under the defaults:
  // each gets its own answer (a process-wide setting could not give both).
  const std::string text = std::string(example_quote_json());
  input_limits shallow;
  shallow.depth = 2;
  std::atomic<int> refused{0}, read{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) {
        try {
          (void)parse_fleet(text, "quote.json", t % 2 ? shallow : input_limits{});
          ++read;
        } catch (const input_error& e) {
          if (e.code() == errid::limit_exceeded) ++refused;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(read.load(), 40);
  EXPECT_EQ(refused.load(), 40);
}

TEST(ApiLimits, ARunChecksItsOwnConfiguration) {
  const sim::scenario s = make_scenario();
  mc::run_config cfg;
  cfg.scenarios = 10;
  cfg.limits.work = 71'999;  // 1440 steps × 5 options × 10 scenarios = 72 000
  try {
    (void)mc::run(s, default_catalog(), cfg);
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::limit_exceeded);
  }
  cfg.limits.work = 72'000;
  EXPECT_EQ(mc::run(s, default_catalog(), cfg).scenarios, 10u);
}

}  // namespace
}  // namespace fleetcast
