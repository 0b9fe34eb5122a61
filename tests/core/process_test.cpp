#include "netkeel/core/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "netkeel/core/error.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

ProcessRequest shell(const std::string& script) { return ProcessRequest{.argv = {"sh", "-c", script}}; }

size_t open_fd_count() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// Gone, or a zombie nobody has reaped yet: either way it runs no more.
bool process_ended(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return true;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

bool eventually_ended(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!process_ended(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

TEST(RunProcess, ReturnsExitCodeAndBothOutputs) {
  const auto r = run_process(shell("echo out; echo err >&2; exit 3"));
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.status_text(), "exit 3");
  EXPECT_TRUE(run_process(ProcessRequest{.argv = {"true"}}).ok());
}

TEST(RunProcess, SaysWhichSignalEndedTheChild) {
  const auto r = run_process(shell("kill -KILL $$"));
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.status_text(), "killed by signal 9 (SIGKILL)");
}

TEST(RunProcess, AMissingProgramIsAStartErrorAndLeaksNothing) {
  const size_t before = open_fd_count();
  const auto r = run_process(ProcessRequest{.argv = {"/nonexistent/netkeel-no-such-program"}, .stdin_data = "x"});
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_THAT(r.start_error, HasSubstr("cannot run /nonexistent/netkeel-no-such-program: No such file or directory"));
  EXPECT_EQ(r.status_text(), r.start_error);
  const auto in_path = run_process(ProcessRequest{.argv = {"netkeel-no-such-program-in-path"}});
  EXPECT_THAT(in_path.start_error, HasSubstr("No such file or directory"));
  EXPECT_THROW(start_detached_process(ProcessRequest{.argv = {"/nonexistent/x"}, .stdout_to = ChildOutput::discard,
                                                     .stderr_to = ChildOutput::discard}),
               RuntimeError);
  EXPECT_EQ(open_fd_count(), before);
}

TEST(RunProcess, LeaksNoDescriptorOnAnyPath) {
  const size_t before = open_fd_count();
  run_process(shell("echo out; echo err >&2"));
  run_process(ProcessRequest{.argv = {"cat"}, .stdin_data = "some input"});
  run_process(ProcessRequest{.argv = {"sh", "-c", "echo merged >&2"}, .stderr_to = ChildOutput::same_as_stdout});
  run_process(ProcessRequest{.argv = {"sleep", "30"}, .timeout = milliseconds(50), .kill_grace = milliseconds(50)});
  EXPECT_THROW(run_process(ProcessRequest{}), std::invalid_argument);
  EXPECT_EQ(open_fd_count(), before);
}

TEST(RunProcess, TheChildGetsOnlyStdinStdoutAndStderr) {
  // A descriptor this process opened without O_CLOEXEC (a library might) does not reach the child.
  const UniqueFd inheritable(::open("/dev/null", O_RDONLY));
  ASSERT_TRUE(inheritable);
  const auto fd = std::to_string(inheritable.get());
  const auto r = run_process(shell("if [ -e /proc/$$/fd/" + fd + " ]; then echo leaked; else echo closed; fi"));
  EXPECT_EQ(r.out, "closed\n");
}

TEST(RunProcess, CapsEachCapturedStreamAndFlagsTheExcess) {
  ProcessRequest request = shell("head -c 300000 /dev/zero; head -c 10 /dev/zero >&2");
  request.max_captured_bytes = 1000;
  const auto r = run_process(request);
  EXPECT_TRUE(r.ok()) << r.status_text();  // the excess was read and dropped: the child never blocked
  EXPECT_EQ(r.out.size(), 1000u);
  EXPECT_TRUE(r.out_truncated);
  EXPECT_EQ(r.err.size(), 10u);
  EXPECT_FALSE(r.err_truncated);
}

TEST(RunProcess, FeedsStdinFromAStringOrGivesDevNull) {
  std::string big(1 << 20, 'x');  // larger than a pipe or socket buffer: written as the child reads
  for (size_t i = 0; i < big.size(); i += 4096) big[i] = '\n';
  const auto r = run_process(ProcessRequest{.argv = {"cat"}, .stdin_data = big});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out, big);
  const auto none = run_process(ProcessRequest{.argv = {"cat"}});
  EXPECT_TRUE(none.ok());
  EXPECT_EQ(none.out, "");
  // A child that does not read its stdin does not stop us (no SIGPIPE, no hang).
  const auto ignored = run_process(ProcessRequest{.argv = {"true"}, .stdin_data = big});
  EXPECT_TRUE(ignored.ok());
}

TEST(RunProcess, StderrCanFollowStdoutInTheOrderWritten) {
  const auto r = run_process(ProcessRequest{.argv = {"sh", "-c", "echo a; echo b >&2; echo c"},
                                            .stderr_to = ChildOutput::same_as_stdout});
  EXPECT_EQ(r.out, "a\nb\nc\n");
  EXPECT_EQ(r.err, "");
  const auto discarded = run_process(ProcessRequest{.argv = {"sh", "-c", "echo a; echo b >&2"},
                                                    .stdout_to = ChildOutput::discard, .stderr_to = ChildOutput::discard});
  EXPECT_TRUE(discarded.ok());
  EXPECT_EQ(discarded.out + discarded.err, "");
}

TEST(RunProcess, TheDeadlineKillsAChildThatIgnoresSigtermAndItsChildren) {
  // trap '' TERM is inherited by the background sleep: neither goes on SIGTERM, both must go on SIGKILL.
  ProcessRequest request = shell("trap '' TERM; sleep 60 & echo $!; sleep 60; wait");
  request.timeout = milliseconds(300);
  request.kill_grace = milliseconds(100);
  const auto r = run_process(request);
  EXPECT_TRUE(r.started);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status_text(), "no answer within 300 ms");
  const pid_t background = std::atoi(r.out.c_str());
  ASSERT_GT(background, 1) << r.out;
  EXPECT_TRUE(eventually_ended(background));
}

TEST(RunProcess, ReturnsWhenTheChildExitsEvenIfAGrandchildHoldsItsOutput) {
  ProcessRequest request = shell("sleep 30 & echo $!; echo done >&2");
  request.timeout = milliseconds(5000);  // waiting for the grandchild's end of file would run into it
  const auto r = run_process(request);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.err, "done\n");
  const pid_t grandchild = std::atoi(r.out.c_str());
  ASSERT_GT(grandchild, 1);
  ::kill(grandchild, SIGKILL);
}

TEST(RunProcess, SetsTheChildsEnvironmentWithoutTouchingOurs) {
  ::setenv("NETKEEL_PROCESS_TEST_INHERITED", "parent", 1);
  ::setenv("NETKEEL_PROCESS_TEST_REPLACED", "parent", 1);
  ProcessRequest request = shell("echo $NETKEEL_PROCESS_TEST_INHERITED $NETKEEL_PROCESS_TEST_REPLACED $NETKEEL_PROCESS_TEST_NEW");
  request.environment = {{"NETKEEL_PROCESS_TEST_REPLACED", "first"},
                         {"NETKEEL_PROCESS_TEST_NEW", "new"},
                         {"NETKEEL_PROCESS_TEST_REPLACED", "child"}};
  EXPECT_EQ(run_process(request).out, "parent child new\n");
  const auto env = run_process(ProcessRequest{.argv = {"env"}, .environment = request.environment}).out;
  EXPECT_THAT(env, HasSubstr("NETKEEL_PROCESS_TEST_REPLACED=child\n"));
  EXPECT_THAT(env, ::testing::Not(HasSubstr("NETKEEL_PROCESS_TEST_REPLACED=first")));
  EXPECT_STREQ(::getenv("NETKEEL_PROCESS_TEST_REPLACED"), "parent");
  EXPECT_EQ(::getenv("NETKEEL_PROCESS_TEST_NEW"), nullptr);
  EXPECT_THROW(run_process(ProcessRequest{.argv = {"true"}, .environment = {{"A=B", "c"}}}), std::invalid_argument);
  ::unsetenv("NETKEEL_PROCESS_TEST_INHERITED");
  ::unsetenv("NETKEEL_PROCESS_TEST_REPLACED");
}

TEST(RunProcess, ManyThreadsSpawnAtOnceEachWithItsOwnEnvironment) {
  constexpr int kThreads = 8, kRuns = 15;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  const size_t before = open_fd_count();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < kRuns; ++i) {
        const std::string mine = std::to_string(t) + "-" + std::to_string(i);
        ProcessRequest request = shell("echo $NETKEEL_PROCESS_TEST_THREAD");
        request.environment = {{"NETKEEL_PROCESS_TEST_THREAD", mine}};
        const auto r = run_process(request);
        if (!r.ok() || r.out != mine + "\n") ++wrong[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[static_cast<size_t>(t)], 0) << "thread " << t;
  EXPECT_EQ(open_fd_count(), before);
}

TEST(RunProcess, AThreadThatBlocksSigtermDoesNotPassTheMaskOn) {
  // Daemons block SIGTERM in their threads (for signalfd); a child must still stop on SIGTERM. grep
  // reports its own blocked signals (a shell would be no witness: it resets its mask itself).
  ProcessResult r;
  std::thread([&r] {
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, nullptr);
    r = run_process(ProcessRequest{.argv = {"grep", "^SigBlk:", "/proc/self/status"}});
  }).join();
  EXPECT_EQ(r.out, "SigBlk:\t0000000000000000\n");
}

TEST(StartDetachedProcess, StartsInANewSessionWithOutputInAFileAndReturnsItsPid) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "netkeel-detached-process.log";
  std::filesystem::remove(path);
  const UniqueFd log(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  ASSERT_TRUE(log);
  const size_t before = open_fd_count();
  // Prints its pid and its session id (field 6 of /proc/PID/stat): the same number in a new session.
  ProcessRequest request{.argv = {"sh", "-c", "echo $$ $(cut -d' ' -f6 /proc/$$/stat); echo to-stderr >&2"},
                         .stdout_to = ChildOutput::to_fd,
                         .stderr_to = ChildOutput::same_as_stdout,
                         .output_fd = log.get(),
                         .new_session = true};
  const pid_t pid = start_detached_process(request);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_EQ(open_fd_count(), before);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), std::to_string(pid) + " " + std::to_string(pid) + "\nto-stderr\n");
  EXPECT_THROW(start_detached_process(shell("true")), std::invalid_argument);  // capture: nobody would read it
  std::filesystem::remove(path);
}

TEST(ReplaceThisProcess, BecomesTheProgramOrSaysWhyNot) {
  EXPECT_EXIT(replace_this_process({"sh", "-c", "echo replaced >&2; exit 5"}), ::testing::ExitedWithCode(5), "replaced");
  EXPECT_EXIT(
      {
        std::fputs(replace_this_process({"/nonexistent/netkeel-no-such-program"}).c_str(), stderr);
        std::exit(3);
      },
      ::testing::ExitedWithCode(3), "cannot run /nonexistent/netkeel-no-such-program: No such file or directory");
}

}  // namespace
}  // namespace netkeel
