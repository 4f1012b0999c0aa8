// The price catalog: the embedded default is the file in pricing/, it holds the figures the
// issue asks for, and a malformed or inconsistent catalog is rejected naming the JSON path.
#include <gtest/gtest.h>

#include <string>

#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"

namespace fleetcast {
namespace {

std::string catalog_text() {
  return read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json");
}

TEST(Catalog, EmbeddedCatalogIsTheFileInPricing) {
  const price_catalog file = parse_catalog(catalog_text());
  const price_catalog& embedded = default_catalog();
  ASSERT_EQ(file.ec2.types.size(), embedded.ec2.types.size());
  for (std::size_t i = 0; i < file.ec2.types.size(); ++i) {
    EXPECT_EQ(file.ec2.types[i].name, embedded.ec2.types[i].name);
    EXPECT_EQ(file.ec2.types[i].on_demand.usd_per_hour, embedded.ec2.types[i].on_demand.usd_per_hour);
  }
  EXPECT_EQ(file.fargate.linux_x86_64.vcpu.usd_per_second,
            embedded.fargate.linux_x86_64.vcpu.usd_per_second);
  EXPECT_EQ(file.as_of, embedded.as_of);
}

TEST(Catalog, HasEveryFamilyAndSizeTheIssueNames) {
  const price_catalog& c = default_catalog();
  for (const char* fam : {"m5", "m6i", "m7i", "c5", "c6i", "c7i", "r5", "r6i", "m6g", "m7g", "c6g",
                          "c7g", "r6g", "t3", "t4g"}) {
    for (const char* size : {"large", "xlarge", "2xlarge", "4xlarge"}) {
      const std::string name = std::string(fam) + "." + size;
      const bool burstable = fam[0] == 't';
      if (burstable && std::string(size) == "4xlarge") {
        EXPECT_EQ(c.ec2.find(name), nullptr) << name << " does not exist";
        continue;
      }
      const instance_type* t = c.ec2.find(name);
      ASSERT_NE(t, nullptr) << name;
      EXPECT_GT(t->on_demand.effective_per_hour(), 0) << name;
      EXPECT_FALSE(t->spot.source.empty()) << name;
      // 18 offers: Savings Plans (compute, EC2 instance) and standard RIs × 1/3 years × 3 payments.
      EXPECT_EQ(t->commitments.size(), 18u) << name;
      for (const auto& cr : t->commitments)
        EXPECT_LT(cr.usd_per_hour, t->on_demand.effective_per_hour()) << name << " " << cr.offer;
    }
  }
}

TEST(Catalog, PublishedFiguresForM5Large) {
  // aws-pricing-facts.md: m5.large 2 vCPU / 8 GiB, 3 ENIs × 10 IPv4, 29 max pods, $0.096/h.
  const instance_type* t = default_catalog().ec2.find("m5.large");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->vcpu, 2);
  EXPECT_EQ(t->memory_mib, 8192);
  EXPECT_EQ(t->max_enis, 3);
  EXPECT_EQ(t->ipv4_per_eni, 10);
  EXPECT_EQ(t->eks_max_pods, 29);
  EXPECT_EQ(t->on_demand.usd_per_hour, 0.096);
  EXPECT_EQ(t->arch, cpu_arch::x86_64);
  EXPECT_EQ(default_catalog().ec2.find("m7g.xlarge")->arch, cpu_arch::arm64);
}

TEST(Catalog, FargateTableAndRules) {
  const fargate_prices& p = default_catalog().fargate;
  ASSERT_EQ(p.sizes.size(), 8u);
  EXPECT_EQ(p.sizes[1].memory_mib.size(), 4u);   // 0.5 vCPU: 1–4 GB
  EXPECT_EQ(p.sizes[4].memory_mib.back(), 30720);  // 4 vCPU: up to 30 GB
  EXPECT_EQ(p.sizes[5].memory_mib.size(), 12u);  // 8 vCPU: 16–60 GB in 4 GB steps
  EXPECT_EQ(p.sizes[6].memory_mib.size(), 12u);  // 16 vCPU: 32–120 GB in 8 GB steps
  EXPECT_FALSE(p.sizes[7].eks_ok);
  EXPECT_EQ(p.min_billed_seconds_linux, 60);
  EXPECT_EQ(p.min_billed_seconds_windows, 300);
  EXPECT_TRUE(p.windows_x86_64.os_licence_vcpu.has_value());
  // Every figure names a listed source.
  const price_catalog& c = default_catalog();
  for (const rate* r : {&p.linux_x86_64.vcpu, &p.linux_arm64.memory_gb, &p.windows_x86_64.vcpu,
                        &p.spot_linux_arm64.vcpu, &p.ephemeral_storage_gb,
                        &c.eks.control_plane_extended})
    EXPECT_NE(c.find_source(r->source), nullptr) << r->source;
}

struct bad_case {
  const char* name;
  std::string from, to;  // replace the first `from` with `to`
  const char* id;
  const char* place;     // expected JSON pointer (prefix)
};

class CatalogRejects : public ::testing::TestWithParam<bad_case> {};

TEST_P(CatalogRejects, NamingIdAndJsonPath) {
  const bad_case& c = GetParam();
  std::string text = catalog_text();
  const auto pos = text.find(c.from);
  ASSERT_NE(pos, std::string::npos) << c.from;
  text.replace(pos, c.from.size(), c.to);
  try {
    (void)parse_catalog(text);
    FAIL() << "accepted: " << c.name;
  } catch (const pricing_error& e) {
    EXPECT_EQ(e.id(), c.id) << e.what();
    EXPECT_EQ(e.place().rfind(c.place, 0), 0u) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogRejects,
    ::testing::Values(
        bad_case{"negative_price", "\"usd_per_hour\": 0.34,", "\"usd_per_hour\": -0.34,",
                 "fleetcast.catalog.4", "/ec2/instance_types/0/on_demand/usd_per_hour"},
        bad_case{"duplicate_type", "\"name\": \"c5.4xlarge\"", "\"name\": \"c5.2xlarge\"",
                 "fleetcast.catalog.5", "/ec2/instance_types/1/name"},
        bad_case{"missing_price", "\"standard\": {\"usd_per_hour\": 0.1, \"source\"", "\"standard\": {\"source\"",
                 "fleetcast.catalog.3", "/eks/control_plane_per_cluster_hour/standard"},
        bad_case{"wrong_type", "\"vcpu\": 8,", "\"vcpu\": \"8\",", "fleetcast.catalog.2",
                 "/ec2/instance_types/0/vcpu"},
        bad_case{"unknown_source", "\"source\": \"karpenter-pricing-2026-01-19\"",
                 "\"source\": \"my-guess\"", "fleetcast.catalog.6",
                 "/ec2/instance_types/0/on_demand/source"},
        bad_case{"unknown_key", "\"max_enis\": 4,", "\"max_enis\": 4, \"colour\": 1,",
                 "fleetcast.catalog.6", "/ec2/instance_types/0/colour"},
        bad_case{"max_pods_contradicts_formula", "\"eks_max_pods\": 58", "\"eks_max_pods\": 57",
                 "fleetcast.catalog.7", "/ec2/instance_types/0/eks_max_pods"},
        bad_case{"hourly_and_per_second_disagree", "\"usd_per_second\": 0.000011244",
                 "\"usd_per_second\": 0.000012244", "fleetcast.catalog.7",
                 "/fargate/rates/linux_x86_64/vcpu"},
        bad_case{"sizes_out_of_order", "{\"cpu\": 512,", "{\"cpu\": 128,", "fleetcast.catalog.7",
                 "/fargate/sizes/1/cpu"},
        bad_case{"truncated", "\"eks\": {", "\"eks\": ", "fleetcast.catalog.1", "catalog:"},
        bad_case{"nan_literal", "\"auto_mode_fee_fraction\": 0.12", "\"auto_mode_fee_fraction\": NaN",
                 "fleetcast.catalog.1", "catalog:"},
        bad_case{"huge_price", "\"usd_per_hour\": 0.34,", "\"usd_per_hour\": 1e308,",
                 "fleetcast.catalog.4", "/ec2/instance_types/0/on_demand/usd_per_hour"},
        bad_case{"zero_price", "\"usd_per_hour\": 0.34,", "\"usd_per_hour\": 0,",
                 "fleetcast.catalog.4", "/ec2/instance_types/0/on_demand"},
        bad_case{"bad_confidence", "\"confidence\": \"estimate\"", "\"confidence\": \"vibes\"",
                 "fleetcast.catalog.4", "/sources/"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Catalog, LoadCatalogNamesTheFile) {
  try {
    (void)load_catalog("/nonexistent/catalog.json");
    FAIL();
  } catch (const io_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.io.1");
    EXPECT_EQ(e.place(), "/nonexistent/catalog.json");
  }
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(Catalog, PerTypeOverridesReplaceDefaults) {
  std::string text = catalog_text();
  const std::string from = "\"name\": \"m6g.large\",";
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(),
               from + R"( "spot": {"discount": 0.7, "source": "riseofcloud-2024"},
                 "commitments": {"compute_sp_1yr_no_upfront": {"usd_per_hour": 0.0624, "source": "commitment-m5xlarge-2026"},
                                 "my_private_rate": {"usd_per_hour": 0.05, "source": "commitment-m5xlarge-2026"}},)");
  const price_catalog c = parse_catalog(text);
  const instance_type* t = c.ec2.find("m6g.large");
  ASSERT_NE(t, nullptr);
  EXPECT_DOUBLE_EQ(t->spot.discount, 0.7);
  EXPECT_EQ(t->spot.interruption_bucket, "unknown");  // kept from spot_default
  ASSERT_EQ(t->commitments.size(), 19u);           // 18 defaults, one replaced, one added
  for (const auto& cr : t->commitments) {
    if (cr.offer == "compute_sp_1yr_no_upfront") {
      EXPECT_DOUBLE_EQ(cr.usd_per_hour, 0.0624);
    }
    if (cr.offer == "ec2_instance_sp_1yr_no_upfront") {
      EXPECT_DOUBLE_EQ(cr.usd_per_hour, 0.077 * (1 - 0.375));
    }
    if (cr.offer == "my_private_rate") {
      EXPECT_DOUBLE_EQ(cr.usd_per_hour, 0.05);
    }
  }
}

}  // namespace
}  // namespace fleetcast
