#include "netkeel/lab/command_runner.hpp"

#include "netkeel/core/process.hpp"

namespace netkeel::lab {

CommandResult ProcessRunner::run(const std::vector<std::string>& argv, const CommandOptions& options) {
  CommandResult result;
  if (argv.empty()) return result;
  ProcessRequest request{.argv = argv, .environment = options.env, .timeout = options.timeout};
  if (options.detach) request.stdout_to = request.stderr_to = ChildOutput::discard;
  ProcessResult r = run_process(request);
  result.out = std::move(r.out);
  result.err = r.started ? std::move(r.err) : r.start_error;
  if (r.timed_out) result.err += "\n(timed out)";
  result.exit_status = r.exit_code;
  return result;
}

std::vector<std::string> in_netns(const std::string& netns, std::vector<std::string> argv) {
  std::vector<std::string> full{"ip", "netns", "exec", netns};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

std::string describe_failure(const std::vector<std::string>& argv, const CommandResult& r) {
  std::string cmd;
  for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
  std::string why = !r.err.empty() ? r.err : r.out;
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return "`" + cmd + "` failed (exit " + std::to_string(r.exit_status) + ")" + (why.empty() ? "" : ": " + why);
}

}  // namespace netkeel::lab
