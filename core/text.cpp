#include "core/text.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <utf8proc.h>

namespace landscape {

namespace {

// Printable ASCII needs none of NFKC: case folding lowers its letters, and its only white space
// is the space. Names are mostly ASCII, and utf8proc costs more than the rest of reading one.
bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

std::string NormalizePrintableAscii(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (char c : name) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

bool IsBlankName(std::string_view name) {
  if (IsPrintableAscii(name)) return name.find_first_not_of(' ') == std::string_view::npos;
  return NormalizeName(name).empty();
}

std::string NormalizeName(std::string_view name) {
  if (IsPrintableAscii(name)) return NormalizePrintableAscii(name);
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                                UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                    static_cast<utf8proc_ssize_t>(name.size()), &mapped, options);
  if (n < 0) return "";
  std::string out;
  out.reserve(static_cast<size_t>(n));
  bool pending_space = false;
  // Collapse Unicode white space (NFKC already turned ideographic spaces into U+0020).
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
    if (len <= 0) break;
    bool space =
        utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS || cp == '\t' || cp == '\n' || cp == '\r';
    if (space) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(reinterpret_cast<const char*>(mapped + i), static_cast<size_t>(len));
    }
    i += len;
  }
  std::free(mapped);
  return out;
}

namespace {

// Visits each code point of `text`; an invalid byte is visited as -1 and skipped.
template <typename Visit>
void ForEachCodePoint(std::string_view text, Visit visit) {
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto n = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) {
      cp = -1;
      len = 1;
    }
    if (!visit(cp)) return;
    i += len;
  }
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  ForEachCodePoint(text, [&](utf8proc_int32_t cp) {
    width += cp < 0 ? 1 : static_cast<size_t>(utf8proc_charwidth(cp));
    return true;
  });
  return width;
}

bool IsValidUtf8(std::string_view text) {
  bool valid = true;
  ForEachCodePoint(text, [&](utf8proc_int32_t cp) { return valid = cp >= 0; });
  return valid;
}

std::string EscapeControls(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  auto control = [&](size_t i) {
    return byte(i) < 0x20 || byte(i) == 0x7F ||
           (byte(i) == 0xC2 && i + 1 < text.size() && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F);
  };
  size_t i = 0;
  while (i < text.size() && !control(i)) ++i;
  if (i == text.size()) return std::string(text);
  std::string out(text.substr(0, i));
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (; i < text.size(); ++i) {
    if (!control(i)) {
      out += text[i];
    } else if (byte(i) == 0xC2) {
      out += "\\u00";
      out += kHex[byte(i + 1) >> 4];
      out += kHex[byte(i + 1) & 0xF];
      ++i;
    } else {
      out += "\\x";
      out += kHex[byte(i) >> 4];
      out += kHex[byte(i) & 0xF];
    }
  }
  return out;
}

namespace {

std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto n = static_cast<utf8proc_ssize_t>(text.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) {  // not UTF-8: this byte as itself, above every code point
      out.push_back(0x110000 + p[i]);
      ++i;
    } else {
      out.push_back(static_cast<char32_t>(cp));
      i += len;
    }
  }
  return out;
}

}  // namespace

size_t EditDistance(std::string_view a_text, std::string_view b_text, size_t limit) {
  std::u32string a = CodePoints(a_text), b = CodePoints(b_text);
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  // Three rows of the table (a swap looks two back); a row whose least entry exceeds the
  // limit ends it.
  std::vector<size_t> before(a.size() + 1), previous(a.size() + 1), row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    std::swap(before, previous);
    std::swap(previous, row);
    row[0] = j;
    size_t least = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      bool same = a[i - 1] == b[j - 1];
      row[i] = std::min({previous[i] + 1, row[i - 1] + 1, previous[i - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[i] = std::min(row[i], before[i - 2] + 1);
      }
      least = std::min(least, row[i]);
    }
    if (least > limit) return limit + 1;
  }
  return std::min(row[a.size()], limit + 1);
}

size_t TypoReach(std::string_view typed) {
  return std::clamp<size_t>(CodePoints(typed).size() / 3, 1, 3);
}

std::vector<std::string> NearestByEditDistance(std::string_view typed,
                                               const std::vector<std::string>& candidates,
                                               size_t count) {
  size_t reach = TypoReach(typed);
  std::vector<std::pair<size_t, size_t>> near;  // distance, index
  for (size_t i = 0; i < candidates.size(); ++i) {
    size_t d = EditDistance(typed, candidates[i], reach);
    if (d <= reach) near.emplace_back(d, i);
  }
  std::stable_sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (size_t k = 0; k < near.size() && k < count; ++k) out.push_back(candidates[near[k].second]);
  return out;
}

std::string UnknownNameHint(std::string_view typed, const std::vector<std::string>& valid,
                            std::string_view plural) {
  std::string hint;
  std::vector<std::string> near = NearestByEditDistance(typed, valid);
  if (!near.empty()) hint = fmt::format("; did you mean: {}?", fmt::join(near, ", "));
  return hint + fmt::format(" (the {}: {})", plural, fmt::join(valid, ", "));
}

}  // namespace landscape
