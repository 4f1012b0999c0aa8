// The built-in catalogs per region (pricing/aws-<region>.json, written by
// tools/gen_region_catalogs.py) and --region on the driver.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace {
using result = fleetcast::test::cli_result;
using fleetcast::test::run_cli;


double on_demand(const price_catalog& c, const char* type) {
  const instance_type* t = c.ec2.find(type);
  EXPECT_NE(t, nullptr) << type << " in " << c.region;
  return t ? t->on_demand.effective_per_hour() : 0.0;
}

TEST(Regions, TheBuiltInRegionsAreTheCatalogFilesCompiledIn) {
  // lib/CMakeLists.txt: us-east-1 (pricing/aws-us-east-1.json) and FLEETCAST_BUILT_IN_REGIONS.
  EXPECT_EQ(built_in_regions(), (std::vector<std::string>{"us-east-1", "us-gov-east-1", "us-gov-west-1"}));
  EXPECT_EQ(&built_in_catalog("us-east-1"), &default_catalog());
  for (const auto& region : built_in_regions()) {
    const price_catalog& c = built_in_catalog(region);
    EXPECT_EQ(c.region, region);
    EXPECT_EQ(&built_in_catalog(region), &c) << "built once, then the same object";
    // The compiled catalog is what the reader makes of the file (the generated code is checked
    // field by field for us-east-1 in default_catalog_test; here the EC2 table and sources).
    const price_catalog file = load_catalog(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-" + region + ".json");
    ASSERT_EQ(c.ec2.types.size(), file.ec2.types.size()) << region;
    for (std::size_t i = 0; i < c.ec2.types.size(); ++i) {
      EXPECT_EQ(c.ec2.types[i].name, file.ec2.types[i].name);
      EXPECT_EQ(c.ec2.types[i].on_demand.usd_per_hour, file.ec2.types[i].on_demand.usd_per_hour);
      EXPECT_EQ(c.ec2.types[i].on_demand.source, file.ec2.types[i].on_demand.source);
    }
    ASSERT_EQ(c.sources.size(), file.sources.size());
    for (std::size_t i = 0; i < c.sources.size(); ++i) EXPECT_EQ(c.sources[i].confidence, file.sources[i].confidence);
  }
}

TEST(Regions, Ec2PricesAreKarpentersFigures) {
  // aws/karpenter-provider-aws@6fc13b5236fd04fd16ff3f9dc7490d0813994099:
  //   pkg/providers/pricing/zz_generated.pricing_aws.go (us-east-1):
  //     "m6i.32xlarge": 6.144000, "m6i.4xlarge": 0.768000, "m6i.8xlarge": 1.536000, "m6i.large": 0.096000,
  //   pkg/providers/pricing/zz_generated.pricing_aws_us_gov.go, under "us-gov-east-1" and again under
  //   "us-gov-west-1":
  //     "m6i.32xlarge": 7.744000, "m6i.4xlarge": 0.968000, "m6i.8xlarge": 1.936000, "m6i.large": 0.121000,
  //     "c6i.32xlarge": 6.528000, "c6i.4xlarge": 0.816000, "c6i.8xlarge": 1.632000, "c6i.large": 0.102000,
  //   and m7g.large: 0.102800 in both GovCloud regions, m7g.8xlarge: 1.644800 (east), 1.645400 (west).
  EXPECT_EQ(on_demand(built_in_catalog("us-east-1"), "m6i.large"), 0.096);
  EXPECT_EQ(on_demand(built_in_catalog("us-gov-east-1"), "m6i.large"), 0.121);
  EXPECT_EQ(on_demand(built_in_catalog("us-gov-west-1"), "m6i.large"), 0.121);
  EXPECT_EQ(on_demand(built_in_catalog("us-gov-west-1"), "c6i.large"), 0.102);
  EXPECT_EQ(on_demand(built_in_catalog("us-gov-east-1"), "c6i.large"), 0.102);
  for (const char* region : {"us-gov-east-1", "us-gov-west-1"}) {
    const price_catalog& c = built_in_catalog(region);
    const instance_type* t = c.ec2.find("m6i.large");
    ASSERT_NE(t, nullptr);
    const price_source* s = c.find_source(t->on_demand.source);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->confidence, "confirmed");
    EXPECT_NE(s->url.find("zz_generated.pricing_aws_us_gov.go"), std::string::npos) << s->url;
  }
}

TEST(Regions, EveryGovCloudPriceIsTheExtractedTablesRow) {
  // pricing/regions/karpenter-ondemand.tsv is Karpenter's GovCloud file, one row per region and
  // type (tools/gen_region_catalogs.py extract); each built-in price must be that row's figure.
  std::ifstream tsv(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/regions/karpenter-ondemand.tsv");
  ASSERT_TRUE(tsv) << "pricing/regions/karpenter-ondemand.tsv";
  std::string line;
  std::size_t checked = 0;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    std::string region, type, price;
    std::getline(row, region, '\t');
    std::getline(row, type, '\t');
    std::getline(row, price, '\t');
    const instance_type* t = built_in_catalog(region).ec2.find(type);
    if (t == nullptr) continue;  // a type the us-east-1 catalog does not list
    EXPECT_EQ(t->on_demand.usd_per_hour, std::stod(price)) << region << " " << type;
    ++checked;
  }
  // 544 of the base catalog's 1,288 types are priced in us-gov-east-1, 743 in us-gov-west-1
  // (tools/gen_region_catalogs.py write: "544 instance types", "743 instance types").
  EXPECT_EQ(checked, built_in_catalog("us-gov-east-1").ec2.types.size() + built_in_catalog("us-gov-west-1").ec2.types.size());
  EXPECT_EQ(checked, 544u + 743u);
}

TEST(Regions, FargateWithoutARegionalSourceIsTheUsEast1FigureMarkedEstimate) {
  // pricing/aws-us-east-1.json: "linux_x86_64": {"vcpu": {"usd_per_second": 1.1244e-05,
  //   "usd_per_hour": 0.04048, "source": "fargate-pricing-page"} (AWS Fargate pricing page,
  //   confirmed). No GovCloud Fargate figure was found, so those catalogs use it as an estimate.
  const price_catalog& east = built_in_catalog("us-east-1");
  EXPECT_EQ(east.fargate.linux_x86_64.vcpu.usd_per_hour, 0.04048);
  EXPECT_EQ(east.find_source("fargate-pricing-page")->confidence, "confirmed");
  for (const char* region : {"us-gov-east-1", "us-gov-west-1"}) {
    const price_catalog& c = built_in_catalog(region);
    EXPECT_EQ(c.fargate.linux_x86_64.vcpu.usd_per_hour, 0.04048) << region;
    EXPECT_EQ(c.fargate.linux_x86_64.vcpu.usd_per_second, 1.1244e-05) << region;
    const price_source* s = c.find_source(c.fargate.linux_x86_64.vcpu.source);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->confidence, "estimate") << region;
    EXPECT_EQ(s->title.rfind("us-east-1 figure, used for " + std::string(region), 0), 0u) << s->title;
    // Rules that do not depend on the region keep their source as it is.
    EXPECT_EQ(c.find_source("fargate-task-sizes")->confidence, "confirmed");
  }
}

TEST(Regions, AnUnknownRegionNamesTheBuiltInOnesAndPricingImport) {
  try {
    (void)built_in_catalog("eu-west-1", "--region");
    FAIL() << "eu-west-1 has no built-in catalog";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::bad_enum);
    const std::string m = e.what();
    for (const char* s : {"--region", "\"eu-west-1\"", "us-east-1, us-gov-east-1, us-gov-west-1", "fleetcast pricing import"})
      EXPECT_NE(m.find(s), std::string::npos) << s << " in " << m;
  }
  const result r = run_cli({"simulate", "--example", "--region", "eu-west-1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("[fleetcast.input.11] --region: \"eu-west-1\" has no built-in catalog (built in: us-east-1, ", 0), 0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Regions, SimulateAndQuoteWithRegion) {
  // The example quote's EKS nodes: 3 m6i.large × 730 h. us-east-1: × $0.096 = $210.24;
  // us-gov-west-1: × $0.121 = $264.99 (Karpenter's figures above); the other lines are the
  // same (us-east-1 figures used as estimates), so the total rises by $54.75.
  const result east = run_cli({"quote", "--example", "--format", "csv"});
  const result gov = run_cli({"quote", "--example", "--region", "us-gov-west-1", "--format", "csv"});
  ASSERT_EQ(east.code, 0) << east.err;
  ASSERT_EQ(gov.code, 0) << gov.err;
  EXPECT_NE(east.out.find("EC2 m6i.large on-demand (Linux),2190,Hours,0.096,210.24,210.24,"), std::string::npos) << east.out;
  EXPECT_NE(gov.out.find("EC2 m6i.large on-demand (Linux),2190,Hours,0.121,264.99,264.99,"), std::string::npos) << gov.out;
  EXPECT_NE(east.out.find("TOTAL,,,,,337.5079531,337.50,"), std::string::npos) << east.out;
  EXPECT_NE(gov.out.find("TOTAL,,,,,392.2579531,392.25,"), std::string::npos) << gov.out;
  // The estimates are said on stderr (17 of the GovCloud catalog's 27 sources: `catalog --regions`;
  // 3 of the 27 are the generated instance types' vCPU/memory, ENI and GPU-model tables, which
  // do not depend on the region and stay confirmed).
  EXPECT_EQ(east.err, "");
  EXPECT_EQ(gov.err,
            "fleetcast: prices of the built-in us-gov-west-1 catalog: 17 of its 27 sources are estimates (mostly "
            "us-east-1 figures used for us-gov-west-1); `fleetcast catalog --region us-gov-west-1` lists them\n");

  // simulate: the same seed and demand; EC2 options cost more at GovCloud prices, Fargate the same.
  const result s_east = run_cli({"simulate", "--example", "--path", "0", "--format", "json"});
  const result s_gov = run_cli({"simulate", "--example", "--path", "0", "--format", "json", "--region", "us-gov-west-1"});
  ASSERT_EQ(s_east.code, 0) << s_east.err;
  ASSERT_EQ(s_gov.code, 0) << s_gov.err;
  EXPECT_NE(s_east.out, s_gov.out);
  const result again = run_cli({"simulate", "--example", "--path", "0", "--format", "json"});
  EXPECT_EQ(again.out, s_east.out) << "us-east-1 unchanged by another region's run";
}

TEST(Regions, AScenariosOwnRegionChoosesItsCatalog) {
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-regions-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string text = read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/examples/payments-api.json");
  const std::string from = "\"region\": \"us-east-1\"";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "\"region\": \"us-gov-west-1\"");
  const std::string gov_file = (dir / "gov.json").string();
  std::ofstream(gov_file) << text;
  // No --region: the file's region chooses the built-in catalog (no region mismatch error).
  const result own = run_cli({"simulate", gov_file.c_str(), "--path", "0", "--format", "json"});
  ASSERT_EQ(own.code, 0) << own.err;
  // --region replaces the file's region: the example (us-east-1) with --region gives the same costs.
  const result flag = run_cli({"simulate", "--example", "--path", "0", "--format", "json", "--region", "us-gov-west-1"});
  ASSERT_EQ(flag.code, 0) << flag.err;
  const auto costs = [](const std::string& json) { return json.substr(json.find("\"options\"")); };
  EXPECT_EQ(costs(own.out), costs(flag.out));
  // A --catalog of another region than --region is refused.
  const std::string east_catalog = std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json";
  const result both = run_cli({"simulate", "--example", "--catalog", east_catalog.c_str(), "--region", "us-gov-west-1"});
  EXPECT_EQ(both.code, 2);
  EXPECT_EQ(both.err.rfind("[fleetcast.input.11] --region: \"us-gov-west-1\" is not the region of --catalog", 0), 0u) << both.err;
  std::filesystem::remove_all(dir);
}

TEST(Regions, CatalogListsTheBuiltInRegions) {
  const result r = run_cli({"catalog", "--regions"});
  ASSERT_EQ(r.code, 0) << r.err;
  // EC2 type counts: 1,288 in pricing/aws-us-east-1.json (84 hand-written, 1,204 generated by
  // tools/gen_region_catalogs.py); 544 and 743 of them priced in GovCloud.
  EXPECT_NE(r.out.find("us-east-1            1288  2026-07-20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("us-gov-east-1         544  2026-07-20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("us-gov-west-1         743  2026-07-20"), std::string::npos) << r.out;
  const result one = run_cli({"catalog", "--region", "us-gov-east-1"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("catalog us-gov-east-1 (USD)", 0), 0u) << one.out;
}

}  // namespace
}  // namespace fleetcast
