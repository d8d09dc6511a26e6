#pragma once
// "Did you mean" for the faces: the words nearest to one mistyped, for lists of verbs, kinds,
// columns (entity names are suggested by the queries themselves, from the name index).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace landscape {

// The candidates a typo away from `typed` (an edit distance in code points of at most a third
// of its length, at least 1, at most 3; a swap of neighbours counts one), nearest first, ties
// in the given order, at most `count`.
std::vector<std::string> NearestByEditDistance(std::string_view typed,
                                               const std::vector<std::string>& candidates,
                                               size_t count = 3);

}  // namespace landscape
