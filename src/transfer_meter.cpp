// SPDX-License-Identifier: MIT
#include "transfer_meter.h"

#include <charconv>
#include <string>

namespace escurl {

bool TransferMeter::on_head(const ResponseHead& head) {
  // A retried or redirected attempt's head comes again: the counts are the final one's.
  head_at_ = clock_.now();
  body_bytes_ = 0;
  length_.reset();
  if (const std::optional<std::string> cl = head.header("Content-Length")) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
    if (ec == std::errc() && end == cl->data() + cl->size()) length_ = n;
  }
  return inner_.on_head(head);
}

bool TransferMeter::on_body(const char* data, std::size_t size) {
  body_bytes_ += size;
  if (progress_ != nullptr) progress_->download(body_bytes_, length_);
  return inner_.on_body(data, size);
}

}  // namespace escurl
