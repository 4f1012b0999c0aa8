// The EC2 instance types generated into the built-in catalogs by tools/gen_region_catalogs.py
// from pricing/regions/ec2-instance-types.tsv (vCPU, memory, architecture, GPUs, ENIs) and
// pricing/regions/karpenter-ondemand-us-east-1.tsv (us-east-1 on-demand prices).
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <map>
#include <stdexcept>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace {

constexpr const char* generated_source = "karpenter-pricing-2026-07-20-generated";

std::vector<std::vector<std::string>> tsv_rows(const std::string& name) {
  std::ifstream in(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/regions/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, '\t');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

const instance_type& type(const char* name) {
  const instance_type* t = default_catalog().ec2.find(name);
  if (t == nullptr) throw std::runtime_error(std::string(name) + " is not in the built-in catalog");
  return *t;
}

TEST(CatalogTypes, NewTypesAreTheirSourceLines) {
  // aws/karpenter-provider-aws@6fc13b5236fd04fd16ff3f9dc7490d0813994099:
  //   pkg/providers/pricing/zz_generated.pricing_aws.go (generated 2026-07-20T13:44:30Z, us-east-1):
  //     "r7iz.large": 0.186000,   "i4i.large": 0.172000,   "g6e.xlarge": 1.861000,   "t3.nano": 0.005200,
  //   pkg/providers/instancetype/zz_generated.vpclimits.go:
  //     "r7iz.large": { Interface: 3, IPv4PerInterface: 10, ... }
  //     "i4i.large":  { Interface: 3, IPv4PerInterface: 10, ... }
  //     "g6e.xlarge": { Interface: 4, IPv4PerInterface: 15, ... }
  //     "t3.nano":    { Interface: 2, IPv4PerInterface: 2, ... }
  // kubernetes/autoscaler@e964265b7440c0faa751f28f77b18166584d001d:
  //   cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go:
  //     "r7iz.large": { VCPU: 2, MemoryMb: 16384, GPU: 0, Architecture: "amd64" }
  //     "i4i.large":  { VCPU: 2, MemoryMb: 16384, GPU: 0, Architecture: "amd64" }
  //     "g6e.xlarge": { VCPU: 4, MemoryMb: 32768, GPU: 1, Architecture: "amd64" }
  //     "t3.nano":    { VCPU: 2, MemoryMb: 512, GPU: 0, Architecture: "amd64" }
  // Karpenter's website/content/en/preview/reference/instance-types.md, g6e.xlarge:
  //     |karpenter.k8s.aws/instance-gpu-manufacturer|nvidia|  |karpenter.k8s.aws/instance-gpu-name|l40s|
  // m8id.large is newer than the autoscaler's list (2026-01-22): its vCPU, memory and arch are
  // Karpenter's page's (@6fc13b52, website/content/en/preview/reference/instance-types.md):
  //     |karpenter.k8s.aws/instance-cpu|2|  |karpenter.k8s.aws/instance-memory|8192|  |kubernetes.io/arch|amd64|
  //   with "m8id.large": 0.130520 (pricing) and { Interface: 3, IPv4PerInterface: 20 } (vpclimits).
  // Max pods: ENIs × (IPv4 per ENI − 1) + 2, and amazon-eks-ami@2bed73dc eni-max-pods.txt says
  //     "r7iz.large 29", "i4i.large 29", "g6e.xlarge 58", "t3.nano 4", "m8id.large 59".
  struct want {
    const char* name;
    double usd_per_hour;
    int vcpu, memory_mib;
    cpu_arch arch;
    int max_enis, ipv4_per_eni, eks_max_pods, gpus;
    const char* gpu_name;
  };
  for (const want& w : {want{"r7iz.large", 0.186, 2, 16384, cpu_arch::x86_64, 3, 10, 29, 0, ""},
                        want{"i4i.large", 0.172, 2, 16384, cpu_arch::x86_64, 3, 10, 29, 0, ""},
                        want{"g6e.xlarge", 1.861, 4, 32768, cpu_arch::x86_64, 4, 15, 58, 1, "NVIDIA L40S"},
                        want{"t3.nano", 0.0052, 2, 512, cpu_arch::x86_64, 2, 2, 4, 0, ""},
                        want{"m8id.large", 0.13052, 2, 8192, cpu_arch::x86_64, 3, 20, 59, 0, ""}}) {
    const instance_type& t = type(w.name);
    EXPECT_EQ(t.on_demand.usd_per_hour, w.usd_per_hour) << w.name;
    EXPECT_EQ(t.on_demand.source, generated_source) << w.name;
    EXPECT_EQ(t.vcpu, w.vcpu) << w.name;
    EXPECT_EQ(t.memory_mib, w.memory_mib) << w.name;
    EXPECT_EQ(t.arch, w.arch) << w.name;
    EXPECT_EQ(t.max_enis, w.max_enis) << w.name;
    EXPECT_EQ(t.ipv4_per_eni, w.ipv4_per_eni) << w.name;
    EXPECT_EQ(t.eks_max_pods, w.eks_max_pods) << w.name;
    EXPECT_EQ(t.gpus, w.gpus) << w.name;
    EXPECT_EQ(t.gpu_name, w.gpu_name) << w.name;
    // The catalog's commitment discounts apply to the new types as to every type.
    EXPECT_EQ(t.commitments.size(), type("m5.large").commitments.size()) << w.name;
  }
  // The source is listed and confirmed.
  const price_source* s = default_catalog().find_source(generated_source);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->confidence, "confirmed");
  EXPECT_NE(s->url.find("6fc13b5236fd04fd16ff3f9dc7490d0813994099"), std::string::npos) << s->url;
}

TEST(CatalogTypes, HandWrittenRowsAgreeWithTheGeneratorsSources) {
  // m7g.large and c7i.xlarge stay hand-written (source karpenter-pricing-2026-01-19); the same
  // figures are in the sources the generator reads:
  //   zz_generated.pricing_aws.go @6fc13b52: "m7g.large": 0.081600, "c7i.xlarge": 0.178500
  //   ec2_instance_types.go @e964265b: "m7g.large": { VCPU: 2, MemoryMb: 8192, Architecture: "arm64" },
  //                                    "c7i.xlarge": { VCPU: 4, MemoryMb: 8192, Architecture: "amd64" }
  //   zz_generated.vpclimits.go @6fc13b52: "m7g.large": { Interface: 3, IPv4PerInterface: 10 },
  //                                        "c7i.xlarge": { Interface: 4, IPv4PerInterface: 15 }
  const instance_type& m = type("m7g.large");
  EXPECT_EQ(m.on_demand.usd_per_hour, 0.0816);
  EXPECT_EQ(m.on_demand.source, "karpenter-pricing-2026-01-19");
  EXPECT_EQ(m.vcpu, 2);
  EXPECT_EQ(m.memory_mib, 8192);
  EXPECT_EQ(m.arch, cpu_arch::arm64);
  EXPECT_EQ(m.max_enis, 3);
  EXPECT_EQ(m.ipv4_per_eni, 10);
  const instance_type& c = type("c7i.xlarge");
  EXPECT_EQ(c.on_demand.usd_per_hour, 0.1785);
  EXPECT_EQ(c.vcpu, 4);
  EXPECT_EQ(c.memory_mib, 8192);
  EXPECT_EQ(c.arch, cpu_arch::x86_64);
  EXPECT_EQ(c.max_enis, 4);
  EXPECT_EQ(c.ipv4_per_eni, 15);
}

TEST(CatalogTypes, TheCatalogIsTheHandWrittenRowsAndTheTablesJoin) {
  // Types: ec2-instance-types.tsv (type, vcpu, memory_mib, arch, gpus, gpu_model, max_enis,
  // ipv4_per_eni, figures_from); prices: karpenter-ondemand-us-east-1.tsv (region, type, USD per hour).
  std::map<std::string, std::vector<std::string>> specs;
  for (auto& r : tsv_rows("ec2-instance-types.tsv")) {
    ASSERT_EQ(r.size(), 9u);
    specs[r[0]] = r;
  }
  std::map<std::string, double> prices;
  for (auto& r : tsv_rows("karpenter-ondemand-us-east-1.tsv")) {
    ASSERT_EQ(r.size(), 3u);
    if (r[0] == "us-east-1") prices[r[1]] = std::stod(r[2]);
  }
  // The generator's own summary (gen_region_catalogs.py extract-types and extract): 1,305
  // complete type rows, 1,367 us-east-1 prices.
  EXPECT_EQ(specs.size(), 1305u);
  EXPECT_EQ(prices.size(), 1367u);

  const price_catalog& cat = default_catalog();
  std::set<std::string> hand, generated;
  for (const instance_type& t : cat.ec2.types) {
    if (t.on_demand.source != generated_source) {
      hand.insert(t.name);
      continue;
    }
    generated.insert(t.name);
    const auto s = specs.find(t.name);
    ASSERT_NE(s, specs.end()) << t.name;
    const std::vector<std::string>& r = s->second;
    EXPECT_EQ(t.on_demand.usd_per_hour, prices.at(t.name)) << t.name;
    EXPECT_EQ(t.vcpu, std::stoi(r[1])) << t.name;
    EXPECT_EQ(t.memory_mib, std::stoi(r[2])) << t.name;
    EXPECT_EQ(to_string(t.arch), r[3]) << t.name;
    EXPECT_EQ(t.gpus, std::stoi(r[4])) << t.name;
    EXPECT_EQ(t.gpu_name, r[5] == "-" ? "" : r[5]) << t.name;
    EXPECT_EQ(t.max_enis, std::stoi(r[6])) << t.name;
    EXPECT_EQ(t.ipv4_per_eni, std::stoi(r[7])) << t.name;
    EXPECT_EQ(t.eks_max_pods, t.max_enis * (t.ipv4_per_eni - 1) + 2) << t.name;
  }
  EXPECT_EQ(hand.size(), 84u);  // the rows written by hand before the generator, kept as they were
  // Generated: every table row that us-east-1 prices and no hand-written row already lists.
  std::size_t expected = 0;
  for (const auto& [name, row] : specs)
    if (prices.count(name) != 0 && hand.count(name) == 0) {
      ++expected;
      EXPECT_EQ(generated.count(name), 1u) << name << " is in both tables but not in the catalog";
    }
  EXPECT_EQ(generated.size(), expected);
  EXPECT_EQ(cat.ec2.types.size(), hand.size() + expected);
  EXPECT_EQ(cat.ec2.types.size(), 1288u);  // gen_region_catalogs.py write: "84 hand-written + 1204 generated"

  // GovCloud: the us-east-1 types its table prices (karpenter-ondemand.tsv).
  std::map<std::string, std::set<std::string>> gov;
  for (auto& r : tsv_rows("karpenter-ondemand.tsv")) gov[r[0]].insert(r[1]);
  for (const char* region : {"us-gov-east-1", "us-gov-west-1"}) {
    std::size_t n = 0;
    for (const instance_type& t : cat.ec2.types) n += gov[region].count(t.name);
    EXPECT_EQ(built_in_catalog(region).ec2.types.size(), n) << region;
  }
}

}  // namespace
}  // namespace fleetcast
