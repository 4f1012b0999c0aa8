// FOCUS 1.2 bills of one simulated path: periods and dates, totals, and bad input. The
// specification's row rules are checked on real driver output by tests/validate_focus.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/focus.hpp"
#include "fleetcast/io/price_list_import.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

// One Fargate task of 0.25 vCPU / 0.5 GB all day: constant usage, no randomness that matters.
sim::scenario one_task(double days, double start_hour) {
  sim::scenario s;
  s.name = "one";
  s.horizon = {days, 60};
  s.horizon.start_hour = start_hour;
  sim::service sv;
  sv.name = "svc";
  sv.task.cpu_units = 256;
  sv.task.memory_mib = 512;
  sv.scaling.min_tasks = 1;
  sv.scaling.max_tasks = 1;
  sv.initial_tasks = 1;
  sv.demand.base = 0.5;
  s.services.push_back(sv);
  sim::option o;
  o.name = "fargate";
  s.options.push_back(o);
  s.network.egress = sim::egress_kind::none;  // compute rows only; the network's are tested below
  return s;
}

/// The fields of one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes).
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> f(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        f.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      f.emplace_back();
    } else {
      f.back() += c;
    }
  }
  return f;
}

std::vector<std::string> column(const std::string& csv, const std::string& name) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> head = fields(line);
  const auto idx = std::size_t(std::find(head.begin(), head.end(), name) - head.begin());
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    const auto f = fields(line);
    if (idx < f.size()) out.push_back(f[idx]);
  }
  return out;
}

TEST(Focus, HourlyRowsAndTheirDatesAcrossAMonthEnd) {
  // Starting 2026-01-31T22:00:00Z for 4 hours: vCPU and memory rows for each hour (8 rows),
  // the last two in February's billing period.
  const sim::scenario s = one_task(4.0 / 24.0, 0);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  focus_options fo;
  fo.start = "2026-01-31T22:00:00Z";
  const focus_bill b = path_to_focus(s, 0, r, default_catalog(), fo);
  EXPECT_EQ(b.rows, 8u);
  const auto starts = column(b.csv, "ChargePeriodStart"), periods = column(b.csv, "BillingPeriodStart");
  ASSERT_EQ(starts.size(), 8u);
  EXPECT_EQ(starts.front(), "2026-01-31T22:00:00Z");
  EXPECT_EQ(starts.back(), "2026-02-01T01:00:00Z");
  EXPECT_EQ(periods.front(), "2026-01-01T00:00:00Z");
  EXPECT_EQ(periods.back(), "2026-02-01T00:00:00Z");
  double billed = 0;
  for (const auto& v : column(b.csv, "BilledCost")) billed += std::stod(v);
  EXPECT_NEAR(billed, r[0].total_usd, 1e-12);
}

TEST(Focus, DailyRowsAreCutAtUtcMidnight) {
  // From 22:00 on the default start day (Monday 2026-01-05) for 26 hours: the days are
  // 22:00–24:00, the next whole day, and nothing more: 2 periods × (vCPU, memory) = 4 rows.
  const sim::scenario s = one_task(26.0 / 24.0, 22);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  focus_options fo;
  fo.daily = true;
  const focus_bill b = path_to_focus(s, 0, r, default_catalog(), fo);
  const auto starts = column(b.csv, "ChargePeriodStart"), ends = column(b.csv, "ChargePeriodEnd");
  ASSERT_EQ(starts.size(), 4u);
  EXPECT_EQ(starts[0], "2026-01-05T22:00:00Z");
  EXPECT_EQ(ends[0], "2026-01-06T00:00:00Z");
  EXPECT_EQ(starts[2], "2026-01-06T00:00:00Z");
  EXPECT_EQ(ends[2], "2026-01-07T00:00:00Z");
}

TEST(Focus, NetworkAndStorageRowsAddUpToTheTotal) {
  // The defaults (NAT gateways in 2 zones, 20 GiB roots) on an EC2 option with public IPs, and an
  // ALB: every line of the result has rows, of the right service and category, and the billed
  // costs add up to each option's total (hourly and daily).
  sim::scenario s = one_task(26.0 / 24.0, 22);
  s.network.egress = sim::egress_kind::nat_gateway;
  sim::load_balancer_load lb;
  lb.new_connections_per_s = 30;
  s.services[0].load_balancer = lb;
  sim::option e;
  e.name = "ec2";
  e.compute = sim::compute_kind::ec2;
  e.instance_types = {"m6i.large"};
  e.public_ipv4 = true;
  s.options.push_back(e);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  for (const bool daily : {false, true}) {
    focus_options fo;
    fo.daily = daily;
    const focus_bill b = path_to_focus(s, 0, r, default_catalog(), fo);
    const auto option = column(b.csv, "x_Option"), billed = column(b.csv, "BilledCost");
    double sum[2] = {0, 0};
    for (std::size_t i = 0; i < billed.size(); ++i) sum[option[i] == "ec2"] += std::stod(billed[i]);
    EXPECT_NEAR(sum[0], r[0].total_usd, 1e-9) << daily;
    EXPECT_NEAR(sum[1], r[1].total_usd, 1e-9) << daily;
    const auto key = column(b.csv, "x_RateKey"), service = column(b.csv, "ServiceName"),
               category = column(b.csv, "ServiceCategory");
    auto service_of = [&](const std::string& k) {
      for (std::size_t i = 0; i < key.size(); ++i)
        if (key[i].rfind(k, 0) == 0) return service[i] + " / " + category[i];
      return std::string("missing");
    };
    EXPECT_EQ(service_of("vpc:nat_gateway"), "Amazon Elastic Compute Cloud / Networking");
    EXPECT_EQ(service_of("vpc:nat_data"), "Amazon Elastic Compute Cloud / Networking");
    EXPECT_EQ(service_of("vpc:public_ipv4"), "Amazon Virtual Private Cloud / Networking");
    EXPECT_EQ(service_of("ebs:gp3:root"), "Amazon Elastic Compute Cloud / Storage");
    EXPECT_EQ(service_of("elb:alb:svc"), "Elastic Load Balancing / Networking");
    EXPECT_EQ(service_of("elb:alb_lcu:svc"), "Elastic Load Balancing / Networking");
  }
}

TEST(Focus, BadStartTimeIsAnError) {
  const sim::scenario s = one_task(1.0 / 24.0, 0);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  focus_options fo;
  fo.start = "2026-01-05 00:00";
  try {
    (void)path_to_focus(s, 0, r, default_catalog(), fo);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.5");
    EXPECT_EQ(e.place(), "--focus-start");
  }
}

TEST(Focus, SkuIdsComeFromAnImportedPriceList) {
  // A catalog imported from the real AmazonECS offer file records the Fargate SKUs; the bill
  // of a Fargate path carries them (8CESGAFWKAJ98PME: Fargate vCPU-hours, us-east-1).
  const std::string offer = std::string(FLEETCAST_SHARED_DATA_DIR) + "/aws-price-list/AmazonECS_us-east-1_20250828.json";
  if (!std::filesystem::exists(offer)) GTEST_SKIP() << "shared price list absent: " << offer;
  const price_catalog cat = parse_catalog(import_price_lists({offer}, "us-east-1").catalog_json, "imported");
  ASSERT_NE(cat.sku("fargate:linux_x86_64:vcpu"), nullptr);
  const sim::scenario s = one_task(1.0 / 24.0, 0);
  const focus_bill b = path_to_focus(s, 0, sim::simulate_path(s, cat, 0), cat);
  const auto skus = column(b.csv, "SkuId");
  EXPECT_NE(std::find(skus.begin(), skus.end(), "8CESGAFWKAJ98PME"), skus.end());
  EXPECT_NE(std::find(skus.begin(), skus.end(), *cat.sku("fargate:linux_x86_64:memory_gb")), skus.end());
}

}  // namespace
}  // namespace fleetcast
