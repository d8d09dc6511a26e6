#include "core/text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace landscape {

TEST_CASE("NormalizeName folds case and width") {
  CHECK(NormalizeName("DeepSeek") == "deepseek");
  CHECK(NormalizeName("deepseek") == "deepseek");
  CHECK(NormalizeName("DEEPSEEK") == "deepseek");
  CHECK(NormalizeName("ＤｅｅｐＳｅｅｋ") == "deepseek");  // full-width Latin
  CHECK(NormalizeName("DeepSeek") == NormalizeName("ＤｅｅｐＳｅｅｋ"));
  CHECK(NormalizeName("Moonshot AI") != NormalizeName("DeepSeek"));
}

TEST_CASE("NormalizeName trims and collapses white space") {
  CHECK(NormalizeName("  Moonshot   AI ") == "moonshot ai");
  CHECK(NormalizeName("Moonshot\tAI") == "moonshot ai");
  CHECK(NormalizeName("\nMoonshot \r\n AI\n") == "moonshot ai");
  CHECK(NormalizeName("Moonshot\xC2\xA0"
                      "AI") == "moonshot ai");                  // no-break space
  CHECK(NormalizeName("月之\xE3\x80\x80暗面") == "月之 暗面");  // ideographic space
  CHECK(NormalizeName("   ").empty());
  CHECK(NormalizeName("").empty());
}

TEST_CASE("NormalizeName leaves CJK names unchanged") {
  for (const char* name : {"深度求索", "月之暗面", "百度", "腾讯", "宁德时代"}) {
    CAPTURE(name);
    CHECK(NormalizeName(name) == name);
  }
  CHECK(NormalizeName(" 深度求索 ") == "深度求索");
  CHECK(NormalizeName("DeepSeek 深度求索") == "deepseek 深度求索");
}

TEST_CASE("NormalizeName applies NFKC and full case folding") {
  CHECK(NormalizeName("Cafe\xCC\x81") == "caf\xC3\xA9");  // e + combining acute → é
  CHECK(NormalizeName("CAF\xC3\x89") == "caf\xC3\xA9");   // É → é
  CHECK(NormalizeName("Stra\xC3\x9F"
                      "e") == "strasse");                  // ß folds to ss
  CHECK(NormalizeName("\xEF\xAC\x81nance") == "finance");  // the ﬁ ligature
  CHECK(NormalizeName("ｶﾀｶﾅ") == "カタカナ");              // half-width katakana
}

TEST_CASE("NormalizeName reads printable ASCII as utf8proc does") {
  // A trailing é sends a name through utf8proc; the same name ending in a letter does not.
  std::vector<std::string> names = {"", " ", "  Moonshot   AI ", "A-Z_a~z", "x  Y  "};
  for (char c = 0x20; c <= 0x7e; ++c) names.push_back(std::string("Ab") + c + c + " " + c);
  for (const std::string& name : names) {
    CAPTURE(name);
    std::string ascii = NormalizeName(name + "q");
    REQUIRE(ascii.ends_with("q"));
    CHECK(NormalizeName(name + "\xC3\xA9") == ascii.substr(0, ascii.size() - 1) + "\xC3\xA9");
  }
}

TEST_CASE("IsBlankName says whether NormalizeName leaves nothing") {
  for (const char* name : {"", " ", "   ", "\xC2\xA0", " \t\n", "\xE3\x80\x80", "abc\xff"}) {
    CAPTURE(name);
    CHECK(IsBlankName(name));
  }
  for (const char* name : {"a", "  Moonshot AI ", "-", "深度求索", " \xC2\xA0x"}) {
    CAPTURE(name);
    CHECK_FALSE(IsBlankName(name));
  }
}

TEST_CASE("NormalizeName of invalid UTF-8 is empty") {
  CHECK(NormalizeName("abc\xff").empty());
  CHECK(NormalizeName("\xe6\xb7").empty());
}

TEST_CASE("DisplayWidth counts CJK and full-width characters as two columns") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("深度求索") == 8);
  CHECK(DisplayWidth("DeepSeek 深度求索") == 17);
  CHECK(DisplayWidth("月之暗面 Moonshot AI") == 20);
  CHECK(DisplayWidth("ＤｅｅｐＳｅｅｋ") == 16);
  CHECK(DisplayWidth("Cafe\xCC\x81") == 4);  // a combining mark takes no column
  CHECK(DisplayWidth("caf\xC3\xA9") == 4);
  CHECK(DisplayWidth("¥51B") == 4);
  // Invalid bytes take one column each rather than stopping the count.
  CHECK(DisplayWidth("a\xff"
                     "b") == 3);
}

TEST_CASE("IsValidUtf8") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("DeepSeek"));
  CHECK(IsValidUtf8("深度求索"));
  CHECK(IsValidUtf8("\xF0\x9F\x9A\x80"));  // U+1F680, four bytes
  CHECK(IsValidUtf8(std::string("a\0b", 3)));

  CHECK_FALSE(IsValidUtf8("\xff"));
  CHECK_FALSE(IsValidUtf8("abc\xff"));
  CHECK_FALSE(IsValidUtf8("\xe6\xb7"));  // 深 without its last byte
  CHECK_FALSE(
      IsValidUtf8("\xe6\xb7"
                  "a"));                         // ... followed by something else
  CHECK_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a UTF-16 surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
}

}  // namespace landscape

namespace landscape {
namespace {

TEST_CASE("EscapeControls shows C0, DEL and C1 controls visibly and keeps the rest") {
  CHECK(EscapeControls("DeepSeek 深度求索") == "DeepSeek 深度求索");
  CHECK(EscapeControls("a\x1b[2Jb") == "a\\x1B[2Jb");
  CHECK(EscapeControls(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(EscapeControls("tab\tnew\nline\x7f") == "tab\\x09new\\x0Aline\\x7F");
  CHECK(EscapeControls("c1\xc2\x9b"
                       "1m") == "c1\\u009B1m");
  CHECK(EscapeControls("\xc2\xa0nbsp") == "\xc2\xa0nbsp");  // U+00A0 is no control
  CHECK(EscapeControls("") == "");
}

TEST_CASE("EditDistance counts code points and stops past its limit") {
  CHECK(EditDistance("deepsek", "deepseek", 3) == 1);
  CHECK(EditDistance("baido", "baidu", 3) == 1);
  CHECK(EditDistance("kitten", "sitting", 5) == 3);
  CHECK(EditDistance("", "abc", 5) == 3);
  CHECK(EditDistance("abc", "abc", 0) == 0);
  // A CJK character is one edit, not three bytes.
  CHECK(EditDistance("月之暗面", "月之暗", 3) == 1);
  CHECK(EditDistance("百度", "白度", 3) == 1);
  // Past the limit the answer is limit + 1, whatever the true distance.
  CHECK(EditDistance("kitten", "sitting", 2) == 3);
  CHECK(EditDistance("a", "abcdefgh", 2) == 3);
  CHECK(EditDistance("\xff\xfe", "\xff", 3) == 1);  // invalid UTF-8, byte for byte
}

TEST_CASE("NearestByEditDistance lists what a typo could have meant, nearest first") {
  std::vector<std::string> verbs = {"show",   "find",     "list", "import",
                                    "export", "timeline", "table"};
  CHECK(NearestByEditDistance("shwo", verbs) == std::vector<std::string>{"show"});
  CHECK(NearestByEditDistance("tabel", verbs) == std::vector<std::string>{"table"});
  CHECK(NearestByEditDistance("imprt", verbs) == std::vector<std::string>{"import"});
  CHECK(NearestByEditDistance("xyz", verbs).empty());
  CHECK(NearestByEditDistance("lst", verbs, 1) == std::vector<std::string>{"list"});
  CHECK(TypoReach("ab") == 1);
  CHECK(TypoReach("deepseek") == 2);
  CHECK(TypoReach("a very long company name") == 3);
}

TEST_CASE("EditDistance counts a swap of neighbours as one edit") {
  CHECK(EditDistance("shwo", "show", 3) == 1);
  CHECK(EditDistance("ab", "ba", 3) == 1);
  CHECK(EditDistance("abc", "ca", 3) == 3);  // optimal string alignment: no edit inside a swap
}

}  // namespace
}  // namespace landscape
