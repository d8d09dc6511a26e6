#include "query/change_history.hpp"

#include "query/result_cells.hpp"
#include "storage/change_log.hpp"

namespace landscape {

Result<ResultTable> LogTable(const Store& store, const LogRequest&, const ReadContext&) {
  ResultTable table{"", {"change", "time", "description", "reverts"}, {}, "log"};
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(store, [&](const ChangeRecord& c) {
    table.AddRow({Value{static_cast<int64_t>(c.number)}, Text(c.time), Text(c.description),
                  c.reverts ? Cell(Value{static_cast<int64_t>(*c.reverts)}) : Cell()});
    return Status::Ok();
  }));
  table.empty_reason = "no change recorded: the store is as it was created";
  return table;
}

}  // namespace landscape
