// `netkeel render SITE --format F [--host NAME] [--out DIR]`: the plan as files for netplan,
// systemd-networkd, iproute2 or JSON, or the etcd members' /etc/default/etcd. The renderers are pure;
// this command does the file writing.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/render/render_error.hpp"
#include "netkeel/render/render_plan.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {
namespace {

struct RenderOptions {
  std::string site_path;
  std::string format;
  std::string host;
  std::string out_dir;
};

std::string host_names(const plan::ClusterPlan& plan) {
  std::string out;
  for (const auto& h : plan.hosts) out += (out.empty() ? "" : ", ") + h.name;
  return out;
}

void write_files(const render::RenderedFiles& files, const std::filesystem::path& root) {
  for (const auto& [relative, content] : files) {
    const auto path = root / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw RuntimeError("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw RuntimeError("cannot write " + path.string());
    // Scripts must run; netplan warns about configuration files others can read.
    using std::filesystem::perms;
    if (content.rfind("#!", 0) == 0) std::filesystem::permissions(path, perms::owner_all | perms::group_read | perms::group_exec | perms::others_read | perms::others_exec, ec);
    else if (relative.find("etc/netplan/") != std::string::npos) std::filesystem::permissions(path, perms::owner_read | perms::owner_write, ec);
  }
}

void print_files(const render::RenderedFiles& files) {
  bool first = true;
  for (const auto& [path, content] : files) {
    std::printf("%s# ==> %s <==\n%s", first ? "" : "\n", path.c_str(), content.c_str());
    first = false;
  }
}

int run_render(const RenderOptions& options) {
  auto format = render::parse_format(options.format);
  if (!format) {
    std::fprintf(stderr, "netkeel render: unknown format '%s'; choose one of: %s\n", options.format.c_str(),
                 render::format_names().c_str());
    return kExitInvalidInput;
  }
  auto planned = load_planned_site(options.site_path);
  if (!planned) return kExitInvalidInput;
  const plan::ClusterPlan& plan = planned->plan;

  render::RenderedFiles files;
  try {
    if (options.host.empty()) {
      files = render::render_all_hosts(*format, plan);
    } else {
      const plan::HostPlan* host = plan.find_host(options.host);
      if (!host) {
        std::fprintf(stderr, "netkeel render: no host '%s' in %s; hosts: %s\n", options.host.c_str(),
                     options.site_path.c_str(), host_names(plan).c_str());
        return kExitInvalidInput;
      }
      for (auto& [path, content] : render::render_host(*format, plan, *host)) files.emplace(host->name + "/" + path, std::move(content));
    }
  } catch (const render::RenderError& e) {
    std::fprintf(stderr, "netkeel render: %s\n", e.what());
    return kExitInvalidInput;
  }

  if (options.out_dir.empty()) {
    print_files(files);
  } else {
    write_files(files, options.out_dir);
    std::fprintf(stderr, "netkeel render: wrote %zu file(s) under %s\n", files.size(), options.out_dir.c_str());
  }
  return kExitOk;
}

}  // namespace

void add_render_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("render", "Render the plan as netplan, systemd-networkd, iproute2 or JSON files, or etcd members' /etc/default/etcd");
  auto options = std::make_shared<RenderOptions>();
  cmd->add_option("SITE", options->site_path, "Site file (YAML)")->required();
  cmd->add_option("-f,--format", options->format, "Output format: " + render::format_names())->required();
  cmd->add_option("--host", options->host, "Render only this host (default: every host; etcd: every etcd member)");
  cmd->add_option("-o,--out", options->out_dir,
                  "Write files under DIR/<host>/... (default: print them to stdout, each after a '# ==> path <==' line)");
  cmd->callback([options, &exit_code] { exit_code = run_render(*options); });
}

}  // namespace netkeel::cli
