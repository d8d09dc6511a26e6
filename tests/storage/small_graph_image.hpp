#pragma once
// A graph image small enough to write out by hand, for the tests of its file and its cache.

#include <cstdint>
#include <vector>

#include "storage/graph_image_file.hpp"

namespace landscape::testing {

// A small image of 3 vertices with every section non-empty.
struct SmallImage {
  std::vector<keys::EntityNumber> numbers{5, 7, 9};
  std::vector<KindTag> kinds{1, 2, 1};
  std::vector<uint32_t> index{kGraphImageNoVertex, 0, kGraphImageNoVertex, 0, 0, 0, 0, 1, 0, 2};
  std::vector<uint64_t> rowstart{0, 2, 3, 4};
  std::vector<ImageEdge> adjacency{{1, 3, 1, 0}, {2, 4, 0, 0}, {0, 3, 0, 0}, {0, 4, 1, 0}};
  std::vector<double> pagerank{1.5, 0.75, 0.75};
  std::vector<ImageRound> rounds{
      {0, 1, 42, 0, "USD", "2025-01", 1, 0, 1, 1, 300, 0, "CNY", 0, kImageNoTier, {}}};
  std::vector<ImageTotal> totals{{42, 0, 1, 0, 0, 0}, {}, {}};
  std::vector<uint32_t> by_pagerank{0, 1, 2};
  std::vector<uint32_t> by_total_raised{0};

  GraphImageData data(uint64_t stamp = 77) const {
    return {stamp,    numbers, kinds,  index,       rowstart,       adjacency,
            pagerank, rounds,  totals, by_pagerank, by_total_raised};
  }
};

}  // namespace landscape::testing
