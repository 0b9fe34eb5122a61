// Every example x every format x every host equals the files under tests/render/golden/<example>/<format>/.
// NETKEEL_UPDATE_GOLDEN=1 rewrites them instead; read the diff before committing it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "netkeel/render/render_error.hpp"
#include "netkeel/render/render_plan.hpp"
#include "render/example_plans.hpp"

namespace netkeel::render {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenRoot = fs::path(NETKEEL_SOURCE_DIR) / "tests/render/golden";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RenderedFiles read_tree(const fs::path& root) {
  RenderedFiles files;
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files.emplace(fs::relative(e.path(), root).generic_string(), read_file(e.path()));
  }
  return files;
}

void write_tree(const fs::path& root, const RenderedFiles& files) {
  fs::remove_all(root);
  for (const auto& [path, content] : files) {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path, std::ios::binary) << content;
  }
}

class GoldenTest : public ::testing::TestWithParam<Format> {};

TEST_P(GoldenTest, EveryExampleAndHostMatchesGoldenFiles) {
  const Format format = GetParam();
  const bool update = std::getenv("NETKEEL_UPDATE_GOLDEN") != nullptr;
  for (const auto& example : testing::plan_examples()) {
    SCOPED_TRACE(example.stem);
    // etcd configures only the etcd members of a site that names them.
    const bool etcd = format == Format::etcd;
    if (etcd && !example.plan.coordination) {
      EXPECT_THROW(render_all_hosts(format, example.plan), RenderError);
      continue;
    }
    const RenderedFiles rendered = render_all_hosts(format, example.plan);
    // Every host contributes files (nothing silently skipped).
    for (const auto& host : example.plan.hosts) {
      const bool renders = !etcd || example.plan.coordination->find_member(host.name);
      EXPECT_EQ(std::any_of(rendered.begin(), rendered.end(),
                            [&](const auto& f) { return f.first.rfind(host.name + "/", 0) == 0; }),
                renders)
          << host.name;
    }
    const fs::path root = kGoldenRoot / example.stem / to_string(format);
    if (update) {
      write_tree(root, rendered);
      continue;
    }
    const RenderedFiles golden = read_tree(root);
    for (const auto& [path, content] : rendered) {
      auto it = golden.find(path);
      if (it == golden.end()) {
        ADD_FAILURE() << "no golden file " << (root / path) << " (run with NETKEEL_UPDATE_GOLDEN=1)";
        continue;
      }
      EXPECT_EQ(content, it->second) << "differs from " << (root / path);
    }
    for (const auto& [path, content] : golden) {
      EXPECT_TRUE(rendered.count(path)) << "golden file no longer rendered: " << (root / path);
    }
  }
}

TEST_P(GoldenTest, RenderingIsDeterministic) {
  for (const auto& example : testing::plan_examples()) {
    if (GetParam() == Format::etcd && !example.plan.coordination) continue;
    EXPECT_EQ(render_all_hosts(GetParam(), example.plan), render_all_hosts(GetParam(), example.plan)) << example.stem;
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, GoldenTest, ::testing::ValuesIn(kAllFormats),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
}  // namespace netkeel::render
