#pragma once
// Test helpers that need neither doctest nor the libraries: a fresh temporary directory, file
// reading and writing, and running the real `landscape` binary as a child process. Shared by
// the doctest suites (through tests/test_support.hpp) and the case runner (tests/cases/).
// REQUIRES: LANDSCAPE_BIN_PATH and LANDSCAPE_SOURCE_PATH defined (tests/CMakeLists.txt does).

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace landscape::testing {

// A directory unique to this process and test, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "landscape-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The built binary and source tree, as CMake passes them to every test.
inline std::string LandscapeBinary() {
  const char* bin = std::getenv("LANDSCAPE_BIN");
  return bin ? bin : LANDSCAPE_BIN_PATH;
}
inline std::string SourceDir() {
  const char* dir = std::getenv("LANDSCAPE_SOURCE_DIR");
  return dir ? dir : LANDSCAPE_SOURCE_PATH;
}
inline std::string BundledDataset() { return SourceDir() + "/data/deepseek.json"; }

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs `landscape ARGS...` with `input` on stdin and waits for it. `in_child`, when given, runs
// in the child just before the binary starts (to set a limit or a signal's disposition).
inline ProcessResult RunLandscape(const std::vector<std::string>& args,
                                  const std::string& input = "",
                                  const std::function<void()>& in_child = {}) {
  TempDir io;
  std::string in_path = io / "stdin", out_path = io / "stdout", err_path = io / "stderr";
  WriteFile(in_path, input);
  std::fflush(nullptr);  // or the child's freopen writes our buffered output a second time
  pid_t pid = fork();
  if (pid == 0) {
    freopen(in_path.c_str(), "r", stdin);
    freopen(out_path.c_str(), "w", stdout);
    freopen(err_path.c_str(), "w", stderr);
    if (in_child) in_child();
    std::string bin = LandscapeBinary();
    std::vector<char*> argv{bin.data()};
    std::vector<std::string> copies = args;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

}  // namespace landscape::testing
