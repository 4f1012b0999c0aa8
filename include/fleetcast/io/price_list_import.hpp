#pragma once
/// @file
/// Importing AWS Price List bulk offer files (AmazonEC2, AmazonECS, AmazonEKS; format in
/// `shared/docs/formats.md` §2) into a fleetcast price catalog (`pricing/README.md`). The files
/// are streamed, never loaded whole: memory grows with the products kept, not with the file.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/limits.hpp"

namespace fleetcast {

/// One offer file that was read.
struct price_list_offer {
  std::string path;               ///< as given
  std::string offer_code;         ///< "AmazonEC2", "AmazonECS" or "AmazonEKS"
  std::string version;            ///< "20250828172723" (yyyyMMddHHmmss)
  std::string publication_date;   ///< "2025-08-28T17:27:23Z"; empty when the file has none
  std::string source_id;          ///< id of the catalog source added for this file
  std::size_t bytes = 0;          ///< file size
  std::size_t products_read = 0;  ///< every product in the file, any region
  std::size_t products_in_region = 0;
  std::size_t products_kept = 0;  ///< in the region and priced into a catalog figure (candidates)
  bool two_passes = false;        ///< `terms` came before `products`, so the file was read twice
};

/// One catalog figure replaced by an offer price.
struct price_list_change {
  std::string key;  ///< "ec2:m5.large", "fargate:linux_x86_64:vcpu", "eks:standard", …
  std::string sku;  ///< the offer's SKU the price comes from
  double old_usd_per_hour = 0;  ///< the base catalog's effective hourly figure
  double new_usd_per_hour = 0;  ///< the offer's figure (per instance-, vCPU-, GB- or cluster-hour)
  std::string source_id;
};

/// What `import_price_lists` produced and what it left alone.
struct price_list_import_report {
  std::string catalog_json;              ///< the complete catalog, already re-parsed and valid
  std::vector<price_list_offer> offers;  ///< in the order given
  std::size_t products_read = 0;         ///< summed over the offers
  std::size_t products_kept = 0;         ///< summed over the offers
  std::size_t instance_types_updated = 0;
  std::vector<price_list_change> changes;  ///< every replaced figure, in catalog order
  std::vector<std::string> not_replaced;   ///< base figures no offer priced (kept as they were)
  std::vector<std::string> skipped_types;  ///< priced in the region but not in the base catalog
                                           ///< (it lacks their ENI/max-pods data); sorted
  std::vector<std::string> warnings;       ///< e.g. a tiered or $0 price that was not used
};

/// Reads AWS Price List offer files and returns `base_catalog_json` with its prices replaced by
/// the files' figures for `region`:
/// - AmazonEC2: the OnDemand hourly price of each instance type already in the base catalog
///   (Linux, shared tenancy, no pre-installed software, `capacitystatus` Used, `marketoption`
///   OnDemand, operation RunInstances; $0 SKUs are never used). Types the base lacks are
///   listed in `skipped_types`; types are never added.
/// - AmazonECS: Fargate Linux x86/ARM vCPU and GB rates, Windows vCPU, GB and licence rates,
///   ephemeral storage, and Fargate Spot when the file has `SpotUsage-Fargate-…` products.
/// - AmazonEKS: the control plane per cluster-hour; `extended` is the standard rate plus the
///   `AmazonEKS-Hours:extendedSupport` surcharge.
/// Each replaced rate becomes `{"usd_per_hour", "source"}` naming a new source per file (title:
/// offer code and version; date: publicationDate, or the version's date; confidence confirmed).
/// The SKUs used go into the top-level `"$price_list"` object (`"skus": {"ec2:m5.large": SKU}`),
/// which the catalog reader ignores. Only products whose `regionCode` (or `location`, in older
/// files) is `region` are kept. The output's region is `region`; a base catalog of another
/// region is refused unless every one of its rates is replaced.
///
/// `base_catalog_json` empty means the built-in catalog; `base_source` names it in errors.
/// Throws `io_error` io.1 (unreadable file); `input_error` input.1 (not JSON or truncated, with
/// the byte offset), input.2 (a price that is not a decimal), input.4 (not an offer file, no
/// USD price), input.9 (base catalog of another region), input.10 (empty file, or no product
/// for `region`), input.11 (an offer for another service), input.12 (one offer code twice, or
/// two SKUs with different prices for one figure), input.13 (a string, number or literal above
/// `limits.string_bytes` or nesting above `limits.depth`, found while streaming, before the
/// parser buffers it; offer files are not bounded by `file_bytes`); `pricing_error` for an
/// invalid base catalog.
/// Complexity: one pass per file (two when `terms` precede `products`); memory O(products kept).
[[nodiscard]] price_list_import_report import_price_lists(
    const std::vector<std::string>& offer_paths, std::string_view region,
    std::string_view base_catalog_json = {}, std::string_view base_source = "built-in catalog",
    const input_limits& limits = {});

}  // namespace fleetcast
