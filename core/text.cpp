#include "core/text.hpp"

#include <cstdlib>

#include <utf8proc.h>

namespace landscape {

std::string NormalizeName(std::string_view name) {
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

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto n = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) {
      ++width;
      ++i;
      continue;
    }
    width += static_cast<size_t>(utf8proc_charwidth(cp));
    i += len;
  }
  return width;
}

bool IsValidUtf8(std::string_view text) {
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto n = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) return false;
    i += len;
  }
  return true;
}

}  // namespace landscape
