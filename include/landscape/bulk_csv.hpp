#pragma once
// What `export --format bulk-csv` wrote (docs/data-format.md, "Bulk CSV").

#include <cstddef>
#include <string>
#include <vector>

namespace landscape {

struct BulkCsvFile {
  std::string name;  // within the directory: "nodes-company.csv", "relationships-raised.csv"
  std::string label_or_type;
  size_t rows = 0;
  bool nodes = true;  // false: relationships
};

struct BulkCsvSummary {
  std::vector<BulkCsvFile> files;
  // Claims beyond the best of their attribute or property, which a column cannot hold: kept by
  // the landscape/1 export, left out here.
  size_t claims_left_out = 0;
  // Attribute and property columns where that happened ("company.valuation").
  std::vector<std::string> columns_with_claims_left_out;
};

}  // namespace landscape
