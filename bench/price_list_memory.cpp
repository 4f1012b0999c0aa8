// Peak memory of the AWS Price List import on a large offer file: writes a synthetic AmazonEC2
// offer (AWS's layout and attribute set, as in the p4d.24xlarge sample) of about SIZE MB to a
// temporary folder, imports it for us-east-1 against the built-in catalog, and prints the file
// size, products read, wall time and peak RSS. The import streams (SAX), so the peak should
// stay at tens of MB whatever the file size.
//
//   price_list_memory [SIZE_MB=300] [--keep]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "fleetcast/io/price_list_import.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // KiB on Linux
}

struct variant {
  const char* os;
  const char* tenancy;
  const char* capacity;
  const char* market;
  const char* operation;
  const char* software;
  const char* licence;
};
// The SKUs AWS lists per type and region; only the first is the one the import keeps.
constexpr variant variants[] = {
    {"Linux", "Shared", "Used", "OnDemand", "RunInstances", "NA", "No License required"},
    {"Windows", "Shared", "Used", "OnDemand", "RunInstances:0002", "NA", "No License required"},
    {"RHEL", "Shared", "Used", "OnDemand", "RunInstances:0010", "NA", "No License required"},
    {"Linux", "Dedicated", "Used", "OnDemand", "RunInstances", "NA", "No License required"},
    {"Linux", "Shared", "UnusedCapacityReservation", "OnDemand", "RunInstances", "NA",
     "No License required"},
    {"Linux", "Shared", "Used", "OnDemand", "RunInstances", "SQL Std", "No License required"},
    {"Linux", "Shared", "Used", "CapacityBlock", "RunInstances:CB", "NA", "No License required"},
    {"Windows", "Shared", "Used", "OnDemand", "RunInstances:0102", "SQL Ent", "License Included"},
};
struct region {
  const char* code;
  const char* location;
  const char* prefix;
};
constexpr region regions[] = {
    {"us-east-1", "US East (N. Virginia)", ""},
    {"us-east-2", "US East (Ohio)", "USE2-"},
    {"us-west-2", "US West (Oregon)", "USW2-"},
    {"eu-west-1", "EU (Ireland)", "EU-"},
    {"eu-central-1", "EU (Frankfurt)", "EUC1-"},
    {"ap-northeast-1", "Asia Pacific (Tokyo)", "APN1-"},
    {"ap-southeast-2", "Asia Pacific (Sydney)", "APS2-"},
    {"sa-east-1", "South America (Sao Paulo)", "SAE1-"},
};

struct item {
  std::string sku, type;
  const region* reg;
  const variant* var;
  double usd;
};

std::string sku_of(std::size_t i) {
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string s(16, 'A');
  unsigned long long h = (i + 1) * 0x9E3779B97F4A7C15ull;  // ten varied characters …
  for (std::size_t k = 0; k < 10; ++k, h >>= 5) s[k] = alphabet[h % 32];
  for (std::size_t k = 16, n = i; k-- > 10; n /= 32) s[k] = alphabet[n % 32];  // … then i: unique
  return s;
}

void write_product(std::FILE* f, const item& it, bool last) {
  const variant& v = *it.var;
  std::fprintf(
      f,
      "    \"%s\" : {\n      \"sku\" : \"%s\",\n      \"productFamily\" : \"Compute Instance\",\n"
      "      \"attributes\" : {\n        \"servicecode\" : \"AmazonEC2\",\n        \"location\" : "
      "\"%s\",\n"
      "        \"locationType\" : \"AWS Region\",\n        \"instanceType\" : \"%s\",\n"
      "        \"currentGeneration\" : \"Yes\",\n        \"instanceFamily\" : \"General "
      "purpose\",\n"
      "        \"vcpu\" : \"4\",\n        \"physicalProcessor\" : \"Intel Xeon Platinum 8175\",\n"
      "        \"clockSpeed\" : \"3.1 GHz\",\n        \"memory\" : \"16 GiB\",\n        "
      "\"storage\" : \"EBS only\",\n"
      "        \"networkPerformance\" : \"Up to 10 Gigabit\",\n        \"processorArchitecture\" : "
      "\"64-bit\",\n"
      "        \"tenancy\" : \"%s\",\n        \"operatingSystem\" : \"%s\",\n        "
      "\"licenseModel\" : \"%s\",\n"
      "        \"usagetype\" : \"%s%s:%s\",\n        \"operation\" : \"%s\",\n"
      "        \"availabilityzone\" : \"NA\",\n        \"capacitystatus\" : \"%s\",\n"
      "        \"classicnetworkingsupport\" : \"false\",\n        \"dedicatedEbsThroughput\" : "
      "\"Up to 4750 Mbps\",\n"
      "        \"ecu\" : \"16\",\n        \"enhancedNetworkingSupported\" : \"Yes\",\n        "
      "\"gpuMemory\" : \"NA\",\n"
      "        \"intelAvxAvailable\" : \"Yes\",\n        \"intelAvx2Available\" : \"Yes\",\n"
      "        \"intelTurboAvailable\" : \"Yes\",\n        \"marketoption\" : \"%s\",\n"
      "        \"normalizationSizeFactor\" : \"8\",\n        \"preInstalledSw\" : \"%s\",\n"
      "        \"processorFeatures\" : \"Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo\",\n"
      "        \"regionCode\" : \"%s\",\n        \"servicename\" : \"Amazon Elastic Compute "
      "Cloud\",\n"
      "        \"vpcnetworkingsupport\" : \"true\"\n      }\n    }%s\n",
      it.sku.c_str(), it.sku.c_str(), it.reg->location, it.type.c_str(), v.tenancy, v.os, v.licence,
      it.reg->prefix, std::strcmp(v.tenancy, "Dedicated") == 0 ? "DedicatedUsage" : "BoxUsage",
      it.type.c_str(), v.operation, v.capacity, v.market, v.software, it.reg->code,
      last ? "" : ",");
}

void write_on_demand(std::FILE* f, const item& it, bool last) {
  const char* s = it.sku.c_str();
  std::fprintf(
      f,
      "      \"%s\" : {\n        \"%s.JRTCKXETXF\" : {\n          \"offerTermCode\" : "
      "\"JRTCKXETXF\",\n"
      "          \"sku\" : \"%s\",\n          \"effectiveDate\" : \"2025-08-01T00:00:00Z\",\n"
      "          \"priceDimensions\" : {\n            \"%s.JRTCKXETXF.6YS6EN2CT7\" : {\n"
      "              \"rateCode\" : \"%s.JRTCKXETXF.6YS6EN2CT7\",\n"
      "              \"description\" : \"$%.4f per On Demand %s %s Instance Hour\",\n"
      "              \"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\",\n              "
      "\"unit\" : \"Hrs\",\n"
      "              \"pricePerUnit\" : {\n                \"USD\" : \"%.10f\"\n              },\n"
      "              \"appliesTo\" : [ ]\n            }\n          },\n          "
      "\"termAttributes\" : { }\n"
      "        }\n      }%s\n",
      s, s, s, s, s, it.usd, it.var->os, it.type.c_str(), it.usd, last ? "" : ",");
}

void write_reserved(std::FILE* f, const item& it, bool last) {
  const char* s = it.sku.c_str();
  static const char* codes[] = {"HU7G6KETJZ", "38NPMPTW36", "4NA7Y494T4",
                                "6QCMYABX3D", "7NE97W5U4E", "BPH4J8HBKS"};
  static const char* options[] = {"Partial Upfront", "Partial Upfront", "No Upfront",
                                  "All Upfront",     "No Upfront",      "All Upfront"};
  std::fprintf(f, "      \"%s\" : {\n", s);
  for (int k = 0; k < 6; ++k) {
    std::fprintf(
        f,
        "        \"%s.%s\" : {\n          \"offerTermCode\" : \"%s\",\n          \"sku\" : "
        "\"%s\",\n"
        "          \"effectiveDate\" : \"2025-08-01T00:00:00Z\",\n          \"priceDimensions\" : "
        "{\n"
        "            \"%s.%s.6YS6EN2CT7\" : {\n              \"rateCode\" : \"%s.%s.6YS6EN2CT7\",\n"
        "              \"description\" : \"Linux/UNIX (Amazon VPC), %s reserved instance "
        "applied\",\n"
        "              \"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\",\n            "
        "  \"unit\" : \"Hrs\",\n"
        "              \"pricePerUnit\" : {\n                \"USD\" : \"%.10f\"\n              "
        "},\n"
        "              \"appliesTo\" : [ ]\n            },\n"
        "            \"%s.%s.2TG2D8R56U\" : {\n              \"rateCode\" : \"%s.%s.2TG2D8R56U\",\n"
        "              \"description\" : \"Upfront Fee\",\n              \"unit\" : \"Quantity\",\n"
        "              \"pricePerUnit\" : {\n                \"USD\" : \"%.0f\"\n              },\n"
        "              \"appliesTo\" : [ ]\n            }\n          },\n"
        "          \"termAttributes\" : {\n            \"LeaseContractLength\" : \"%s\",\n"
        "            \"OfferingClass\" : \"%s\",\n            \"PurchaseOption\" : \"%s\"\n        "
        "  }\n        }%s\n",
        s, codes[k], codes[k], s, s, codes[k], s, codes[k], it.type.c_str(), it.usd * 0.6, s,
        codes[k], s, codes[k], it.usd * 4000, k < 3 ? "1yr" : "3yr",
        k % 2 ? "convertible" : "standard", options[k], k < 5 ? "," : "");
  }
  std::fprintf(f, "      }%s\n", last ? "" : ",");
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  double size_mb = 300;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--keep") == 0) {
      keep = true;
    } else {
      size_mb = std::atof(argv[i]);
    }
  }
  if (!(size_mb > 0)) {
    std::fprintf(stderr, "usage: price_list_memory [SIZE_MB=300] [--keep]\n");
    return 2;
  }

  // Every built-in type in us-east-1 (all variants), then other regions and made-up types
  // until the file reaches the size: one SKU with its OnDemand and 6 Reserved terms is ~9.5 KB.
  // SKU i is computed from i (three times: products, OnDemand, Reserved), so the generator
  // holds nothing and the peak RSS below is the import's.
  const auto& base = fleetcast::default_catalog();
  const std::size_t per_sku = 9500;
  const std::size_t first = base.ec2.types.size() * std::size(variants);
  const std::size_t sku_count =
      std::max(first, static_cast<std::size_t>(size_mb * 1024 * 1024 / per_sku));
  static const char* families[] = {"m5",  "m6i", "m7i",    "c5",  "c6i", "c7i", "r5",  "r6i",
                                   "m6g", "c7g", "x2iedn", "i4i", "g5",  "z1d", "u7i", "hpc7g"};
  static const char* sizes[] = {"medium",  "large",    "xlarge",   "2xlarge",  "4xlarge",
                                "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal"};
  const auto item_at = [&](std::size_t i) {
    if (i < first) {
      const auto& t = base.ec2.types[i / std::size(variants)];
      const std::size_t v = i % std::size(variants);
      return item{sku_of(i), t.name, &regions[0], &variants[v],
                  v == 0 ? t.on_demand.effective_per_hour() * 1.05 : 0.5};
    }
    const std::size_t n = i - first;
    const std::size_t r = n % std::size(regions);
    const std::size_t t = (n / std::size(regions)) % (std::size(families) * std::size(sizes));
    const std::size_t v =
        (n / std::size(regions) / (std::size(families) * std::size(sizes))) % std::size(variants);
    std::string type =
        std::string(families[t / std::size(sizes)]) + "." + sizes[t % std::size(sizes)];
    if (r == 0 && base.ec2.find(type) != nullptr)
      type = "x" + type;  // us-east-1 base types are above
    return item{sku_of(i), type, &regions[r], &variants[v], 0.01 * double(1 + n % 997)};
  };

  const fs::path dir =
      fs::temp_directory_path() / ("fleetcast-price-list-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "AmazonEC2.json";
  const auto t0 = std::chrono::steady_clock::now();
  {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) {
      std::perror(file.c_str());
      return 1;
    }
    std::fputs(
        "{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"SYNTHETIC benchmark offer\",\n"
        "  \"offerCode\" : \"AmazonEC2\",\n  \"version\" : \"20250901000000\",\n"
        "  \"publicationDate\" : \"2025-09-01T00:00:00Z\",\n  \"products\" : {\n",
        f);
    for (std::size_t i = 0; i < sku_count; ++i) write_product(f, item_at(i), i + 1 == sku_count);
    std::fputs("  },\n  \"terms\" : {\n    \"OnDemand\" : {\n", f);
    for (std::size_t i = 0; i < sku_count; ++i) write_on_demand(f, item_at(i), i + 1 == sku_count);
    std::fputs("    },\n    \"Reserved\" : {\n", f);
    for (std::size_t i = 0; i < sku_count; ++i) write_reserved(f, item_at(i), i + 1 == sku_count);
    std::fputs("    }\n  },\n  \"attributesList\" : { }\n}\n", f);
    if (std::fclose(f) != 0) {
      std::perror(file.c_str());
      return 1;
    }
  }
  const double write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto bytes = fs::file_size(file);
  const long rss_before = peak_rss_kib();

  const auto t1 = std::chrono::steady_clock::now();
  const auto report = fleetcast::import_price_lists({file.string()}, "us-east-1");
  const double import_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  const long rss_after = peak_rss_kib();

  std::printf("offer file            %s\n", file.c_str());
  std::printf("file size             %.1f MB (%llu bytes), %zu SKUs, written in %.1f s\n",
              double(bytes) / 1e6, static_cast<unsigned long long>(bytes), sku_count, write_s);
  std::printf("products read         %zu (in us-east-1: %zu, kept: %zu)\n", report.products_read,
              report.offers[0].products_in_region, report.products_kept);
  std::printf("instance types updated %zu of %zu; skipped types %zu; warnings %zu\n",
              report.instance_types_updated, base.ec2.types.size(), report.skipped_types.size(),
              report.warnings.size());
  std::printf("import wall time      %.2f s (%.0f MB/s)\n", import_s,
              double(bytes) / 1e6 / import_s);
  std::printf("peak RSS              %.1f MB before the import, %.1f MB after (ru_maxrss)\n",
              double(rss_before) / 1024, double(rss_after) / 1024);
  if (!keep) fs::remove_all(dir);
  return report.instance_types_updated == base.ec2.types.size() ? 0 : 1;
}
