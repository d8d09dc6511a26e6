#pragma once
// Conversions between the front door's types and Python's, for the `_landscape` binding:
// requests from keyword arguments, result tables to Python values, statuses to the exceptions
// of `landscape` (python/landscape/__init__.py). No query logic: each conversion is one field
// to one field.

#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"

namespace landscape::python {

namespace py = pybind11;

// The request of the verb `verb` ("show", "shared_investors", ...) with `options` as its
// fields (the CLI's options under the same names, with '_' for '-'). InvalidArgument for an
// unknown verb or option, or an option of the wrong type.
Result<VerbRequest> RequestFromOptions(const std::string& verb, const py::dict& options);

// A table's cells as Python data: {"rows": [[cell, ...], ...], "reasons": {(row, column): text},
// "notes": {(row, column): text}}, cells as landscape.Money, landscape.Date,
// landscape.EntityRef, str, int, decimal.Decimal, bool, list or None. REQUIRES: the GIL.
py::dict TableData(const ResultTable& table);

// Raises the `landscape` exception for `status` (InvalidInput, NotFound, Ambiguous,
// StoreLocked, Corruption, or Error). REQUIRES: !status.ok(), the GIL.
[[noreturn]] void Raise(const Status& status);

}  // namespace landscape::python
