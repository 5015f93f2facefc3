// SPDX-License-Identifier: MIT
#include "compatibility.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace es_sandbox {
namespace {

constexpr int kCurrentMajor = 8;
constexpr int kPreviousMajor = 7;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

constexpr int kNotRequested = -1;

// The N of "compatible-with=N" in a media type; 0 when N is not a number, kNotRequested when
// the header asks for no compatible version.
int compatible_with(const std::optional<std::string>& header) {
  if (!header) return kNotRequested;
  const std::string value = lower(*header);
  const auto at = value.find("compatible-with");
  if (at == std::string::npos) return kNotRequested;
  const auto eq = value.find('=', at);
  if (eq == std::string::npos) return 0;
  const auto digits = value.find_first_of("0123456789", eq);
  if (digits == std::string::npos || value.find_first_not_of(' ', eq + 1) != digits) return 0;
  return std::atoi(value.c_str() + digits);
}

bool supported(int version) { return version == kCurrentMajor || version == kPreviousMajor; }

EsFailure media_type_failure(const std::string& message) {
  // RestRequest.MediaTypeHeaderException is not an ElasticsearchException, so it is its own root
  // cause; its cause is the ElasticsearchStatusException carrying the explanation.
  EsFailure failure = make_failure(400, "media_type_header_exception",
                                   "Invalid media-type value on headers [Accept, Content-Type]");
  failure.error.elasticsearch = false;
  auto cause = std::make_shared<EsException>();
  cause->type = "status_exception";
  cause->reason = message;
  failure.error.caused_by = cause;
  return failure;
}

}  // namespace

std::optional<EsFailure> check_compatibility(const ApiRequest& request) {
  const auto accept_header = request.header("Accept");
  const auto type_header = request.header("Content-Type");
  const int accept = compatible_with(accept_header);
  const bool has_body = !request.body.empty();
  const int content = has_body ? compatible_with(type_header) : kNotRequested;
  if (accept != kNotRequested && !supported(accept)) {
    return media_type_failure(
        fmt::format("Accept version must be either version {} or {}, but found {}. Accept={}",
                    kCurrentMajor, kPreviousMajor, accept, accept_header.value_or("")));
  }
  if (content != kNotRequested && !supported(content)) {
    return media_type_failure(fmt::format(
        "Content-Type version must be either version {} or {}, but found {}. Content-Type={}",
        kCurrentMajor, kPreviousMajor, content, type_header.value_or("")));
  }
  if (!has_body || (accept == kNotRequested && content == kNotRequested)) return std::nullopt;
  const std::string shown = fmt::format("Accept={}, Content-Type={}", accept_header.value_or(""),
                                        type_header.value_or(""));
  if (accept == kNotRequested || content == kNotRequested) {
    return media_type_failure(
        "A compatible version is required on both Content-Type and Accept headers if either one "
        "has requested a compatible version. " +
        shown);
  }
  if (accept != content) {
    return media_type_failure(
        "A compatible version is required on both Content-Type and Accept headers if either one "
        "has requested a compatible version and the compatible versions must match. " +
        shown);
  }
  return std::nullopt;
}

std::string response_content_type(const ApiRequest& request, const std::string& content_type) {
  const int accept = compatible_with(request.header("Accept"));
  if (content_type != "application/json" || !supported(accept)) return content_type;
  return fmt::format("application/vnd.elasticsearch+json;compatible-with={}", accept);
}

}  // namespace es_sandbox
