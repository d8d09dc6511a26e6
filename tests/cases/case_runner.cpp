// The runner of the data-driven query cases (tests/cases/*.test; the format is in
// tests/cases/README.md). It runs every setup command and case of one file, in order, with the
// real `landscape` binary against one fresh store, and compares each case's exit code, stdout
// and stderr with the file's. With --rewrite (or LANDSCAPE_REWRITE_CASES=1) it writes the
// actual results back into the file instead, keeping everything but the expected blocks.
//
//   landscape_cases [--rewrite] FILE.test
//
// Exit status: 0 when every case matched (or the file was rewritten), 1 when any did not,
// 2 on a malformed file or a failed setup command.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/process_support.hpp"

namespace landscape::testing::cases {
namespace {

// The lines that open and close the parts of a case. Only `kStderr` and `kEnd` end a stdout
// block, and only `kEnd` a stderr block, so an output line "----" is just a line.
constexpr const char* kStdout = "----";
constexpr const char* kStderr = "---- stderr";
constexpr const char* kEnd = "====";

struct Case {
  std::string name;
  size_t line = 0;          // 1-based line of "case NAME"
  std::string command;      // the arguments as written
  size_t first_result = 0;  // 0-based index of the line after the command
  size_t end = 0;           // 0-based index of the "====" line
  int exit_code = 0;
  std::string out, err;
};

// A setup command (its output is not checked) or a case, in file order.
struct Step {
  bool setup = false;
  size_t line = 0;
  std::string command;
  size_t case_index = 0;
};

struct TestFile {
  std::vector<std::string> lines;  // without their "\n"
  std::vector<Step> steps;
  std::vector<Case> cases;
};

[[noreturn]] void Malformed(const std::string& path, size_t line, const std::string& why) {
  std::fprintf(stderr, "%s:%zu: %s\n", path.c_str(), line, why.c_str());
  std::exit(2);
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

// The lines [from, to) joined, each ending in "\n".
std::string Block(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += lines[i] + "\n";
  return out;
}

TestFile Parse(const std::string& path) {
  TestFile file;
  file.lines = SplitLines(ReadFile(path));
  const std::vector<std::string>& lines = file.lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line[0] == '#') continue;
    if (StartsWith(line, "setup ")) {
      file.steps.push_back({true, i + 1, line.substr(6), 0});
      continue;
    }
    if (!StartsWith(line, "case ")) {
      Malformed(path, i + 1,
                "expected 'case NAME', 'setup ARGS', '#' or a blank line, got: " + line);
    }
    Case c;
    c.name = line.substr(5);
    c.line = i + 1;
    if (++i >= lines.size() || lines[i].empty()) Malformed(path, c.line, "the case has no command");
    c.command = lines[i];
    c.first_result = ++i;
    if (i < lines.size() && StartsWith(lines[i], "exit ")) {
      c.exit_code = std::atoi(lines[i].c_str() + 5);
      ++i;
    }
    // Optional "----" stdout block, optional "---- stderr" block, then "====".
    if (i < lines.size() && lines[i] == kStdout) {
      size_t from = ++i;
      while (i < lines.size() && lines[i] != kStderr && lines[i] != kEnd) ++i;
      c.out = Block(lines, from, i);
    }
    if (i < lines.size() && lines[i] == kStderr) {
      size_t from = ++i;
      while (i < lines.size() && lines[i] != kEnd) ++i;
      c.err = Block(lines, from, i);
    }
    if (i >= lines.size() || lines[i] != kEnd) {
      Malformed(path, c.line,
                "the case does not end with '====' (after 'exit N', '----', '---- stderr')");
    }
    c.end = i;
    file.steps.push_back({false, c.line, c.command, file.cases.size()});
    file.cases.push_back(std::move(c));
  }
  return file;
}

// Splits a command line like a POSIX shell does words: blanks separate, '...' is literal,
// "..." allows \" and \\, a backslash outside quotes escapes the next character.
std::optional<std::vector<std::string>> SplitArgs(const std::string& line) {
  std::vector<std::string> args;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) args.push_back(word);
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t close = line.find('\'', i + 1);
      if (close == std::string::npos) return std::nullopt;
      word += line.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
          ++i;
        }
        word += line[i];
      }
      if (i >= line.size()) return std::nullopt;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
    } else {
      word += c;
    }
  }
  if (in_word) args.push_back(word);
  return args;
}

ProcessResult Run(const std::string& path, size_t line, const std::string& db,
                  const std::string& command) {
  std::optional<std::vector<std::string>> args = SplitArgs(command);
  if (!args) Malformed(path, line, "unbalanced quotes in: " + command);
  args->insert(args->begin(), {"--db", db});
  return RunLandscape(*args);
}

// A line as shown in a failure: a trailing carriage return (CSV ends records with one) made
// visible.
std::string Shown(std::string line) {
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
    line += "\\r";
  }
  return line;
}

// A line diff of `expected` and `actual`: "  " same, "- " expected only, "+ " actual only.
std::string Diff(const std::string& expected, const std::string& actual) {
  std::vector<std::string> a = SplitLines(expected), b = SplitLines(actual);
  // Longest common subsequence, by suffix lengths.
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "    " + Shown(a[i++]) + "\n";
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "  - " + Shown(a[i++]) + "\n";
    } else {
      out += "  + " + Shown(b[j++]) + "\n";
    }
  }
  bool a_ends = expected.empty() || expected.back() == '\n';
  bool b_ends = actual.empty() || actual.back() == '\n';
  if (a_ends != b_ends) out += "  (the two differ in their final newline)\n";
  return out;
}

// The lines that stand for a result in the file: "exit N" unless 0, the "----" block unless
// stdout is empty, the "---- stderr" block unless stderr is empty.
std::vector<std::string> ResultLines(const ProcessResult& r) {
  std::vector<std::string> lines;
  if (r.exit_code != 0) lines.push_back("exit " + std::to_string(r.exit_code));
  if (!r.out.empty()) {
    lines.push_back(kStdout);
    for (std::string& l : SplitLines(r.out)) lines.push_back(std::move(l));
  }
  if (!r.err.empty()) {
    lines.push_back(kStderr);
    for (std::string& l : SplitLines(r.err)) lines.push_back(std::move(l));
  }
  return lines;
}

// Why `r` cannot be written into a case so that it reads back the same; "" when it can.
std::string Unwritable(const ProcessResult& r) {
  for (const std::string* text : {&r.out, &r.err}) {
    if (!text->empty() && text->back() != '\n') return "output that does not end with a newline";
    for (const std::string& l : SplitLines(*text)) {
      if (l == kEnd || l == kStderr) return "an output line '" + l + "'";
    }
  }
  return "";
}

int RunFile(const std::string& path, bool rewrite) {
  TestFile file = Parse(path);
  TempDir dir;
  const std::string db = dir / "store.db";
  std::vector<ProcessResult> results(file.cases.size());
  int failed = 0;
  for (size_t k = 0; k < file.steps.size(); ++k) {
    const Step& step = file.steps[k];
    // Each command is recorded one minute after the one before, from a fixed time, so that
    // `log` and `--recorded-by` give the same answers on every run.
    char now[32];
    std::snprintf(now, sizeof now, "2025-01-01T%02zu:%02zu:00Z", 9 + k / 60 % 15, k % 60);
    setenv("LANDSCAPE_NOW", now, 1);
    ProcessResult r = Run(path, step.line, db, step.command);
    if (step.setup) {
      if (r.exit_code != 0) {
        std::fprintf(stderr, "%s:%zu: setup failed (exit %d): landscape %s\n%s", path.c_str(),
                     step.line, r.exit_code, step.command.c_str(), r.err.c_str());
        return 2;
      }
      continue;
    }
    const Case& c = file.cases[step.case_index];
    results[step.case_index] = r;
    if (rewrite || (r.exit_code == c.exit_code && r.out == c.out && r.err == c.err)) continue;
    ++failed;
    std::string report = path + ":" + std::to_string(c.line) + ": case '" + c.name +
                         "' failed\n  command: landscape --db STORE " + c.command + "\n";
    if (r.exit_code != c.exit_code) {
      report += "  exit code: expected " + std::to_string(c.exit_code) + ", got " +
                std::to_string(r.exit_code) + "\n";
    }
    if (r.out != c.out) report += "  stdout (- expected, + actual):\n" + Diff(c.out, r.out);
    if (r.err != c.err) report += "  stderr (- expected, + actual):\n" + Diff(c.err, r.err);
    std::fputs(report.c_str(), stderr);
  }
  if (!rewrite) {
    std::printf("%s: %zu cases, %d failed\n", path.c_str(), file.cases.size(), failed);
    return failed == 0 ? 0 : 1;
  }

  std::vector<std::string> lines;
  size_t next = 0;  // the next line of the old file to copy
  for (size_t k = 0; k < file.cases.size(); ++k) {
    const Case& c = file.cases[k];
    if (std::string why = Unwritable(results[k]); !why.empty()) {
      std::fprintf(stderr, "%s:%zu: case '%s' cannot be rewritten: %s\n", path.c_str(), c.line,
                   c.name.c_str(), why.c_str());
      return 2;
    }
    lines.insert(lines.end(), file.lines.begin() + next, file.lines.begin() + c.first_result);
    for (std::string& l : ResultLines(results[k])) lines.push_back(std::move(l));
    lines.push_back(kEnd);
    next = c.end + 1;
  }
  lines.insert(lines.end(), file.lines.begin() + next, file.lines.end());
  WriteFile(path, Block(lines, 0, lines.size()));
  std::printf("%s: rewrote %zu cases\n", path.c_str(), file.cases.size());
  return 0;
}

}  // namespace
}  // namespace landscape::testing::cases

int main(int argc, char** argv) {
  using namespace landscape::testing;
  const char* env = std::getenv("LANDSCAPE_REWRITE_CASES");
  bool rewrite = env != nullptr && *env != '\0' && std::strcmp(env, "0") != 0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rewrite") == 0) {
      rewrite = true;
    } else {
      files.push_back(std::filesystem::absolute(argv[i]).string());
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: landscape_cases [--rewrite] FILE.test...\n");
    return 2;
  }
  // Paths in the files (setup import data/deepseek.json) are relative to the source tree.
  std::filesystem::current_path(SourceDir());
  int status = 0;
  for (const std::string& file : files) status = std::max(status, cases::RunFile(file, rewrite));
  return status;
}
