// Properties over random inputs (issue 9): no cost is negative; cost lines and allocation
// shares add up to totals; on Fargate more (constant) demand never costs less; commitments
// never change the usage they are applied to; packing never exceeds capacity and every
// heuristic places every item some bin type holds; an invoice differs from the exact total by
// less than half a cent per line. Inputs come from fleetcast's own seeded streams, so every
// failure is reproducible from its seed and index.
#include <gtest/gtest.h>

#include <cmath>

#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

constexpr std::uint64_t seed = 20261127;

// Valid Fargate sizes (CPU units, MiB) every option here can run.
constexpr std::pair<int, int> sizes[] = {{256, 512}, {256, 1024}, {512, 1024}, {512, 2048}, {1024, 2048},
                                         {1024, 4096}, {2048, 4096}, {2048, 8192}, {4096, 8192}};

sim::scenario random_scenario(std::uint64_t i) {
  xoshiro256pp g = make_stream(seed, i, stream_purpose::other, 1);
  sim::scenario s;
  s.name = "random-" + std::to_string(i);
  s.horizon = {0.25 + uniform01(g), std::int64_t(60 * (1 + uniform_below(g, 5)))};
  const std::size_t services = 1 + uniform_below(g, 3);
  for (std::size_t k = 0; k < services; ++k) {
    sim::service sv;
    sv.name = "svc" + std::to_string(k);
    const auto [cpu, mem] = sizes[uniform_below(g, std::size(sizes))];
    sv.task.cpu_units = cpu;
    sv.task.memory_mib = mem;
    sv.scaling.target_percent = uniform(g, 40, 90);
    sv.scaling.min_tasks = std::int64_t(uniform_below(g, 3));
    sv.scaling.max_tasks = sv.scaling.min_tasks + 1 + std::int64_t(uniform_below(g, 15));
    sv.initial_tasks = std::clamp<std::int64_t>(std::int64_t(uniform_below(g, 6)), sv.scaling.min_tasks, sv.scaling.max_tasks);
    sv.demand.base = uniform(g, 0, 6);
    sv.demand.diurnal = {uniform(g, 0, 0.8), uniform(g, 0, 24)};
    sv.demand.noise = {uniform(g, 0, 0.5), uniform(g, 0, 0.95)};
    sv.demand.bursts = {uniform(g, 0, 3), uniform(g, 0, 4), uniform(g, 5, 60), 2.5};
    s.services.push_back(sv);
  }
  const char* types[] = {"m6i.large", "m6i.xlarge", "c6i.large", "r6i.large", "m7g.large"};
  for (int k = 0; k < 4; ++k) {
    sim::option o;
    o.name = "opt" + std::to_string(k);
    o.on = uniform_below(g, 2) ? platform::eks : platform::ecs;
    if (k % 2 == 0) {
      o.compute = sim::compute_kind::fargate;
      if (o.on == platform::ecs && uniform_below(g, 2)) o.strategy = {{sim::fargate_provider::fargate, 1, 1}, {sim::fargate_provider::fargate_spot, 0, 2}};
    } else {
      o.compute = sim::compute_kind::ec2;
      o.instance_types = {types[uniform_below(g, 4)], types[uniform_below(g, 4)]};
      if (o.instance_types[0] == o.instance_types[1]) o.instance_types.pop_back();
      o.spot_percent = double(uniform_below(g, 3)) * 50.0;
      o.consolidation_interval_s = uniform_below(g, 2) ? 600 : 0;
    }
    if (uniform_below(g, 2)) {
      commitment c;
      c.name = "plan";
      c.type = commitment_type::compute_sp;
      c.hourly_commitment = uniform(g, 0.001, 0.3);
      o.commitments = {c};
    }
    s.options.push_back(o);
  }
  return s;
}

TEST(Property, CostsAreNonNegativeAndAddUp) {
  for (std::uint64_t i = 0; i < 150; ++i) {
    const sim::scenario s = random_scenario(i);
    const auto r = sim::simulate_path(s, default_catalog(), i);
    for (const auto& o : r) {
      double lines = 0, shares = 0;
      for (const auto& l : o.lines) {
        EXPECT_GE(l.usd, 0.0) << s.name << " " << o.option << " " << l.name;
        lines += l.usd;
      }
      for (const auto& a : o.allocation) shares += a.usd;
      EXPECT_GE(o.total_usd, 0.0) << s.name;
      EXPECT_NEAR(lines, o.total_usd, 1e-9 * std::max(1.0, o.total_usd)) << s.name << " " << o.option;
      EXPECT_NEAR(shares, o.total_usd, 1e-9 * std::max(1.0, o.total_usd)) << s.name << " " << o.option;
      EXPECT_GE(o.unserved_task_seconds, 0.0);
      EXPECT_GE(o.task_hours, 0.0);
    }
  }
}

TEST(Property, CommitmentsNeverChangeTheUsage) {
  // The same path with and without the options' plans: identical hourly usage ledgers, and the
  // plans' coverable on-demand equivalent is the plain option's compute on demand.
  for (std::uint64_t i = 0; i < 60; ++i) {
    sim::scenario with = random_scenario(i), without = with;
    for (auto& o : without.options) o.commitments.clear();
    const auto a = sim::simulate_path(with, default_catalog(), i), b = sim::simulate_path(without, default_catalog(), i);
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].usage.keys, b[k].usage.keys);
      EXPECT_EQ(a[k].usage.quantity, b[k].usage.quantity) << with.name << " " << a[k].option;
      EXPECT_EQ(a[k].task_hours, b[k].task_hours);
      if (!with.options[k].commitments.empty() && with.options[k].compute == sim::compute_kind::fargate) {
        double od_compute = 0;
        for (const auto& l : b[k].lines)
          if (l.name == "compute_on_demand") od_compute = l.usd;
        EXPECT_NEAR(a[k].covered_on_demand_equivalent + [&] {
          for (const auto& l : a[k].lines)
            if (l.name == "compute_on_demand") return l.usd;
          return 0.0;
        }(), od_compute, 1e-9 * std::max(1.0, od_compute));
      }
    }
  }
}

TEST(Property, MoreConstantDemandNeverCostsLessOnFargate) {
  for (std::uint64_t i = 0; i < 80; ++i) {
    sim::scenario s = random_scenario(i);
    for (auto& sv : s.services) {
      sv.demand.diurnal.amplitude = 0;
      sv.demand.noise.cv = 0;
      sv.demand.bursts.per_day = 0;
      sv.scaling.max_tasks = 1000;
    }
    std::erase_if(s.options, [](const sim::option& o) { return o.compute != sim::compute_kind::fargate; });
    for (auto& o : s.options) {
      o.commitments.clear();
      o.strategy.clear();  // Fargate Spot interruptions would add noise between the two runs
    }
    sim::scenario more = s;
    for (auto& sv : more.services) sv.demand.base = sv.demand.base * 1.5 + 0.25;
    const auto a = sim::simulate_path(s, default_catalog(), i), b = sim::simulate_path(more, default_catalog(), i);
    for (std::size_t k = 0; k < a.size(); ++k) EXPECT_GE(b[k].total_usd, a[k].total_usd - 1e-12) << s.name << " " << a[k].option;
  }
}

TEST(Property, PackingRespectsCapacityAndPlacesWhatFits) {
  for (std::uint64_t i = 0; i < 40; ++i) {
    xoshiro256pp g = make_stream(seed, i, stream_purpose::other, 2);
    packing::problem<2> p;
    const std::size_t types = 1 + uniform_below(g, 3);
    for (std::size_t t = 0; t < types; ++t)
      p.bin_types.push_back({"t" + std::to_string(t), {std::int64_t(1000 + uniform_below(g, 8000)), std::int64_t(1000 + uniform_below(g, 16000))},
                             uniform(g, 0.05, 1.0), 0});
    const std::size_t shapes = 1 + uniform_below(g, 8);
    for (std::size_t k = 0; k < shapes; ++k)
      p.add({std::int64_t(1 + uniform_below(g, 9000)), std::int64_t(1 + uniform_below(g, 17000))}, std::int64_t(uniform_below(g, 40)));
    for (const auto& h : packing::heuristic_names()) {
      const auto r = packing::pack_by_name<2>(h, p, {}, i);
      std::vector<std::int64_t> placed(p.shapes.size(), 0);
      for (const auto& b : r.bins) {
        std::array<std::int64_t, 2> load{};
        for (const auto& [s, n] : b.items) {
          placed[s] += n;
          for (int d = 0; d < 2; ++d) load[std::size_t(d)] += p.shapes[s][std::size_t(d)] * n;
        }
        for (int d = 0; d < 2; ++d) EXPECT_LE(load[std::size_t(d)], p.bin_types[b.type].capacity[std::size_t(d)]) << h << " " << i;
      }
      for (std::size_t s = 0; s < p.shapes.size(); ++s) {
        bool fits_some = false;
        for (const auto& t : p.bin_types)
          fits_some = fits_some || (p.shapes[s][0] <= t.capacity[0] && p.shapes[s][1] <= t.capacity[1]);
        EXPECT_EQ(placed[s], fits_some ? p.counts[s] : 0) << h << " " << i << " shape " << s;
      }
    }
  }
}

TEST(Property, InvoiceWithinHalfACentPerLineOfTheExactTotal) {
  for (std::uint64_t i = 0; i < 100; ++i) {
    xoshiro256pp g = make_stream(seed, i, stream_purpose::other, 3);
    fleet f;
    for (std::size_t k = 0, n = 1 + uniform_below(g, 6); k < n; ++k) {
      fargate_fleet_entry e;
      e.name = "f" + std::to_string(k);
      const auto [cpu, mem] = sizes[uniform_below(g, std::size(sizes))];
      e.task.cpu_units = cpu;
      e.task.memory_mib = mem;
      e.count = std::int64_t(1 + uniform_below(g, 20));
      e.run_seconds = uniform(g, 1, 100000);
      e.runs = std::int64_t(1 + uniform_below(g, 50));
      f.fargate.push_back(e);
    }
    const invoice inv = quote_fleet(f, default_catalog());
    EXPECT_LT(std::abs(inv.invoice_total_usd() - inv.total_usd()), 0.005 * double(inv.lines.size()) + 1e-12) << i;
  }
}

}  // namespace
}  // namespace fleetcast
