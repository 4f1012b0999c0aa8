// default_catalog() is generated at build time as C++ data (tools/catalog_codegen.cpp), so the
// core library needs no JSON parser. It must be exactly the catalog parse_catalog() reads from
// pricing/aws-us-east-1.json: every field, doubles compared bit for bit (NaN "not set" rates
// included).
#include <bit>
#include <cstdint>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace {

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

void expect_same(const rate& a, const rate& b, const std::string& at) {
  EXPECT_EQ(bits(a.usd_per_second), bits(b.usd_per_second)) << at;
  EXPECT_EQ(bits(a.usd_per_hour), bits(b.usd_per_hour)) << at;
  EXPECT_EQ(a.source, b.source) << at;
}

void expect_same(const fargate_rates& a, const fargate_rates& b, const std::string& at) {
  expect_same(a.vcpu, b.vcpu, at + ".vcpu");
  expect_same(a.memory_gb, b.memory_gb, at + ".memory_gb");
  ASSERT_EQ(a.os_licence_vcpu.has_value(), b.os_licence_vcpu.has_value()) << at;
  if (a.os_licence_vcpu) expect_same(*a.os_licence_vcpu, *b.os_licence_vcpu, at + ".os_licence_vcpu");
}

TEST(DefaultCatalog, IsExactlyTheParsedCatalogFile) {
  const price_catalog& a = default_catalog();
  const price_catalog b = load_catalog(FLEETCAST_SOURCE_DIR "/pricing/aws-us-east-1.json");

  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.as_of, b.as_of);
  ASSERT_EQ(a.sources.size(), b.sources.size());
  for (std::size_t i = 0; i < a.sources.size(); ++i) {
    EXPECT_EQ(a.sources[i].id, b.sources[i].id);
    EXPECT_EQ(a.sources[i].title, b.sources[i].title);
    EXPECT_EQ(a.sources[i].url, b.sources[i].url);
    EXPECT_EQ(a.sources[i].date, b.sources[i].date);
    EXPECT_EQ(a.sources[i].confidence, b.sources[i].confidence);
  }

  const fargate_prices& fa = a.fargate;
  const fargate_prices& fb = b.fargate;
  expect_same(fa.linux_x86_64, fb.linux_x86_64, "linux_x86_64");
  expect_same(fa.linux_arm64, fb.linux_arm64, "linux_arm64");
  expect_same(fa.windows_x86_64, fb.windows_x86_64, "windows_x86_64");
  expect_same(fa.spot_linux_x86_64, fb.spot_linux_x86_64, "spot_linux_x86_64");
  expect_same(fa.spot_linux_arm64, fb.spot_linux_arm64, "spot_linux_arm64");
  expect_same(fa.ephemeral_storage_gb, fb.ephemeral_storage_gb, "ephemeral_storage_gb");
  EXPECT_EQ(fa.free_storage_gib, fb.free_storage_gib);
  EXPECT_EQ(fa.max_storage_gib_ecs, fb.max_storage_gib_ecs);
  EXPECT_EQ(fa.max_storage_gib_eks, fb.max_storage_gib_eks);
  EXPECT_EQ(fa.min_billed_seconds_linux, fb.min_billed_seconds_linux);
  EXPECT_EQ(fa.min_billed_seconds_windows, fb.min_billed_seconds_windows);
  EXPECT_EQ(fa.eks_pod_overhead_mib, fb.eks_pod_overhead_mib);
  EXPECT_EQ(fa.eks_default_cpu_units, fb.eks_default_cpu_units);
  EXPECT_EQ(fa.eks_default_memory_mib, fb.eks_default_memory_mib);
  ASSERT_EQ(fa.sizes.size(), fb.sizes.size());
  for (std::size_t i = 0; i < fa.sizes.size(); ++i) {
    EXPECT_EQ(fa.sizes[i].cpu_units, fb.sizes[i].cpu_units);
    EXPECT_EQ(fa.sizes[i].memory_mib, fb.sizes[i].memory_mib);
    EXPECT_EQ(fa.sizes[i].linux_ok, fb.sizes[i].linux_ok);
    EXPECT_EQ(fa.sizes[i].windows_ok, fb.sizes[i].windows_ok);
    EXPECT_EQ(fa.sizes[i].eks_ok, fb.sizes[i].eks_ok);
  }
  ASSERT_EQ(fa.commitment_discounts.size(), fb.commitment_discounts.size());
  for (std::size_t i = 0; i < fa.commitment_discounts.size(); ++i) {
    EXPECT_EQ(fa.commitment_discounts[i].first, fb.commitment_discounts[i].first);
    EXPECT_EQ(bits(fa.commitment_discounts[i].second), bits(fb.commitment_discounts[i].second));
  }
  EXPECT_EQ(fa.commitment_source, fb.commitment_source);

  EXPECT_EQ(a.ec2.min_billed_seconds, b.ec2.min_billed_seconds);
  EXPECT_EQ(a.ec2.spot_free_if_interrupted_within_seconds, b.ec2.spot_free_if_interrupted_within_seconds);
  ASSERT_EQ(a.ec2.types.size(), b.ec2.types.size());
  for (std::size_t i = 0; i < a.ec2.types.size(); ++i) {
    const instance_type& ta = a.ec2.types[i];
    const instance_type& tb = b.ec2.types[i];
    EXPECT_EQ(ta.name, tb.name);
    EXPECT_EQ(ta.family, tb.family);
    EXPECT_EQ(ta.size, tb.size);
    EXPECT_EQ(ta.vcpu, tb.vcpu) << ta.name;
    EXPECT_EQ(ta.memory_mib, tb.memory_mib) << ta.name;
    EXPECT_EQ(ta.arch, tb.arch) << ta.name;
    EXPECT_EQ(ta.max_enis, tb.max_enis) << ta.name;
    EXPECT_EQ(ta.ipv4_per_eni, tb.ipv4_per_eni) << ta.name;
    EXPECT_EQ(ta.eks_max_pods, tb.eks_max_pods) << ta.name;
    EXPECT_EQ(ta.gpus, tb.gpus) << ta.name;
    EXPECT_EQ(ta.gpu_name, tb.gpu_name) << ta.name;
    expect_same(ta.on_demand, tb.on_demand, ta.name + ".on_demand");
    EXPECT_EQ(bits(ta.spot.discount), bits(tb.spot.discount)) << ta.name;
    EXPECT_EQ(ta.spot.interruption_bucket, tb.spot.interruption_bucket) << ta.name;
    EXPECT_EQ(ta.spot.source, tb.spot.source) << ta.name;
    ASSERT_EQ(ta.commitments.size(), tb.commitments.size()) << ta.name;
    for (std::size_t j = 0; j < ta.commitments.size(); ++j) {
      EXPECT_EQ(ta.commitments[j].offer, tb.commitments[j].offer) << ta.name;
      EXPECT_EQ(bits(ta.commitments[j].usd_per_hour), bits(tb.commitments[j].usd_per_hour)) << ta.name;
      EXPECT_EQ(ta.commitments[j].source, tb.commitments[j].source) << ta.name;
    }
  }

  expect_same(a.eks.control_plane_standard, b.eks.control_plane_standard, "eks.standard");
  expect_same(a.eks.control_plane_extended, b.eks.control_plane_extended, "eks.extended");
  EXPECT_EQ(bits(a.eks.auto_mode_fee_fraction), bits(b.eks.auto_mode_fee_fraction));
  EXPECT_EQ(a.eks.auto_mode_source, b.eks.auto_mode_source);
  expect_same(a.vpc.public_ipv4, b.vpc.public_ipv4, "vpc.public_ipv4");
  EXPECT_EQ(a.vpc.public_ipv4_min_billed_seconds, b.vpc.public_ipv4_min_billed_seconds);
  expect_same(a.vpc.nat_gateway, b.vpc.nat_gateway, "vpc.nat_gateway");
  expect_same(a.vpc.interface_endpoint, b.vpc.interface_endpoint, "vpc.interface_endpoint");
  for (const auto& [x, y] : {std::pair{&a.vpc.nat_gateway_gb, &b.vpc.nat_gateway_gb},
                             std::pair{&a.vpc.interface_endpoint_gb, &b.vpc.interface_endpoint_gb},
                             std::pair{&a.ebs.gp3_gb_month, &b.ebs.gp3_gb_month}}) {
    EXPECT_EQ(bits(x->usd), bits(y->usd));
    EXPECT_EQ(x->source, y->source);
  }
  EXPECT_EQ(bits(a.ebs.hours_per_month), bits(b.ebs.hours_per_month));
  expect_same(a.elb.alb, b.elb.alb, "elb.alb");
  expect_same(a.elb.alb_lcu, b.elb.alb_lcu, "elb.alb_lcu");
  EXPECT_EQ(a.skus, b.skus);
}

}  // namespace
}  // namespace fleetcast
