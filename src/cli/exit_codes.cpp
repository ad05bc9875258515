#include "cli/exit_codes.hpp"

#include <iostream>

namespace sessiond::cli {

int ReportError(const core::Error& error) {
  std::cerr << "sessiond: " << error.message;
  if (!error.details.empty()) std::cerr << " " << error.details.dump();
  std::cerr << "\n";
  bool usage = error.code == core::ErrorCode::kUnprocessable ||
               error.code == core::ErrorCode::kBadRequest;
  return usage ? kExitUsage : kExitFailure;
}

}  // namespace sessiond::cli
