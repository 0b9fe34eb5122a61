#include "netkeel/ha/exec_health_probe.hpp"

#include <algorithm>
#include <chrono>

#include "netkeel/core/process.hpp"

namespace netkeel::ha {

ProbeOutcome ExecHealthProbe::run(Nanoseconds timeout) {
  ProcessRequest request;
  request.argv = {"/bin/sh", "-c", command_};
  request.stderr_to = ChildOutput::same_as_stdout;
  request.max_captured_bytes = 4096;  // enough for a message; a chatty check cannot grow the keeper
  request.timeout = std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
  request.kill_grace = std::chrono::milliseconds(100);
  request.new_session = true;  // its own process group, so a timeout kills what it started too
  const ProcessResult result = run_process(request);
  if (result.ok()) return {true, "exec " + command_ + ": exit 0"};
  std::string detail = "exec " + command_ + ": " + result.status_text();
  std::string output = result.out.substr(0, 200);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (!output.empty()) detail += " (" + output + ")";
  return {false, detail};
}

}  // namespace netkeel::ha
