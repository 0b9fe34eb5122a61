#pragma once
// The VIP fence in the kernel's nftables, driven in-process through libnftables (one netlink
// transaction per call, no `nft` process per renewal). Create and use it in one network namespace: its
// netlink socket stays in the namespace it was opened in. Not thread-safe: one keeper loop owns it.
#include <memory>
#include <string>

#include "netkeel/ha/vip_fence.hpp"
#include "netkeel/ha/vip_fence_commands.hpp"

struct nft_ctx;

namespace netkeel::ha {

class NftablesVipFence final : public VipFence {
 public:
  // Throws RuntimeError when libnftables cannot start.
  explicit NftablesVipFence(std::string table = kVipFenceTable);
  ~NftablesVipFence() override;

  void install() override;
  void open(Ipv4Address vip, Nanoseconds for_duration) override;
  void close(Ipv4Address vip) override;
  void remove() override;

 private:
  // Runs one batch; throws RuntimeError "<what>: <nft's error>" when nftables refuses it.
  void run(const std::string& commands, const std::string& what);

  std::string table_;
  nft_ctx* context_ = nullptr;
};

}  // namespace netkeel::ha
