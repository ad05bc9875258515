#pragma once

#include <string_view>

#include <boost/asio/ip/tcp.hpp>

#include "core/result.hpp"

namespace sessiond::http::detail {

// The endpoint of a `http.listen` value: "HOST:PORT", "[IPv6]:PORT" or ":PORT" (all IPv4
// interfaces). HOST is an address or a name resolved now (blocking; start-up only), PORT
// 0-65535, 0 picking a free one. kUnprocessable with details.field = "http.listen".
core::Result<boost::asio::ip::tcp::endpoint> ResolveListenAddress(std::string_view listen);

}  // namespace sessiond::http::detail
