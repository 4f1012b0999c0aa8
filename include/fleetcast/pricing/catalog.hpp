#pragma once
/// @file
/// The price catalog: plain structs holding every figure fleetcast bills with. It is read from
/// JSON (`fleetcast/io/catalog_json.hpp`, format in `pricing/README.md`); the default catalog
/// `pricing/aws-us-east-1.json` is compiled into the library (`default_catalog()`).

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/units.hpp"

namespace fleetcast {

/// Where a figure comes from. Every rate in a catalog names one of these by `id`.
struct price_source {
  std::string id;
  std::string title;
  std::string url;         ///< or `repository@commit:path`
  std::string date;        ///< ISO date of the data (not of our reading)
  std::string confidence;  ///< "confirmed", "secondary" or "estimate"
};

/// One price: per second (as AWS's Fargate examples publish it) and/or per hour (as the AWS
/// Price List publishes it). At least one is set. Billing uses the per-second figure when the
/// catalog has it, otherwise the hourly one divided by 3600.
struct rate {
  double usd_per_second = std::numeric_limits<double>::quiet_NaN();
  double usd_per_hour = std::numeric_limits<double>::quiet_NaN();
  std::string source;  ///< a `price_source::id`

  [[nodiscard]] bool has_per_second() const noexcept { return !std::isnan(usd_per_second); }
  [[nodiscard]] bool has_per_hour() const noexcept { return !std::isnan(usd_per_hour); }
  /// Cost of `unit_seconds` (e.g. vCPU-seconds) at this rate, with one rounding.
  [[nodiscard]] double cost_of_seconds(double unit_seconds) const noexcept {
    return has_per_second() ? unit_seconds * usd_per_second
                            : unit_seconds * usd_per_hour / seconds_per_hour;
  }
  /// Cost of `unit_hours` (e.g. cluster-hours) at this rate, with one rounding.
  [[nodiscard]] double cost_of_hours(double unit_hours) const noexcept {
    return has_per_hour() ? unit_hours * usd_per_hour
                          : unit_hours * seconds_per_hour * usd_per_second;
  }
  /// Whether the catalog has this figure (optional sections leave it unset).
  [[nodiscard]] bool known() const noexcept { return has_per_second() || has_per_hour(); }
  /// The hourly price billing effectively uses (per-second × 3600 when per-second is set).
  [[nodiscard]] double effective_per_hour() const noexcept {
    return has_per_second() ? usd_per_second * seconds_per_hour : usd_per_hour;
  }
};

/// Fargate rates for one OS/architecture (or its Spot variant).
struct fargate_rates {
  rate vcpu;                               ///< per vCPU
  rate memory_gb;                          ///< per GB (GiB: MiB / 1024)
  std::optional<rate> os_licence_vcpu;     ///< Windows licence per vCPU, on top of `vcpu`
};

/// One CPU row of the Fargate size table: its CPU and the memory sizes allowed with it.
struct fargate_size_row {
  int cpu_units = 0;                ///< 256 = 0.25 vCPU
  std::vector<int> memory_mib;      ///< ascending
  bool linux_ok = true;             ///< allowed for Linux tasks
  bool windows_ok = false;          ///< allowed for Windows tasks
  bool eks_ok = true;               ///< allowed for EKS pods (ECS has every row)
};

struct fargate_prices {
  fargate_rates linux_x86_64;
  fargate_rates linux_arm64;
  fargate_rates windows_x86_64;
  fargate_rates spot_linux_x86_64;  ///< Fargate Spot (ECS, Linux only)
  fargate_rates spot_linux_arm64;
  rate ephemeral_storage_gb;        ///< per GB above `free_storage_gib`
  int free_storage_gib = 20;
  int max_storage_gib_ecs = 200;
  int max_storage_gib_eks = 175;
  int min_billed_seconds_linux = 60;
  int min_billed_seconds_windows = 300;
  int eks_pod_overhead_mib = 256;   ///< kubelet, kube-proxy, containerd on each EKS pod
  int eks_default_cpu_units = 256;  ///< size of a pod with no requests
  int eks_default_memory_mib = 512;
  std::vector<fargate_size_row> sizes;  ///< ascending by cpu_units
  /// Compute Savings Plan offers ("compute_sp_1yr_no_upfront", …) → fraction off the
  /// on-demand vCPU and GB rates; empty when the catalog has none.
  std::vector<std::pair<std::string, double>> commitment_discounts;
  std::string commitment_source;

  /// The fraction `offer` takes off Fargate on-demand rates, if the catalog has it.
  [[nodiscard]] std::optional<double> commitment_discount(std::string_view offer) const noexcept {
    for (const auto& [o, d] : commitment_discounts)
      if (o == offer) return d;
    return std::nullopt;
  }

  /// The rates for a task; Spot only exists for Linux (callers validate that first).
  [[nodiscard]] const fargate_rates& rates_for(os_family os, cpu_arch arch, bool spot) const noexcept {
    if (os == os_family::windows_os) return windows_x86_64;
    if (spot) return arch == cpu_arch::arm64 ? spot_linux_arm64 : spot_linux_x86_64;
    return arch == cpu_arch::arm64 ? linux_arm64 : linux_x86_64;
  }
};

/// A commitment price for one instance type (or Fargate dimension), e.g. offer
/// "compute_sp_1yr_no_upfront" at $0.0672 per hour. Used by the commitments layer.
struct commitment_rate {
  std::string offer;
  double usd_per_hour = 0.0;  ///< effective hourly rate (upfront part amortised)
  std::string source;
};

/// What fleetcast assumes about Spot for one instance type. Spot prices move; these are
/// planning assumptions with their source, not quotes.
struct spot_assumption {
  double discount = 0.0;              ///< fraction off the on-demand price, in [0, 1)
  std::string interruption_bucket;    ///< Spot Instance Advisor bucket: "<5%", "5-10%", …
  std::string source;
};

struct instance_type {
  std::string name;     ///< "m6i.large"
  std::string family;   ///< "m6i"
  std::string size;     ///< "large"
  int vcpu = 0;
  int memory_mib = 0;
  cpu_arch arch = cpu_arch::x86_64;
  int max_enis = 0;
  int ipv4_per_eni = 0;
  int eks_max_pods = 0;  ///< eni-max-pods.txt value (VPC CNI, secondary IPs)
  int gpus = 0;          ///< GPUs per instance (what a pod's `nvidia.com/gpu` counts); 0: none
  std::string gpu_name;  ///< "NVIDIA T4"; empty when `gpus` is 0
  rate on_demand;        ///< Linux, shared tenancy, per instance-hour
  spot_assumption spot;
  std::vector<commitment_rate> commitments;

  [[nodiscard]] double spot_usd_per_hour() const noexcept {
    return on_demand.effective_per_hour() * (1.0 - spot.discount);
  }
};

struct ec2_prices {
  int min_billed_seconds = 60;  ///< per launch (Linux, Windows, RHEL, Ubuntu)
  /// EC2 does not charge a Spot instance it interrupts within its first hour.
  int spot_free_if_interrupted_within_seconds = 3600;
  std::vector<instance_type> types;  ///< sorted by name

  /// nullptr when the catalog has no such type. O(log n).
  [[nodiscard]] const instance_type* find(std::string_view name) const noexcept;
};

struct eks_prices {
  rate control_plane_standard;  ///< per cluster-hour
  rate control_plane_extended;  ///< per cluster-hour (the whole rate, not the surcharge)
  /// Auto Mode management fee as a fraction of the instance's on-demand price (an estimate:
  /// AWS publishes a per-type table that fleetcast has not read).
  double auto_mode_fee_fraction = 0.0;
  std::string auto_mode_source;
};

/// A price per unit of something other than time: per GB processed, per GB-month stored.
struct unit_rate {
  double usd = std::numeric_limits<double>::quiet_NaN();  ///< per unit
  std::string source;                                     ///< a `price_source::id`
  [[nodiscard]] bool known() const noexcept { return !std::isnan(usd); }
};

/// VPC charges: public IPv4 addresses, NAT gateways, interface (PrivateLink) endpoints.
/// Optional in a catalog file: unset rates are NaN, and a scenario or quote that needs one is
/// refused by `sim::validate` / `billing::validate`.
struct vpc_prices {
  rate public_ipv4;                        ///< per address-hour, in use or idle
  int public_ipv4_min_billed_seconds = 60;  ///< per address attached to a Fargate task or pod
  rate nat_gateway;                        ///< per NAT gateway-hour
  unit_rate nat_gateway_gb;                ///< per GB the NAT gateway processes
  rate interface_endpoint;                 ///< per endpoint per AZ-hour (each started hour billed)
  unit_rate interface_endpoint_gb;         ///< per GB processed (the first-PB tier)
  [[nodiscard]] bool known() const noexcept {
    return public_ipv4.known() && nat_gateway.known() && nat_gateway_gb.known() && interface_endpoint.known() &&
           interface_endpoint_gb.known();
  }
};

/// EBS volumes: gp3 storage per GB-month, prorated over a month of `hours_per_month` hours.
struct ebs_prices {
  unit_rate gp3_gb_month;         ///< per GB (GiB provisioned) per month
  double hours_per_month = 730;   ///< AWS prorates over the calendar month; fleetcast uses 730
  [[nodiscard]] bool known() const noexcept { return gp3_gb_month.known(); }
  /// Cost of `gib` GiB provisioned for `seconds`.
  [[nodiscard]] double gp3_cost(double gib, double seconds) const noexcept {
    return gib * seconds * gp3_gb_month.usd / (hours_per_month * seconds_per_hour);
  }
};

/// Elastic Load Balancing: an Application Load Balancer's hours and LCU-hours.
struct elb_prices {
  rate alb;      ///< per ALB-hour
  rate alb_lcu;  ///< per LCU-hour
  [[nodiscard]] bool known() const noexcept { return alb.known() && alb_lcu.known(); }
};

struct price_catalog {
  std::string region;    ///< "us-east-1"
  std::string currency;  ///< "USD"
  std::string as_of;     ///< date of the newest figure
  std::vector<price_source> sources;
  fargate_prices fargate;
  ec2_prices ec2;
  eks_prices eks;
  vpc_prices vpc;
  ebs_prices ebs;
  elb_prices elb;
  /// AWS Price List SKU ids behind imported figures (`"$price_list": {"skus": {…}}` written by
  /// `fleetcast pricing import`): "ec2:m5.large", "fargate:linux_x86_64:vcpu",
  /// "fargate_spot:linux_x86_64:memory_gb", "fargate:ephemeral_storage_gb", "eks:standard", …
  std::vector<std::pair<std::string, std::string>> skus;

  /// The SKU id of a figure, or nullptr when the catalog does not know it.
  [[nodiscard]] const std::string* sku(std::string_view key) const noexcept {
    for (const auto& [k, v] : skus)
      if (k == key) return &v;
    return nullptr;
  }

  [[nodiscard]] const price_source* find_source(std::string_view id) const noexcept {
    for (const auto& s : sources) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }
};

inline const instance_type* ec2_prices::find(std::string_view name) const noexcept {
  std::size_t lo = 0, hi = types.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (types[mid].name < name) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < types.size() && types[lo].name == name ? &types[lo] : nullptr;
}

/// The catalog compiled into the library from `pricing/aws-us-east-1.json`. Parsed once, on
/// first use (thread-safe); never modified afterwards.
[[nodiscard]] const price_catalog& default_catalog();

/// The regions with a catalog compiled into the library (`pricing/aws-<region>.json`),
/// us-east-1 first.
[[nodiscard]] std::vector<std::string> built_in_regions();

/// The built-in catalog of `region` (us-east-1: `default_catalog()`), built on first use
/// (thread-safe) and never modified afterwards. Throws `input_error` (`[fleetcast.input.11]`
/// at `place`) for a region without one: its message lists the built-in regions and says how
/// to make a catalog for another with `fleetcast pricing import`.
[[nodiscard]] const price_catalog& built_in_catalog(std::string_view region, std::string_view place = "region");

}  // namespace fleetcast
