#include "netkeel/ha/nftables_vip_fence.hpp"

#include <fmt/format.h>
#include <nftables/libnftables.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

NftablesVipFence::NftablesVipFence(std::string table) : table_(std::move(table)) {
  context_ = nft_ctx_new(NFT_CTX_DEFAULT);
  if (!context_) throw RuntimeError("VIP fence: libnftables could not start (nft_ctx_new failed)");
  // Keep nft's messages for our errors instead of letting it print them.
  if (nft_ctx_buffer_output(context_) != 0 || nft_ctx_buffer_error(context_) != 0) {
    nft_ctx_free(context_);
    throw RuntimeError("VIP fence: libnftables could not buffer its output");
  }
}

NftablesVipFence::~NftablesVipFence() { nft_ctx_free(context_); }

void NftablesVipFence::run(const std::string& commands, const std::string& what) {
  if (nft_run_cmd_from_buffer(context_, commands.c_str()) != 0) {
    std::string reason = nft_ctx_get_error_buffer(context_);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw RuntimeError(fmt::format("VIP fence: {}: nftables refused: {}{}", what, reason,
                                   reason.find("Operation not permitted") != std::string::npos
                                       ? " (the keeper needs CAP_NET_ADMIN)"
                                       : ""));
  }
  nft_ctx_get_output_buffer(context_);  // drop what a successful batch printed
}

void NftablesVipFence::install() { run(vip_fence_install_commands(table_), "install tables " + table_); }

void NftablesVipFence::open(Ipv4Address vip, Nanoseconds for_duration) {
  run(vip_fence_open_commands(table_, vip, for_duration), "open " + vip.str());
}

void NftablesVipFence::close(Ipv4Address vip) { run(vip_fence_close_commands(table_, vip), "close " + vip.str()); }

void NftablesVipFence::remove() { run(vip_fence_remove_commands(table_), "remove tables " + table_); }

}  // namespace netkeel::ha
