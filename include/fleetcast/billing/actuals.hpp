#pragma once
/// @file
/// Actual bills in: which rows of a real bill (AWS's FOCUS export, or fleetcast's own FOCUS
/// output) belong to containers and their surroundings, and what they cost at the catalog's
/// list prices. The domain half of `fleetcast actuals`: no file format here; the reader
/// (`fleetcast/io/bill_csv.hpp`) hands every row over as a `bill_line`.
///
/// Recognition reads, in this order: fleetcast's own `x_RateKey` (exact, its ledger keys); the
/// AWS usage type (`x_UsageType` in AWS's FOCUS export, region prefix such as `USE1-` removed);
/// otherwise the row is "not container-related". See docs/actuals.md for the table of usage
/// types and their sources.

#include <array>
#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// What a recognised bill row is. Closed vocabulary: parse/to_string below.
enum class actual_category : std::uint8_t {
  fargate_vcpu,               ///< vCPU-hours of Fargate tasks or pods (ECS, EKS; x86, ARM, Windows)
  fargate_memory,             ///< GB-hours of Fargate memory
  fargate_ephemeral_storage,  ///< GB-hours of ephemeral storage above the free 20 GB
  fargate_windows_licence,    ///< Windows OS licence vCPU-hours
  ec2_instance,               ///< EC2 instance-hours (nodes of EKS or ECS on EC2)
  eks_cluster_standard,       ///< EKS control plane, standard support, cluster-hours
  eks_cluster_extended,       ///< EKS control plane, extended support, cluster-hours
  eks_auto_mode,              ///< EKS Auto Mode management fee, instance-hours
  public_ipv4,                ///< public IPv4 address-hours (in use or idle)
  nat_gateway_hours,          ///< NAT gateway-hours
  nat_gateway_data,           ///< GB processed by NAT gateways
  vpc_endpoint_hours,         ///< interface endpoint-hours
  vpc_endpoint_data,          ///< GB processed by interface endpoints
  ebs_volume,                 ///< EBS volume storage (GB-months, or GB-hours in fleetcast's bills)
  load_balancer_hours,        ///< load balancer-hours
  load_balancer_lcu,          ///< load balancer capacity unit-hours
  commitment_fee,             ///< Savings Plan or Reserved Instance fee (Purchase rows)
  unused_commitment,          ///< the part of a commitment's fee that no usage used
  not_container               ///< everything else
};
inline constexpr std::size_t actual_category_count = 19;

/// "fargate_vcpu", "ec2_instance", … (the JSON and CSV spelling).
[[nodiscard]] std::string_view to_string(actual_category c) noexcept;
/// Plain words for a table: "Fargate vCPU-hours", "EC2 instance-hours", …
[[nodiscard]] std::string_view describe(actual_category c) noexcept;

/// How a usage row was bought.
enum class actual_purchase : std::uint8_t { on_demand, spot, commitment };
[[nodiscard]] std::string_view to_string(actual_purchase p) noexcept;

/// The fields of one bill row that recognition and repricing read. Null fields are empty.
/// Views: valid only during the call they are passed to.
struct bill_line {
  std::string_view service_name;       ///< ServiceName
  std::string_view usage_type;         ///< x_UsageType (AWS FOCUS export) or CUR's usage type
  std::string_view rate_key;           ///< x_RateKey (fleetcast's own FOCUS output)
  std::string_view charge_category;    ///< Usage, Purchase, Tax, Credit, Adjustment
  std::string_view charge_description; ///< ChargeDescription
  std::string_view pricing_category;   ///< Standard, Dynamic, Committed, Other
  std::string_view commitment_id;      ///< CommitmentDiscountId
  std::string_view commitment_status;  ///< CommitmentDiscountStatus: Used, Unused
  std::string_view region;             ///< RegionId
  std::string_view pricing_unit;       ///< PricingUnit
  std::string_view operation;          ///< x_Operation (AWS FOCUS export): RunInstances, …
  std::string_view option;             ///< x_Option (fleetcast's own bills), else empty
  /// ResourceId (FOCUS) or line_item_resource_id (CUR 2.0): an ECS task or EKS pod ARN for
  /// Fargate and split cost allocation rows, an instance id for EC2 rows.
  std::string_view resource_id;
  /// split_line_item_parent_resource_id (CUR 2.0 split cost allocation data): the EC2 instance
  /// an ECS task or EKS pod ran on.
  std::string_view parent_resource_id;
  /// From the row's tags (FOCUS `Tags`, CUR 2.0 `resource_tags`/`tags`): aws:ecs:clusterName or
  /// aws:eks:cluster-name; aws:ecs:serviceName, or for EKS aws:eks:deployment (else the
  /// namespace). Empty when the bill has no such tag.
  std::string_view cluster_tag;
  std::string_view service_tag;
  std::string_view platform_tag;       ///< "ecs" or "eks" when a cluster tag says which, else empty
  /// ChargePeriodStart as whole hours since 1970-01-01T00:00Z, when the reader was asked to
  /// parse it (`need_hours`); INT64_MIN otherwise.
  std::int64_t hour = INT64_MIN;
  double billed_cost = 0;              ///< BilledCost
  double list_cost = 0;                ///< ListCost
  double pricing_quantity = 0;         ///< PricingQuantity (0 when null)
  double list_unit_price = -1;         ///< ListUnitPrice; < 0 when null
};

/// What a row is, as recognition reads it.
struct recognised_line {
  actual_category category = actual_category::not_container;
  actual_purchase purchase = actual_purchase::on_demand;
  /// EC2 and Auto Mode rows: the instance type ("m6i.large"); EBS: the volume type ("gp3");
  /// load balancers: "application", "network" or "" (unknown).
  std::string detail;
  bool arm = false;           ///< Fargate on ARM (Graviton)
  bool windows = false;       ///< Fargate Windows
  /// EC2: the OS is known to be Linux (fleetcast's rate keys; x_Operation "RunInstances"),
  /// the only OS the catalogs price.
  bool linux_known = false;
};

/// Recognises one row (see the file comment). Never throws.
[[nodiscard]] recognised_line recognise(const bill_line& l);

/// The AWS usage type without its region prefix ("USE1-Fargate-GB-Hours" → "Fargate-GB-Hours";
/// us-east-1's types have none).
[[nodiscard]] std::string_view strip_usage_type_region(std::string_view usage_type) noexcept;

/// The catalog's list price per PricingUnit of a recognised row, or a negative value when the
/// catalog has none (commitment rows, an instance type it does not list, a unit it does not
/// price in). `pricing_unit` matters for EBS (GB-Mo vs GB-Hours) and NAT data (GB).
[[nodiscard]] double catalog_list_price(const price_catalog& cat, const recognised_line& r,
                                        std::string_view pricing_unit);

/// One (category, region, unit) total.
struct actuals_group {
  actual_category category = actual_category::not_container;
  std::string region;  ///< empty when the rows had no RegionId
  std::string unit;    ///< PricingUnit
  std::uint64_t rows = 0;
  double usage_quantity = 0;          ///< Σ PricingQuantity
  double billed_cost_usd = 0;         ///< Σ BilledCost
  double list_cost_usd = 0;           ///< Σ ListCost (the bill's own list price)
  double repriced_list_cost_usd = 0;  ///< Σ catalog price × PricingQuantity, over repriced rows
  std::uint64_t repriced_rows = 0;    ///< rows the catalog had a price for
  double not_repriced_list_cost_usd = 0;  ///< Σ ListCost of the rows it had none for
  std::array<double, 3> billed_by_purchase{};  ///< indexed by actual_purchase
};

/// A list price on the bill that differs from the catalog's, for one (category, region,
/// detail, bill price); `rows` counts the rows that carried it.
struct price_mismatch {
  actual_category category = actual_category::not_container;
  std::string region;
  std::string detail;  ///< instance type, or the usage type / rate key
  std::string unit;
  double bill_unit_price = 0;
  double catalog_unit_price = 0;
  double relative_difference = 0;  ///< (bill − catalog) / catalog
  std::uint64_t rows = 0;
};

/// Everything `fleetcast actuals` reports.
struct actuals_summary {
  std::uint64_t rows = 0;
  std::uint64_t container_rows = 0;
  std::uint64_t not_container_rows = 0;
  double not_container_billed_usd = 0;
  std::vector<actuals_group> groups;        ///< container categories, by category then region
  std::vector<price_mismatch> mismatches;   ///< by category, region, detail (at most max_mismatches)
  /// Rows whose price differed after `max_mismatches` distinct mismatches were kept.
  std::uint64_t mismatched_rows_not_listed = 0;
  std::vector<std::string> regions_without_catalog;
  std::vector<std::pair<std::string, double>> billed_by_option;  ///< x_Option → Σ BilledCost
  double billed_usd = 0;  ///< Σ BilledCost over every row
};

/// Adds bill rows one at a time, in bounded memory (the state grows with the number of
/// categories, regions, prices and options, never with rows). `catalog_of(region)` gives the
/// catalog to reprice a region's rows against, or nullptr (then they are "not repriced").
class actuals_accumulator {
 public:
  using catalog_lookup = std::function<const price_catalog*(std::string_view region)>;
  /// `relative_tolerance`: list prices within it of the catalog's are the same price (0.1 %: AWS
  /// publishes Fargate vCPU at $0.04048/h and $0.000011244/s, 0.004 % apart).
  explicit actuals_accumulator(catalog_lookup catalog_of, double relative_tolerance = 1e-3);
  void add(const bill_line& l);
  /// Distinct mismatches kept (memory stays bounded whatever the bill).
  static constexpr std::size_t max_mismatches = 10'000;
  [[nodiscard]] actuals_summary summary() const;

 private:
  catalog_lookup catalog_of_;
  double tolerance_;
  actuals_summary s_;
  std::map<std::tuple<int, std::string, std::string>, actuals_group> groups_;
  std::map<std::tuple<int, std::string, std::string, double>, price_mismatch> mismatches_;
  std::map<std::string, double, std::less<>> options_;
  std::map<std::string, const price_catalog*, std::less<>> catalogs_;
};

}  // namespace fleetcast
