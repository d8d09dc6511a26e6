#pragma once
// Text utilities over UTF-8, backed by utf8proc: name normalisation for look-ups, display
// width for aligned tables, UTF-8 validation, control characters made visible.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "landscape/suggestions.hpp"  // NearestByEditDistance, implemented in text.cpp

namespace landscape {

// The form names are indexed and looked up by: Unicode NFKC with case folding, white space
// trimmed and runs of it collapsed to one space. "ＤｅｅｐＳｅｅｋ", "DeepSeek" and "deepseek" all
// become "deepseek". REQUIRES: valid UTF-8 (invalid input yields "").
std::string NormalizeName(std::string_view name);
// NormalizeName(name).empty(), without building the normalised name where it need not.
bool IsBlankName(std::string_view name);

// Columns a terminal gives the text: CJK and full-width characters count two.
size_t DisplayWidth(std::string_view text);

bool IsValidUtf8(std::string_view text);

// The text with every control character shown as a visible escape: C0 controls and DEL as
// "\x1B", C1 controls (U+0080..U+009F) as "\u0085". Text from the store goes through it before
// a terminal or a CSV file sees it, so that a name holding "\e[2J" cannot clear the screen.
std::string EscapeControls(std::string_view text);

// Edit distance in code points, where an insertion, a deletion, a substitution and a swap of
// two neighbours ("shwo") each count one (optimal string alignment); a distance above `limit`
// comes back as limit + 1, found without computing it whole.
// Invalid UTF-8 is compared byte for byte.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

// How far a mistyped word may be from the one meant: a third of its code points, at least 1,
// at most 3 ("Deepsek" → "deepseek", "Baido" → "baidu"; "ab" → nothing but one-letter slips).
size_t TypoReach(std::string_view typed);

// The rest of an "unknown <name>" message: "; did you mean: company? (the kinds: company,
// investor, model)" — the valid names a typo away from `typed`, if any, then all of them, under
// `plural`.
std::string UnknownNameHint(std::string_view typed, const std::vector<std::string>& valid,
                            std::string_view plural);

}  // namespace landscape
