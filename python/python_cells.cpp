#include <string>
#include <variant>

#include <pybind11/stl.h>

#include "python_conversions.hpp"

namespace landscape::python {
namespace {

// The `landscape` package's classes, looked up when needed: the package imports this binding.
py::object PackageClass(const char* name) { return py::module_::import("landscape").attr(name); }

struct PythonClasses {
  py::object money = PackageClass("Money");
  py::object date = PackageClass("Date");
  py::object entity = PackageClass("EntityRef");
  py::object decimal = py::module_::import("decimal").attr("Decimal");
};

py::object ValueToPython(const Value& value, const PythonClasses& classes) {
  return std::visit(
      [&](const auto& v) -> py::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Value::List>) {
          py::list items;
          for (const Value& item : v) items.append(ValueToPython(item, classes));
          return items;
        } else if constexpr (std::is_same_v<T, Money>) {
          return classes.money(classes.decimal(v.amount.ToString()), v.currency, v.approximate);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return classes.decimal(v.ToString());
        } else if constexpr (std::is_same_v<T, Date>) {
          return classes.date(v.ToString());
        } else {
          return py::cast(v);
        }
      },
      value.data);
}

py::object CellToPython(const Cell& cell, const PythonClasses& classes) {
  if (!cell) return py::none();
  if (!cell.entities().empty()) {
    py::list entities;
    for (const EntityRef& e : cell.entities()) entities.append(classes.entity(e.id, e.name));
    return cell.is_entity_list() ? py::object(entities) : py::object(entities[0]);
  }
  return ValueToPython(*cell, classes);
}

}  // namespace

py::dict TableData(const ResultTable& table) {
  PythonClasses classes;
  py::list rows;
  py::dict reasons, notes, confidences;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    py::list row;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const Cell& cell = table.rows[r][c];
      row.append(CellToPython(cell, classes));
      if (!cell.reason().empty()) reasons[py::make_tuple(r, table.columns[c])] = cell.reason();
      if (!cell.note().empty()) notes[py::make_tuple(r, table.columns[c])] = cell.note();
      if (!cell.confidence().empty()) {
        confidences[py::make_tuple(r, table.columns[c])] = cell.confidence();
      }
    }
    rows.append(std::move(row));
  }
  py::dict out;
  out["rows"] = std::move(rows);
  out["reasons"] = std::move(reasons);
  out["notes"] = std::move(notes);
  out["confidences"] = std::move(confidences);
  return out;
}

namespace {

const char* ExceptionName(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return status.alternatives().empty() ? "InvalidInput" : "Ambiguous";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kBusy:
      return "StoreLocked";
    case StatusCode::kCorruption:
      return "Corruption";
    default:
      return "Error";
  }
}

}  // namespace

void Raise(const Status& status) {
  py::object type = PackageClass(ExceptionName(status));
  py::object error = type(status.message());
  error.attr("code") = static_cast<int>(status.code());
  if (auto location = status.location()) {
    error.attr("file") = location->file.empty() ? py::none() : py::cast(location->file);
    error.attr("line") = location->line ? py::cast(location->line) : py::none();
    error.attr("pointer") = location->pointer;
  }
  const char* alternatives = status.code() == StatusCode::kNotFound ? "suggestions" : "candidates";
  error.attr(alternatives) = status.alternatives();
  PyErr_SetObject(type.ptr(), error.ptr());
  throw py::error_already_set();
}

}  // namespace landscape::python
