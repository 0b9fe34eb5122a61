#include "netkeel/collect/command_output.hpp"

#include "netkeel/core/process.hpp"

namespace netkeel::collect {

CommandOutput run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  ProcessResult r = run_process(ProcessRequest{.argv = argv, .timeout = timeout});
  CommandOutput result;
  result.exit_code = r.exit_code;
  result.out = std::move(r.out);
  result.err = std::move(r.err);
  if (!r.started) result.err = r.start_error;
  if (r.timed_out) result.err += argv[0] + ": " + r.status_text();
  return result;
}

}  // namespace netkeel::collect
