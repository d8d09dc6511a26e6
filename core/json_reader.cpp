#include "core/json_reader.hpp"

#include <istream>

#include "core/limits.hpp"

#include <algorithm>

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"

namespace landscape {
namespace {

using nlohmann::json;

constexpr uint8_t kNumberLiteralSubtype = 0x4e;

// Builds a DOM like nlohmann's own SAX DOM parser, refusing duplicate keys, deep nesting and
// integers that do not fit int64, and keeping float literals as text.
class StrictSax {
 public:
  StrictSax(json* root, int max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return Add(nullptr); }
  bool boolean(bool v) { return Add(v); }
  bool number_integer(json::number_integer_t v) { return Add(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(INT64_MAX)) {
      return Fail(ChildPointer(), fmt::format("the number {} is beyond int64", v));
    }
    return Add(static_cast<json::number_integer_t>(v));
  }
  bool number_float(json::number_float_t, const json::string_t& literal) {
    if (literal.find_first_of(".eE") == std::string::npos) {
      return Fail(ChildPointer(), fmt::format("the number {} is beyond int64", literal));
    }
    return Add(json::binary(json::binary_t::container_type(literal.begin(), literal.end()),
                            kNumberLiteralSubtype));
  }
  bool string(json::string_t& v) { return Add(std::move(v)); }
  bool binary(json::binary_t& v) { return Add(json::binary(std::move(v))); }
  bool start_object(std::size_t) { return Enter(json::object()); }
  bool start_array(std::size_t) { return Enter(json::array()); }
  bool end_object() { return Leave(); }
  bool end_array() { return Leave(); }
  bool key(json::string_t& k) {
    if (stack_.back()->contains(k)) {
      duplicate_ = true;
      return Fail(JsonPointerAppend(ContainerPointer(), k),
                  fmt::format("duplicate key \"{}\" in one object", k));
    }
    keys_.back() = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    parse_failed_ = true;
    error_position_ = position;
    Fail(ChildPointer(), ex.what());
    return false;
  }

  bool duplicate() const { return duplicate_; }
  bool parse_failed() const { return parse_failed_; }
  size_t error_position() const { return error_position_; }  // bytes read when it failed
  const std::string& error_pointer() const { return error_pointer_; }
  const std::string& error_message() const { return error_message_; }

 private:
  bool Fail(std::string pointer, std::string message) {
    if (error_message_.empty()) {
      error_pointer_ = std::move(pointer);
      error_message_ = std::move(message);
    }
    return false;
  }

  std::string ContainerPointer() const {
    std::string p;
    for (size_t i = 0; i + 1 < stack_.size(); ++i) {
      p = stack_[i]->is_array() ? JsonPointerAppend(p, stack_[i]->size() - 1)
                                : JsonPointerAppend(p, keys_[i]);
    }
    return p;
  }

  std::string ChildPointer() const {
    if (stack_.empty()) return "";
    const json& top = *stack_.back();
    return top.is_array() ? JsonPointerAppend(ContainerPointer(), top.size())
                          : JsonPointerAppend(ContainerPointer(), keys_.back());
  }

  json* Place(json&& v) {
    if (stack_.empty()) {
      *root_ = std::move(v);
      return root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    json& slot = parent[keys_.back()];
    slot = std::move(v);
    return &slot;
  }

  bool Add(json&& v) {
    Place(std::move(v));
    return true;
  }

  bool Enter(json&& container) {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      return Fail(ChildPointer(),
                  fmt::format("nesting deeper than {} levels is not accepted", max_depth_));
    }
    stack_.push_back(Place(std::move(container)));
    keys_.emplace_back();
    return true;
  }

  bool Leave() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  json* root_;
  int max_depth_;
  std::vector<json*> stack_;
  std::vector<std::string> keys_;  // the key being filled in each open object
  bool duplicate_ = false;
  bool parse_failed_ = false;
  size_t error_position_ = 0;
  std::string error_pointer_;
  std::string error_message_;
};

// Bytes of the input quoted in a message may be invalid UTF-8: show them as \xHH.
std::string PrintableUtf8(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      if (len == 0 || i + len > text.size() || !IsValidUtf8(text.substr(i, len))) {
        out += fmt::format("\\x{:02X}", c);
        ++i;
        continue;
      }
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 3, column 5:
// syntax error ..."; keep the line and the part after the position.
void SplitParseMessage(const std::string& raw, size_t* line, std::string* message) {
  std::string what = PrintableUtf8(raw);
  *message = what;
  size_t at = what.find("at line ");
  if (at == std::string::npos) {
    // Not a syntax error but a value the library cannot hold ("[json.exception.out_of_range.406]
    // number overflow parsing '1e400'"): the library's tag is no help to the reader.
    if (what.rfind("[json.exception.", 0) == 0 && what.find("] ") != std::string::npos) {
      *message = what.substr(what.find("] ") + 2);
    }
    constexpr std::string_view kOverflow = "number overflow parsing ";
    if (message->rfind(kOverflow, 0) == 0) {
      *message = "the number " + message->substr(kOverflow.size()) +
                 " is beyond the range of a double (about 1.8e308)";
    }
    return;
  }
  *line = std::strtoul(what.c_str() + at + 8, nullptr, 10);
  size_t colon = what.find(": ", at);
  if (colon != std::string::npos) *message = what.substr(colon + 2);
}

}  // namespace

bool ParseJsonStrict(std::string_view text, json* out, JsonError* error,
                     const JsonReadOptions& options) {
  // nlohmann's lexer takes a NUL byte for the end of the input: what follows one would be
  // dropped in silence. JSON text holds none (a string escapes it as \u0000).
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    size_t line_start = text.rfind('\n', nul);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    error->line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + nul, '\n'));
    error->pointer.clear();
    error->message =
        fmt::format("a NUL byte at column {}: JSON text cannot hold one (is this a binary file?)",
                    nul - line_start + 1);
    *out = nullptr;
    return false;
  }
  StrictSax sax(out, options.max_depth);
  if (json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true)) {
    return true;
  }
  error->pointer = sax.error_pointer();
  if (sax.parse_failed()) {
    SplitParseMessage(sax.error_message(), &error->line, &error->message);
    if (error->line == 0) {  // no line in the message: count the lines read before it failed
      size_t read = std::min(sax.error_position(), text.size());
      error->line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + read, '\n'));
    }
  } else {
    error->message = sax.error_message();
    error->line = LineOfJsonPointer(text, error->pointer, sax.duplicate() ? 2 : 1);
  }
  *out = nullptr;
  return false;
}

bool IsJsonNumberLiteral(const json& j) {
  return j.is_binary() && j.get_binary().has_subtype() &&
         j.get_binary().subtype() == kNumberLiteralSubtype;
}

std::string JsonNumberLiteral(const json& j) {
  const auto& bytes = j.get_binary();
  return std::string(bytes.begin(), bytes.end());
}

std::string JsonPointerAppend(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JsonPointerAppend(std::string_view pointer, size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

namespace {

// A forward-only scanner over JSON text that knows the pointer of each value it passes.
class PointerScanner {
 public:
  explicit PointerScanner(std::string_view text) : text_(text) {}

  // The line of every item of the array at `array_pointer`, in order.
  std::vector<size_t> ItemLines(std::string_view array_pointer) {
    std::vector<size_t> lines;
    size_t depth = 0;
    for (char c : array_pointer) depth += c == '/';
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) return lines;
      if (frames_.size() == depth + 1 && frames_.back().array && ParentPointer() == array_pointer) {
        lines.push_back(line_);
      }
      Step step = ReadValue();
      if (step == Step::kError) return lines;
      if (step == Step::kFinished && !MoveToNextSibling()) return lines;
    }
  }

  // The lines of several pointers, in one pass.
  std::map<std::string, size_t> Lines(const std::set<std::string>& targets) {
    std::map<std::string, size_t> lines;
    while (lines.size() < targets.size()) {
      SkipSpace();
      if (pos_ >= text_.size()) break;
      std::string here = CurrentPointer();
      if (targets.count(here)) lines.emplace(here, line_);
      Step step = ReadValue();
      if (step == Step::kError) break;
      if (step == Step::kFinished && !MoveToNextSibling()) break;
    }
    return lines;
  }

  size_t Find(std::string_view target, int occurrence) {
    int seen = 0;
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) return 0;
      if (CurrentPointer() == target && ++seen == occurrence) return line_;
      Step step = ReadValue();
      if (step == Step::kError) return 0;
      if (step == Step::kFinished && !MoveToNextSibling()) return 0;
    }
  }

 private:
  enum class Step { kEnteredChild, kFinished, kError };
  struct Frame {
    bool array;
    size_t index = 0;
    std::string key;
  };

  std::string CurrentPointer() const { return PointerOfFrames(frames_.size()); }
  std::string ParentPointer() const { return PointerOfFrames(frames_.size() - 1); }

  std::string PointerOfFrames(size_t count) const {
    std::string p;
    for (size_t i = 0; i < count; ++i) {
      const Frame& f = frames_[i];
      p = f.array ? JsonPointerAppend(p, f.index) : JsonPointerAppend(p, f.key);
    }
    return p;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  // Reads a string and decodes its escapes, so that keys compare as nlohmann decoded them.
  std::string ReadString() {
    std::string s;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] != '\\' || pos_ + 1 >= text_.size()) {
        s += text_[pos_++];
        continue;
      }
      char escape = text_[pos_ + 1];
      pos_ += 2;
      switch (escape) {
        case 'b':
          s += '\b';
          break;
        case 'f':
          s += '\f';
          break;
        case 'n':
          s += '\n';
          break;
        case 'r':
          s += '\r';
          break;
        case 't':
          s += '\t';
          break;
        case 'u':
          AppendUtf8(ReadEscapedCodePoint(), &s);
          break;
        default:
          s += escape;  // '"', '\\', '/'
      }
    }
    ++pos_;  // closing quote
    return s;
  }

  // Reads the XXXX of a \uXXXX escape at pos_; -1 when they are not four hex digits.
  long ReadHex4() {
    if (pos_ + 4 > text_.size()) return -1;
    long v = 0;
    for (size_t i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0) return -1;
      v = v * 16 + digit;
    }
    pos_ += 4;
    return v;
  }

  // The code point of a \u escape whose "\u" has been read, joining a surrogate pair.
  long ReadEscapedCodePoint() {
    long cp = ReadHex4();
    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
      size_t save = pos_;
      pos_ += 2;
      long low = ReadHex4();
      if (low >= 0xDC00 && low < 0xE000) return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      pos_ = save;
    }
    return cp;
  }

  static void AppendUtf8(long cp, std::string* out) {
    if (cp < 0) return;
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool ReadKey() {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    frames_.back().key = ReadString();
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != ':') return false;
    ++pos_;
    return true;
  }

  Step ReadValue() {
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      ++pos_;
      SkipSpace();
      if (pos_ < text_.size() && (text_[pos_] == '}' || text_[pos_] == ']')) {
        ++pos_;
        return Step::kFinished;
      }
      frames_.push_back(Frame{c == '[', 0, {}});
      if (c == '{' && !ReadKey()) return Step::kError;
      return Step::kEnteredChild;
    }
    if (c == '"') {
      ReadString();
      return Step::kFinished;
    }
    while (pos_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return Step::kFinished;
  }

  bool MoveToNextSibling() {
    while (true) {
      SkipSpace();
      if (frames_.empty() || pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (c == ',') {
        if (!frames_.back().array) return ReadKey();
        ++frames_.back().index;
        return true;
      }
      if (c != ']' && c != '}') return false;
      frames_.pop_back();
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::vector<Frame> frames_;
};

}  // namespace

size_t LineOfJsonPointer(std::string_view text, std::string_view pointer, int occurrence) {
  return PointerScanner(text).Find(pointer, occurrence);
}

std::map<std::string, size_t> LinesOfJsonPointers(std::string_view text,
                                                  const std::set<std::string>& pointers) {
  return PointerScanner(text).Lines(pointers);
}

std::vector<size_t> LinesOfArrayItems(std::string_view text, std::string_view array_pointer) {
  return PointerScanner(text).ItemLines(array_pointer);
}

}  // namespace landscape

namespace landscape {

Status ErrorAt(std::string_view pointer, std::string_view reason) {
  return Status::InvalidArgument(fmt::format("at {}: {}", pointer.empty() ? "/" : pointer, reason))
      .WithLocation(InputLocation{"", 0, std::string(pointer)});
}

std::optional<std::string> ErrorPointer(const Status& status) {
  auto location = status.location();
  if (!location || !location->file.empty()) return std::nullopt;  // placed in a file already
  return location->pointer;
}

// std::getline, but a line longer than kMaxLineBytes stops the reading: `import --jsonl
// /dev/zero` is one endless line. Read in chunks through istream::getline, which scans the
// stream's buffer for the newline as std::getline does.
bool ReadBoundedLine(std::istream& in, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  char chunk[1 << 16];
  for (;;) {
    in.getline(chunk, sizeof chunk);
    auto got = static_cast<size_t>(in.gcount());
    bool newline = !in.fail() && !in.eof();  // the newline was extracted and counted
    line->append(chunk, newline ? got - 1 : got);
    if (line->size() > kMaxLineBytes) {
      *too_long = true;
      return false;
    }
    if (newline) return true;
    if (in.eof()) return !line->empty();
    if (got + 1 != sizeof chunk) return false;  // failed otherwise than on a full chunk
    in.clear();                                 // a full chunk: the line goes on
  }
}

}  // namespace landscape
