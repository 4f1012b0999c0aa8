// AWS Price List import: the real offer samples in shared/data/aws-price-list (expected prices
// read from those files, SKU by SKU), synthetic offers written here for the traps the importer
// must avoid (Windows, dedicated, capacity-block and other-region SKUs, tiers, terms before
// products, truncation), and the result re-read as a catalog whose rates equal the offers'.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/price_list_import.hpp"

namespace fleetcast {
namespace {

namespace fs = std::filesystem;

const fs::path samples = fs::path(FLEETCAST_SHARED_DATA_DIR) / "aws-price-list";
const std::string ecs_sample = (samples / "AmazonECS_us-east-1_20250828.json").string();
const std::string c4_sample = (samples / "AmazonEC2_c4.large_us-east-1_2016_excerpt.json").string();
const std::string p4d_sample =
    (samples / "AmazonEC2_p4d.24xlarge_us-east-1_20240528_excerpt.json").string();
const std::string eks_fixture =
    std::string(FLEETCAST_SOURCE_DIR) + "/tests/price_list/AmazonEKS_us-east-1_synthetic.json";

#define REQUIRE_SAMPLES()                                         \
  if (!fs::exists(samples / "AmazonECS_us-east-1_20250828.json")) \
  GTEST_SKIP() << "AWS Price List samples not found at " << samples

std::string base_text() {
  return read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json");
}

/// The shipped catalog with extra instance types (ENI figures made up for the test, consistent
/// with the max-pods formula) at a price the import must replace; a type the catalog already
/// lists (c4.large is one of the generated rows) has its line replaced.
std::string base_with(const std::vector<std::string>& entries) {
  std::string t = base_text();
  for (const auto& e : entries) {
    const auto at = t.find(e.substr(0, e.find(',') + 1));  // {"name": "c4.large",
    if (at == std::string::npos) continue;
    const auto begin = t.rfind('\n', at) + 1, end = t.find('\n', at) + 1;
    t.erase(begin, end - begin);
    // The line removed may have been the array's last: drop the comma left on the one before.
    if (t.compare(begin, 5, "    ]") == 0 && t[begin - 2] == ',') t.erase(begin - 2, 1);
  }
  const std::string anchor = "\"instance_types\": [\n";
  const auto at = t.find(anchor);
  EXPECT_NE(at, std::string::npos);
  std::string add;
  for (const auto& e : entries) add += "      " + e + ",\n";
  t.insert(at + anchor.size(), add);
  return t;
}
const std::string c4_entry =
    R"({"name": "c4.large", "vcpu": 2, "memory_gib": 3.75, "arch": "x86_64", "max_enis": 3, "ipv4_per_eni": 10, "eks_max_pods": 29, "on_demand": {"usd_per_hour": 0.5, "source": "karpenter-pricing-2026-01-19"}})";
/// The shipped catalog without one instance type (its line removed).
std::string base_without(const std::string& type) {
  std::string t = base_text();
  const auto at = t.find("{\"name\": \"" + type + "\"");
  EXPECT_NE(at, std::string::npos);
  const auto begin = t.rfind('\n', at) + 1, end = t.find('\n', at) + 1;
  t.erase(begin, end - begin);
  return t;
}

// --- a small writer of synthetic offer files, in AWS's layout --------------------------------

struct product {
  std::string sku;
  std::string family;
  std::map<std::string, std::string> attrs;
  std::vector<std::string> usd;  // one dimension [0, Inf); two: tiers [0, 2200) and [2200, Inf)
  std::string unit = "Hrs";
};

product ec2(std::string sku, const std::string& type, const std::string& usd,
            const std::map<std::string, std::string>& changes = {}) {
  product p{std::move(sku),
            "Compute Instance",
            {{"servicecode", "AmazonEC2"},
             {"location", "US East (N. Virginia)"},
             {"locationType", "AWS Region"},
             {"instanceType", type},
             {"vcpu", "2"},
             {"memory", "8 GiB"},
             {"tenancy", "Shared"},
             {"operatingSystem", "Linux"},
             {"licenseModel", "No License required"},
             {"usagetype", "BoxUsage:" + type},
             {"operation", "RunInstances"},
             {"capacitystatus", "Used"},
             {"marketoption", "OnDemand"},
             {"preInstalledSw", "NA"},
             {"regionCode", "us-east-1"}},
            {usd}};
  for (const auto& [k, v] : changes) {
    if (v.empty()) {
      p.attrs.erase(k);
    } else {
      p.attrs[k] = v;
    }
  }
  return p;
}

product fargate(std::string sku, const std::string& usagetype, const std::string& usd,
                const std::string& region = "us-east-1", const std::string& service = "AmazonECS") {
  return product{std::move(sku),
                 "Compute",
                 {{"servicecode", service},
                  {"locationType", "AWS Region"},
                  {"usagetype", usagetype},
                  {"operation", ""},
                  {"regionCode", region}},
                 {usd},
                 "hours"};
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

std::string offer_text(const std::string& code, const std::vector<product>& ps,
                       bool terms_first = false) {
  std::string products = "  \"products\" : {\n";
  std::string terms = "  \"terms\" : {\n    \"OnDemand\" : {\n";
  std::string reserved = "    \"Reserved\" : {\n";
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const product& p = ps[i];
    const std::string sep = i + 1 < ps.size() ? ",\n" : "\n";
    products += "    " + quoted(p.sku) + " : {\n      \"sku\" : " + quoted(p.sku) +
                ",\n      \"productFamily\" : " + quoted(p.family) +
                ",\n      \"attributes\" : {\n";
    std::size_t j = 0;
    for (const auto& [k, v] : p.attrs)
      products +=
          "        " + quoted(k) + " : " + quoted(v) + (++j < p.attrs.size() ? ",\n" : "\n");
    products += "      }\n    }" + sep;
    const std::string term = p.sku + ".JRTCKXETXF";
    std::string dims;
    for (std::size_t d = 0; d < p.usd.size(); ++d) {
      const std::string rc = term + ".RATE" + std::to_string(d);
      const std::string begin = d == 0 ? "0" : "2200";
      const std::string end = d + 1 == p.usd.size() ? "Inf" : "2200";
      dims +=
          "            " + quoted(rc) + " : {\n              \"rateCode\" : " + quoted(rc) +
          ",\n              \"description\" : \"synthetic\",\n              \"beginRange\" : " +
          quoted(begin) + ",\n              \"endRange\" : " + quoted(end) +
          ",\n              \"unit\" : " + quoted(p.unit) +
          ",\n              \"pricePerUnit\" : {\n                \"USD\" : " + quoted(p.usd[d]) +
          "\n              },\n              \"appliesTo\" : [ ]\n            }" +
          (d + 1 < p.usd.size() ? ",\n" : "\n");
    }
    terms += "      " + quoted(p.sku) + " : {\n        " + quoted(term) +
             " : {\n          \"offerTermCode\" : \"JRTCKXETXF\",\n          \"sku\" : " +
             quoted(p.sku) +
             ",\n          \"effectiveDate\" : \"2025-01-01T00:00:00Z\",\n          "
             "\"priceDimensions\" : {\n" +
             dims + "          },\n          \"termAttributes\" : { }\n        }\n      }" + sep;
    // A Reserved term (1yr partial upfront: an hourly and an upfront dimension) the import ignores.
    reserved +=
        "      " + quoted(p.sku) + " : {\n        " + quoted(p.sku + ".HU7G6KETJZ") +
        " : {\n          \"offerTermCode\" : \"HU7G6KETJZ\",\n          \"sku\" : " +
        quoted(p.sku) + ",\n          \"priceDimensions\" : {\n            " +
        quoted(p.sku + ".HU7G6KETJZ.6YS6EN2CT7") +
        " : {\"unit\" : \"Hrs\", \"beginRange\" : \"0\", \"endRange\" : \"Inf\", \"pricePerUnit\" "
        ": {\"USD\" : \"0.0010000000\"}},\n            " +
        quoted(p.sku + ".HU7G6KETJZ.2TG2D8R56U") +
        " : {\"unit\" : \"Quantity\", \"pricePerUnit\" : {\"USD\" : \"263\"}}\n          },\n      "
        "    \"termAttributes\" : {\"LeaseContractLength\" : \"1yr\", \"OfferingClass\" : "
        "\"standard\", \"PurchaseOption\" : \"Partial Upfront\"}\n        }\n      }" +
        sep;
  }
  products += "  },\n";
  terms += "    },\n" + reserved + "    }\n  },\n";
  const std::string head =
      "{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"SYNTHETIC test offer\",\n"
      "  \"offerCode\" : " +
      quoted(code) +
      ",\n  \"version\" : \"20250101000000\",\n"
      "  \"publicationDate\" : \"2025-01-01T00:00:00Z\",\n";
  return head + (terms_first ? terms + products : products + terms) +
         "  \"attributesList\" : { }\n}\n";
}

class PriceList : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("fleetcast-price-list-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  fs::path dir_;
};

/// The rate a report key names, in a parsed catalog.
const rate* find_rate(const price_catalog& c, const std::string& key) {
  if (key.rfind("ec2:", 0) == 0) {
    const instance_type* t = c.ec2.find(key.substr(4));
    return t ? &t->on_demand : nullptr;
  }
  if (key == "eks:standard") return &c.eks.control_plane_standard;
  if (key == "eks:extended") return &c.eks.control_plane_extended;
  if (key == "fargate:ephemeral_storage_gb") return &c.fargate.ephemeral_storage_gb;
  static const std::map<std::string, std::function<const rate*(const fargate_prices&)>> f = {
      {"fargate:linux_x86_64:vcpu", [](const fargate_prices& p) { return &p.linux_x86_64.vcpu; }},
      {"fargate:linux_x86_64:memory_gb",
       [](const fargate_prices& p) { return &p.linux_x86_64.memory_gb; }},
      {"fargate:linux_arm64:vcpu", [](const fargate_prices& p) { return &p.linux_arm64.vcpu; }},
      {"fargate:linux_arm64:memory_gb",
       [](const fargate_prices& p) { return &p.linux_arm64.memory_gb; }},
      {"fargate:windows_x86_64:vcpu",
       [](const fargate_prices& p) { return &p.windows_x86_64.vcpu; }},
      {"fargate:windows_x86_64:memory_gb",
       [](const fargate_prices& p) { return &p.windows_x86_64.memory_gb; }},
      {"fargate:windows_x86_64:os_licence_vcpu",
       [](const fargate_prices& p) {
         return p.windows_x86_64.os_licence_vcpu ? &*p.windows_x86_64.os_licence_vcpu : nullptr;
       }},
      {"fargate_spot:linux_x86_64:vcpu",
       [](const fargate_prices& p) { return &p.spot_linux_x86_64.vcpu; }},
      {"fargate_spot:linux_x86_64:memory_gb",
       [](const fargate_prices& p) { return &p.spot_linux_x86_64.memory_gb; }},
      {"fargate_spot:linux_arm64:vcpu",
       [](const fargate_prices& p) { return &p.spot_linux_arm64.vcpu; }},
      {"fargate_spot:linux_arm64:memory_gb",
       [](const fargate_prices& p) { return &p.spot_linux_arm64.memory_gb; }},
  };
  const auto it = f.find(key);
  return it == f.end() ? nullptr : it->second(c.fargate);
}

/// The output is a catalog, and each replaced rate holds exactly the offer's hourly figure,
/// with no per-second figure left over and a confirmed source that exists.
price_catalog expect_applied(const price_list_import_report& r) {
  const price_catalog c = parse_catalog(r.catalog_json, "import result");
  for (const auto& ch : r.changes) {
    const rate* x = find_rate(c, ch.key);
    if (x == nullptr) {
      ADD_FAILURE() << ch.key << " not found in the result";
      continue;
    }
    EXPECT_EQ(x->usd_per_hour, ch.new_usd_per_hour) << ch.key;
    EXPECT_FALSE(x->has_per_second()) << ch.key;
    EXPECT_EQ(x->source, ch.source_id) << ch.key;
    const price_source* s = c.find_source(ch.source_id);
    if (s == nullptr) {
      ADD_FAILURE() << ch.source_id << " not in sources";
    } else {
      EXPECT_EQ(s->confidence, "confirmed");
    }
    // eks:extended is standard + surcharge: the surcharge SKU is recorded as eks:extended_support.
    const std::string sku_key = ch.key == "eks:extended" ? "eks:extended_support" : ch.key;
    EXPECT_NE(r.catalog_json.find("\"" + sku_key + "\": \"" + ch.sku + "\""), std::string::npos)
        << sku_key << " → " << ch.sku << " not recorded in $price_list";
  }
  return c;
}

const price_list_change* change(const price_list_import_report& r, const std::string& key) {
  for (const auto& c : r.changes)
    if (c.key == key) return &c;
  return nullptr;
}

template <class E>
void expect_error(const std::function<void()>& f, const std::string& id, const std::string& text) {
  try {
    f();
    ADD_FAILURE() << "no error; expected " << id;
  } catch (const E& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// --- real samples -----------------------------------------------------------------------------

TEST_F(PriceList, EcsSampleReplacesEveryFargateRate) {
  REQUIRE_SAMPLES();
  const auto r = import_price_lists({ecs_sample}, "us-east-1");
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(r.offers[0].offer_code, "AmazonECS");
  EXPECT_EQ(r.offers[0].version, "20250828172723");
  EXPECT_EQ(r.offers[0].publication_date, "2025-08-28T17:27:23Z");
  EXPECT_EQ(r.offers[0].bytes, 16212u);  // README: 16,212 bytes
  EXPECT_EQ(r.products_read, 12u);       // README: 12 products
  EXPECT_EQ(r.products_kept, 8u);        // Fargate: x86, ARM, Windows (3) and storage
  EXPECT_FALSE(r.offers[0].two_passes);
  const price_catalog c = expect_applied(r);
  // Values and SKUs read from AmazonECS_us-east-1_20250828.json (terms.OnDemand.<sku>…USD):
  EXPECT_EQ(c.fargate.linux_x86_64.vcpu.usd_per_hour, 0.04048);              // 8CESGAFWKAJ98PME
  EXPECT_EQ(c.fargate.linux_x86_64.memory_gb.usd_per_hour, 0.004445);        // PBZNQUSEXZUC34C9
  EXPECT_EQ(c.fargate.linux_arm64.vcpu.usd_per_hour, 0.03238);               // XSZATS4VYMDC9CYN
  EXPECT_EQ(c.fargate.linux_arm64.memory_gb.usd_per_hour, 0.00356);          // UNH9KPQP7W7C66C9
  EXPECT_EQ(c.fargate.windows_x86_64.vcpu.usd_per_hour, 0.046552);           // RF2BUTAD289DREDC
  EXPECT_EQ(c.fargate.windows_x86_64.memory_gb.usd_per_hour, 0.00511175);    // 8QDMJPGQCM368Z6X
  EXPECT_EQ(c.fargate.windows_x86_64.os_licence_vcpu->usd_per_hour, 0.046);  // 9D3ZWXRS2VXMZET6
  EXPECT_EQ(c.fargate.ephemeral_storage_gb.usd_per_hour, 0.000111);          // 7KPDPTDSCT4J3Z64
  EXPECT_EQ(change(r, "fargate:linux_x86_64:vcpu")->sku, "8CESGAFWKAJ98PME");
  EXPECT_EQ(change(r, "fargate:windows_x86_64:os_licence_vcpu")->sku, "9D3ZWXRS2VXMZET6");
  EXPECT_EQ(r.changes.size(), 8u);
  // The file has no Fargate Spot, EC2 or EKS prices: those keep the base figures.
  EXPECT_TRUE(contains(r.not_replaced, "fargate_spot:linux_x86_64:vcpu"));
  EXPECT_TRUE(contains(r.not_replaced, "ec2:m5.large"));
  EXPECT_TRUE(contains(r.not_replaced, "eks:standard"));
  EXPECT_EQ(c.fargate.spot_linux_x86_64.vcpu.source, "fargate-spot-2024-01");
  EXPECT_EQ(c.ec2.find("m5.large")->on_demand.usd_per_hour, 0.096);
  // The new source: offer code and version in the title, the publication date.
  const price_source* s = c.find_source("aws-price-list-AmazonECS-us-east-1-20250828172723");
  ASSERT_NE(s, nullptr);
  EXPECT_NE(s->title.find("AmazonECS"), std::string::npos);
  EXPECT_NE(s->title.find("20250828172723"), std::string::npos);
  EXPECT_EQ(s->date, "2025-08-28");
  EXPECT_EQ(s->url, ecs_sample);
  EXPECT_EQ(c.region, "us-east-1");
  EXPECT_EQ(c.as_of, "2026-07-20");  // the base has newer EC2 figures (the GPU types' prices)
  // ECS Anywhere's tiered SKU and the $0 ECS-on-EC2 metering are not Fargate figures.
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

TEST_F(PriceList, Ec2C4LargeSampleFromLocationWithoutRegionCode) {
  REQUIRE_SAMPLES();
  const auto r = import_price_lists({c4_sample}, "us-east-1", base_with({c4_entry}), "test base");
  const price_catalog c = expect_applied(r);
  // AmazonEC2_c4.large…excerpt.json: SKU 4C7N4APU9GEUZ6H6, OnDemand JRTCKXETXF "0.1000000000";
  // its Reserved terms ($0.03/h + $263 upfront, …) are ignored.
  EXPECT_EQ(c.ec2.find("c4.large")->on_demand.usd_per_hour, 0.1);
  EXPECT_EQ(change(r, "ec2:c4.large")->sku, "4C7N4APU9GEUZ6H6");
  EXPECT_EQ(change(r, "ec2:c4.large")->old_usd_per_hour, 0.5);
  EXPECT_EQ(r.instance_types_updated, 1u);
  // No publicationDate in this excerpt: the date comes from version 20161213014831.
  EXPECT_EQ(r.offers[0].publication_date, "");
  EXPECT_EQ(c.find_source("aws-price-list-AmazonEC2-us-east-1-20161213014831")->date, "2016-12-13");
}

TEST_F(PriceList, Ec2P4dSampleSkipsTheZeroDollarCapacityBlockSku) {
  REQUIRE_SAMPLES();
  // The built-in catalog has p4d.24xlarge (Karpenter's 2026-07-20 price, $21.957642).
  const auto r = import_price_lists({p4d_sample}, "us-east-1");
  const price_catalog c = expect_applied(r);
  // AmazonEC2_p4d.24xlarge…excerpt.json: H7NGEAC6UEHNTKSJ (OnDemand, RunInstances) $32.7726/h;
  // YSXJGN78QTXNVGDQ (CapacityBlock, RunInstances:CB) $0.00/h must not be used.
  EXPECT_EQ(c.ec2.find("p4d.24xlarge")->on_demand.usd_per_hour, 32.7726);
  EXPECT_EQ(change(r, "ec2:p4d.24xlarge")->sku, "H7NGEAC6UEHNTKSJ");
  EXPECT_EQ(r.catalog_json.find("YSXJGN78QTXNVGDQ"), std::string::npos);
  EXPECT_EQ(r.products_read, 2u);
  EXPECT_EQ(r.products_kept, 1u);
  EXPECT_EQ(c.find_source("aws-price-list-AmazonEC2-us-east-1-20240528203522")->date, "2024-05-28");
}

TEST_F(PriceList, TypesMissingFromTheBaseAreListedNotAdded) {
  REQUIRE_SAMPLES();
  const auto r = import_price_lists({p4d_sample}, "us-east-1", base_without("p4d.24xlarge"), "test base");
  EXPECT_EQ(r.skipped_types, std::vector<std::string>{"p4d.24xlarge"});
  EXPECT_EQ(r.instance_types_updated, 0u);
  EXPECT_TRUE(r.changes.empty());
  const price_catalog c = parse_catalog(r.catalog_json);
  EXPECT_EQ(c.ec2.find("p4d.24xlarge"), nullptr);
  // An offer that priced nothing adds no source.
  EXPECT_EQ(c.find_source("aws-price-list-AmazonEC2-us-east-1-20240528203522"), nullptr);
  EXPECT_EQ(c.sources.size(), default_catalog().sources.size());
}

TEST_F(PriceList, AllThreeOffersTogether) {
  REQUIRE_SAMPLES();
  const auto r = import_price_lists({p4d_sample, ecs_sample, eks_fixture}, "us-east-1");
  const price_catalog c = expect_applied(r);
  EXPECT_EQ(r.offers.size(), 3u);
  EXPECT_EQ(r.changes.size(), 1u + 8u + 2u);
  // Synthetic EKS fixture: standard $0.10 (SYNEKSSTANDARD01), surcharge $0.50 (SYNEKSEXTENDED01).
  EXPECT_EQ(c.eks.control_plane_standard.usd_per_hour, 0.1);
  EXPECT_EQ(c.eks.control_plane_extended.usd_per_hour, 0.6);
  EXPECT_EQ(change(r, "eks:extended")->sku, "SYNEKSEXTENDED01");
  EXPECT_NE(r.catalog_json.find("\"eks:extended_support\": \"SYNEKSEXTENDED01\""),
            std::string::npos);
  EXPECT_NE(r.catalog_json.find("+ extended-support surcharge"),
            std::string::npos);  // the rate's note
  // The fixture's EKS Fargate rates equal ECS's: nothing to warn about.
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_EQ(c.sources.size(), default_catalog().sources.size() + 3);
}

TEST_F(PriceList, ImportingTheResultAgainChangesNothing) {
  REQUIRE_SAMPLES();
  const auto once = import_price_lists({ecs_sample, eks_fixture}, "us-east-1");
  const auto twice =
      import_price_lists({ecs_sample, eks_fixture}, "us-east-1", once.catalog_json, "once");
  EXPECT_EQ(twice.catalog_json, once.catalog_json);
}

// --- synthetic offers ---------------------------------------------------------------------------

std::vector<product> ec2_traps() {
  return {
      ec2("LINUXM5LARGE0001", "m5.large", "0.0970000000"),
      ec2("LINUXC6GLARGE001", "c6g.large", "0.0690000000"),
      ec2("WINDOWSM5LARGE01", "m5.large", "0.1880000000",
          {{"operatingSystem", "Windows"}, {"operation", "RunInstances:0002"}}),
      ec2("DEDICATEDM5LARG1", "m5.large", "0.1010000000",
          {{"tenancy", "Dedicated"}, {"usagetype", "DedicatedUsage:m5.large"}}),
      ec2("SQLWEBM5LARGE001", "m5.large", "0.1140000000",
          {{"preInstalledSw", "SQL Web"}, {"operation", "RunInstances:0200"}}),
      ec2("CAPBLOCKM5LARGE1", "m5.large", "0.0000000000",
          {{"marketoption", "CapacityBlock"}, {"operation", "RunInstances:CB"}}),
      ec2("RESERVEDCAPM5LG1", "m5.large", "0.0000000000",
          {{"capacitystatus", "UnusedCapacityReservation"}}),
      ec2("LOCALZONEM5LARG1", "m5.large", "0.1200000000",
          {{"locationType", "AWS Local Zone"},
           {"location", "US East (Boston)"},
           {"usagetype", "USE1-BOS1-BoxUsage:m5.large"}}),
      ec2("USWEST2M5LARGE01", "m5.large", "0.5000000000",
          {{"regionCode", "us-west-2"},
           {"location", "US West (Oregon)"},
           {"usagetype", "USW2-BoxUsage:m5.large"}}),
      // An older layout without marketoption/operation cannot be told apart by attributes: its
      // $0 price is what rules it out.
      ec2("OLDZEROM5LARGE01", "m5.large", "0.0000000000",
          {{"marketoption", ""}, {"operation", ""}}),
      ec2("X9HUGE0000000001", "x9.huge", "9.0000000000"),
  };
}

TEST_F(PriceList, Ec2KeepsLinuxSharedOnDemandOnly) {
  const std::string f = write("AmazonEC2.json", offer_text("AmazonEC2", ec2_traps()));
  const auto r = import_price_lists({f}, "us-east-1");
  const price_catalog c = expect_applied(r);
  EXPECT_EQ(c.ec2.find("m5.large")->on_demand.usd_per_hour,
            0.097);  // not Windows 0.188, dedicated 0.101, …
  EXPECT_EQ(change(r, "ec2:m5.large")->sku, "LINUXM5LARGE0001");
  EXPECT_EQ(change(r, "ec2:m5.large")->old_usd_per_hour, 0.096);
  EXPECT_EQ(c.ec2.find("c6g.large")->on_demand.usd_per_hour, 0.069);
  EXPECT_EQ(r.instance_types_updated, 2u);
  EXPECT_EQ(r.skipped_types, std::vector<std::string>{"x9.huge"});
  EXPECT_EQ(r.offers[0].products_read, 11u);
  EXPECT_EQ(r.offers[0].products_in_region, 10u);
  EXPECT_EQ(r.offers[0].products_kept, 3u);  // m5.large, c6g.large and the old $0 SKU
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("OLDZEROM5LARGE01"), std::string::npos) << r.warnings[0];
  EXPECT_NE(r.warnings[0].find("$0"), std::string::npos) << r.warnings[0];
  // Every type but the 2 replaced (1,288 in the built-in catalog: 84 hand-written, 1,204 generated);
  // 12 Fargate rates, 2 EKS.
  EXPECT_EQ(default_catalog().ec2.types.size(), 1288u);
  EXPECT_EQ(r.not_replaced.size(), 1288u - 2u + 14u);
}

TEST_F(PriceList, TermsBeforeProductsGiveTheSameCatalog) {
  const std::string a = write("a.json", offer_text("AmazonEC2", ec2_traps(), false));
  const std::string b = write("b.json", offer_text("AmazonEC2", ec2_traps(), true));
  const auto ra = import_price_lists({a}, "us-east-1");
  const auto rb = import_price_lists({b}, "us-east-1");
  EXPECT_FALSE(ra.offers[0].two_passes);
  EXPECT_TRUE(rb.offers[0].two_passes);
  ASSERT_EQ(ra.changes.size(), rb.changes.size());
  for (std::size_t i = 0; i < ra.changes.size(); ++i) {
    EXPECT_EQ(ra.changes[i].key, rb.changes[i].key);
    EXPECT_EQ(ra.changes[i].sku, rb.changes[i].sku);
    EXPECT_EQ(ra.changes[i].new_usd_per_hour, rb.changes[i].new_usd_per_hour);
  }
  EXPECT_EQ(rb.offers[0].products_read, 11u);  // counted once
  expect_applied(rb);
}

TEST_F(PriceList, FargateSpotAndArmFromUsageTypes) {
  const std::string f = write(
      "AmazonECS.json",
      offer_text(
          "AmazonECS",
          {
              fargate("ODX86VCPU0000001", "USE1-Fargate-vCPU-Hours:perCPU", "0.0404800000"),
              fargate("SPOTX86VCPU00001", "USE1-SpotUsage-Fargate-vCPU-Hours:perCPU",
                      "0.0121440000"),
              fargate("SPOTX86GB0000001", "USE1-SpotUsage-Fargate-GB-Hours", "0.0013335000"),
              fargate("SPOTARMVCPU00001", "USE1-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU",
                      "0.0097140000"),
              fargate("SPOTARMGB0000001", "USE1-SpotUsage-Fargate-ARM-GB-Hours", "0.0010680000"),
              fargate("ARMVCPUUSW200001", "USW2-Fargate-ARM-vCPU-Hours:perCPU", "0.0999000000",
                      "us-west-2"),
          }));
  const auto r = import_price_lists({f}, "us-east-1");
  const price_catalog c = expect_applied(r);
  EXPECT_EQ(c.fargate.spot_linux_x86_64.vcpu.usd_per_hour, 0.012144);
  EXPECT_EQ(c.fargate.spot_linux_x86_64.memory_gb.usd_per_hour, 0.0013335);
  EXPECT_EQ(c.fargate.spot_linux_arm64.vcpu.usd_per_hour, 0.009714);
  EXPECT_EQ(c.fargate.spot_linux_arm64.memory_gb.usd_per_hour, 0.001068);
  EXPECT_EQ(c.fargate.linux_arm64.vcpu.usd_per_hour,
            0.03238);  // us-west-2 ignored: base figure kept
  EXPECT_EQ(c.fargate.linux_arm64.vcpu.source, "fargate-pricing-page");
  EXPECT_EQ(r.changes.size(), 5u);
}

TEST_F(PriceList, TieredPriceIsNotUsed) {
  product gb = fargate("TIEREDGB00000001", "USE1-Fargate-GB-Hours", "0.0044450000");
  gb.usd = {"0.0000000000", "0.0044450000"};
  const std::string f = write("AmazonECS.json", offer_text("AmazonECS", {gb}));
  const auto r = import_price_lists({f}, "us-east-1");
  EXPECT_TRUE(r.changes.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("tiered"), std::string::npos) << r.warnings[0];
}

TEST_F(PriceList, EksFargateRatesThatDisagreeWithTheCatalogAreReported) {
  const std::string f = write(
      "AmazonEKS.json",
      offer_text("AmazonEKS", {
                                  fargate("EKSSTD0000000001", "USE1-AmazonEKS-Hours:perCluster",
                                          "0.1000000000", "us-east-1", "AmazonEKS"),
                                  fargate("EKSFGCPU00000001", "USE1-Fargate-vCPU-Hours:perCPU",
                                          "0.0500000000", "us-east-1", "AmazonEKS"),
                              }));
  const auto r = import_price_lists({f}, "us-east-1");
  const price_catalog c = expect_applied(r);
  EXPECT_EQ(r.changes.size(), 1u);  // standard only: no surcharge SKU, so extended is kept
  EXPECT_EQ(c.eks.control_plane_extended.source, "eks-pricing-secondary");
  EXPECT_EQ(c.fargate.linux_x86_64.vcpu.usd_per_hour, 0.04048);  // EKS Fargate is not applied
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("eks_fargate:linux_x86_64:vcpu"), std::string::npos)
      << r.warnings[0];
}

TEST_F(PriceList, AnotherRegionWhenEveryRateIsReplaced) {
  // eu-west-1 offers pricing every figure of the base (at made-up prices: base × 1.1).
  std::vector<product> ec2s;
  int n = 0;
  for (const auto& t : default_catalog().ec2.types) {
    char usd[32];
    std::snprintf(usd, sizeof usd, "%.10f", t.on_demand.usd_per_hour * 1.1);
    char sku[32];
    std::snprintf(sku, sizeof sku, "EUW1SKU%09d", n++);
    ec2s.push_back(ec2(sku, t.name, usd,
                       {{"regionCode", "eu-west-1"},
                        {"location", "EU (Ireland)"},
                        {"usagetype", "EU-BoxUsage:" + t.name}}));
  }
  std::vector<product> fg;
  const char* usages[] = {"Fargate-vCPU-Hours:perCPU",
                          "Fargate-GB-Hours",
                          "Fargate-ARM-vCPU-Hours:perCPU",
                          "Fargate-ARM-GB-Hours",
                          "Fargate-Windows-vCPU-Hours:perCPU",
                          "Fargate-Windows-GB-Hours",
                          "Fargate-Windows-OS-Hours:perCPU",
                          "Fargate-EphemeralStorage-GB-Hours",
                          "SpotUsage-Fargate-vCPU-Hours:perCPU",
                          "SpotUsage-Fargate-GB-Hours",
                          "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU",
                          "SpotUsage-Fargate-ARM-GB-Hours"};
  const char* prices[] = {"0.04456", "0.004865", "0.03565", "0.00391", "0.0512", "0.00562",
                          "0.046",   "0.000122", "0.01337", "0.00146", "0.0107", "0.00117"};
  for (std::size_t i = 0; i < std::size(usages); ++i)
    fg.push_back(fargate("EUW1FG00000000" + std::to_string(10 + i), std::string("EU-") + usages[i],
                         prices[i], "eu-west-1"));
  const std::string ec2_file = write("AmazonEC2.json", offer_text("AmazonEC2", ec2s));
  const std::string ecs_file = write("AmazonECS.json", offer_text("AmazonECS", fg));
  // Without EKS the base's us-east-1 control-plane figures would survive: refused.
  expect_error<input_error>(
      [&] {
        (void)import_price_lists({ec2_file, ecs_file}, "eu-west-1");
      },
      "fleetcast.input.9", "eks:standard");
  const std::string eks_file = write(
      "AmazonEKS.json",
      offer_text("AmazonEKS", {fargate("EUW1EKSSTD000001", "EU-AmazonEKS-Hours:perCluster", "0.10",
                                       "eu-west-1", "AmazonEKS"),
                               fargate("EUW1EKSEXT000001", "EU-AmazonEKS-Hours:extendedSupport",
                                       "0.50", "eu-west-1", "AmazonEKS")}));
  const auto r = import_price_lists({ec2_file, ecs_file, eks_file}, "eu-west-1");
  EXPECT_TRUE(r.not_replaced.empty());
  const price_catalog c = expect_applied(r);
  EXPECT_EQ(c.region, "eu-west-1");
  EXPECT_EQ(r.instance_types_updated, default_catalog().ec2.types.size());
  EXPECT_EQ(c.fargate.linux_x86_64.vcpu.usd_per_hour, 0.04456);
}

// --- errors --------------------------------------------------------------------------------------

TEST_F(PriceList, UnreadableFile) {
  expect_error<io_error>(
      [&] { (void)import_price_lists({(dir_ / "none.json").string()}, "us-east-1"); },
      "fleetcast.io.1", "none.json");
  expect_error<io_error>([&] { (void)import_price_lists({dir_.string()}, "us-east-1"); },
                         "fleetcast.io.1", "directory");
}

TEST_F(PriceList, TruncatedFileNamesTheByte) {
  const std::string text = offer_text("AmazonEC2", ec2_traps());
  const std::string f = write("cut.json", text.substr(0, 3000));
  expect_error<input_error>([&] { (void)import_price_lists({f}, "us-east-1"); },
                            "fleetcast.input.1", "at byte 3000");
  expect_error<input_error>([&] { (void)import_price_lists({f}, "us-east-1"); },
                            "fleetcast.input.1", "truncated");
}

TEST_F(PriceList, NotJsonEmptyOrNotAnOffer) {
  const std::string bad = write("bad.json", "{\"offerCode\": \"AmazonEC2\", \"products\": {,}}");
  expect_error<input_error>([&] { (void)import_price_lists({bad}, "us-east-1"); },
                            "fleetcast.input.1", "bad.json:1:");
  const std::string empty = write("empty.json", "");
  expect_error<input_error>([&] { (void)import_price_lists({empty}, "us-east-1"); },
                            "fleetcast.input.10", "empty");
  const std::string no_code =
      write("nocode.json", "{\"formatVersion\": \"v1.0\", \"products\": {}, \"terms\": {}}");
  expect_error<input_error>([&] { (void)import_price_lists({no_code}, "us-east-1"); },
                            "fleetcast.input.4", "offerCode");
  const std::string no_products =
      write("noproducts.json", "{\"offerCode\": \"AmazonEC2\", \"terms\": {}}");
  expect_error<input_error>([&] { (void)import_price_lists({no_products}, "us-east-1"); },
                            "fleetcast.input.4", "products");
  const std::string array = write("array.json", "[1, 2]");
  expect_error<input_error>([&] { (void)import_price_lists({array}, "us-east-1"); },
                            "fleetcast.input.4", "array");
}

TEST_F(PriceList, OfferForAnotherService) {
  const std::string f =
      write("AmazonS3.json", "{\"offerCode\" : \"AmazonS3\", \"products\" : {}, \"terms\" : {}}");
  expect_error<input_error>([&] { (void)import_price_lists({f}, "us-east-1"); },
                            "fleetcast.input.11", "AmazonS3.json:/offerCode");
}

TEST_F(PriceList, PriceThatIsNotANumber) {
  const std::string f =
      write("AmazonECS.json",
            offer_text("AmazonECS",
                       {fargate("BADPRICEVCPU0001", "USE1-Fargate-vCPU-Hours:perCPU", "0.04O48")}));
  expect_error<input_error>(
      [&] { (void)import_price_lists({f}, "us-east-1"); }, "fleetcast.input.2",
      "AmazonECS.json:/terms/OnDemand/BADPRICEVCPU0001/BADPRICEVCPU0001.JRTCKXETXF/priceDimensions/"
      "BADPRICEVCPU0001.JRTCKXETXF.RATE0/pricePerUnit/USD: \"0.04O48\" is not a number");
}

TEST_F(PriceList, NoProductForTheRegion) {
  REQUIRE_SAMPLES();
  expect_error<input_error>([&] { (void)import_price_lists({ecs_sample}, "eu-west-1"); },
                            "fleetcast.input.10",
                            "no AmazonECS product for region eu-west-1 (12 products read; regions "
                            "in the file: us-east-1)");
}

TEST_F(PriceList, BaseOfAnotherRegionIsRefused) {
  const std::string f =
      write("AmazonECS.json",
            offer_text("AmazonECS", {fargate("EUW1VCPU00000001", "EU-Fargate-vCPU-Hours:perCPU",
                                             "0.0445600000", "eu-west-1")}));
  expect_error<input_error>([&] { (void)import_price_lists({f}, "eu-west-1"); },
                            "fleetcast.input.9",
                            "built-in catalog:/region: the base catalog is for us-east-1");
}

TEST_F(PriceList, TwoOffersOfOneServiceOrTwoPricesForOneType) {
  REQUIRE_SAMPLES();
  expect_error<input_error>(
      [&] {
        (void)import_price_lists({ecs_sample, ecs_sample}, "us-east-1");
      },
      "fleetcast.input.12", "a second AmazonECS offer file");
  const std::string f =
      write("AmazonEC2.json",
            offer_text("AmazonEC2", {ec2("M5LARGEA00000001", "m5.large", "0.0960000000"),
                                     ec2("M5LARGEB00000001", "m5.large", "0.0990000000")}));
  expect_error<input_error>([&] { (void)import_price_lists({f}, "us-east-1"); },
                            "fleetcast.input.12",
                            "ec2:m5.large matches two SKUs with different prices");
}

TEST_F(PriceList, InvalidBaseCatalogIsAPricingError) {
  expect_error<pricing_error>(
      [&] {
        (void)import_price_lists({"unused.json"}, "us-east-1", "{\"schema_version\": 1}",
                                 "my.json");
      },
      "fleetcast.catalog.3", "my.json:");
}

}  // namespace
}  // namespace fleetcast
