// A fault plan for libfiu's POSIX preload library: fails exactly the Nth write, sync or rename
// a process makes, so that a driver can fail each of them in turn. libfiu can fail a call
// always or at random; choosing the Nth is this file's part. Preloaded after libfiu's:
//
//   LD_PRELOAD=/usr/lib/fiu/fiu_posix_preload.so:liblandscape_fault_plan.so
//     LANDSCAPE_FAULT_AT=N LANDSCAPE_FAULT_REPORT=FILE landscape import ...
//
// LANDSCAPE_FAULT_AT   the call to fail, counting from 1; 0 or unset counts only
// LANDSCAPE_FAULT_ERRNO  the errno it fails with: EIO (default), ENOSPC, EDQUOT or EFBIG
// LANDSCAPE_FAULT_REPORT  written at exit: "calls C"; when one failed, "failed N POINT";
//                         when none was to fail, "call N POINT" for each of the first 65,536
//
// Calls made by the C library on its own behalf (stdio's buffers) are not interposed, so
// messages to the terminal are never failed; the store's files, written with write(2) and
// pwrite(2) by RocksDB and by Landscape, are.

// Without it fiu.h makes fiu_init() a no-op macro, for code built without fault injection.
#define FIU_ENABLE 1
#include <fiu-control.h>
#include <fiu.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr const char* kPoints[] = {
    "posix/io/rw/write",   "posix/io/rw/pwrite",      "posix/io/rw/writev",  "posix/io/rw/pwritev",
    "posix/io/sync/fsync", "posix/io/sync/fdatasync", "posix/io/dir/rename",
};

std::atomic<uint64_t> calls{0};
uint64_t fail_at = 0;
std::atomic<const char*> failed_point{nullptr};
std::atomic<uint64_t> failed_call{0};
// Which point each call was, while counting only: lets a driver choose the syncs and renames.
constexpr uint64_t kCallsNamed = 1 << 16;
std::atomic<const char*> call_points[kCallsNamed];

int Decide(const char* name, int*, void**, unsigned int*) {
  uint64_t call = calls.fetch_add(1) + 1;
  if (fail_at == 0 && call <= kCallsNamed) call_points[call - 1].store(name);
  if (call != fail_at) return 0;
  failed_point.store(name);
  failed_call.store(call);
  return 1;
}

intptr_t ErrnoFromEnvironment() {
  const char* name = std::getenv("LANDSCAPE_FAULT_ERRNO");
  if (!name || !std::strcmp(name, "EIO")) return EIO;
  if (!std::strcmp(name, "ENOSPC")) return ENOSPC;
  if (!std::strcmp(name, "EDQUOT")) return EDQUOT;
  if (!std::strcmp(name, "EFBIG")) return EFBIG;
  std::fprintf(stderr, "fault plan: unknown LANDSCAPE_FAULT_ERRNO '%s'\n", name);
  std::abort();
}

__attribute__((constructor)) void EnablePlan() {
  const char* at = std::getenv("LANDSCAPE_FAULT_AT");
  fail_at = at ? std::strtoull(at, nullptr, 10) : 0;
  fiu_init(0);
  void* failinfo = reinterpret_cast<void*>(ErrnoFromEnvironment());  // libfiu's errno slot
  for (const char* point : kPoints) {
    if (fiu_enable_external(point, 1, failinfo, 0, Decide) != 0) {
      std::fprintf(stderr, "fault plan: cannot enable %s\n", point);
      std::abort();
    }
  }
}

__attribute__((destructor)) void Report() {
  const char* path = std::getenv("LANDSCAPE_FAULT_REPORT");
  if (!path) return;
  // Written with stdio, which the preload does not fail.
  FILE* out = std::fopen(path, "w");
  if (!out) return;
  std::fprintf(out, "calls %llu\n", static_cast<unsigned long long>(calls.load()));
  if (const char* point = failed_point.load()) {
    std::fprintf(out, "failed %llu %s\n", static_cast<unsigned long long>(failed_call.load()),
                 point);
  }
  for (uint64_t i = 0; fail_at == 0 && i < kCallsNamed && i < calls.load(); ++i) {
    std::fprintf(out, "call %llu %s\n", static_cast<unsigned long long>(i + 1),
                 call_points[i].load());
  }
  std::fclose(out);
}

}  // namespace
