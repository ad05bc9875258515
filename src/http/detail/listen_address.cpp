#include "http/detail/listen_address.hpp"

#include <charconv>
#include <string>

#include <boost/asio/io_context.hpp>

namespace sessiond::http::detail {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

core::Error Invalid(std::string_view listen, std::string why) {
  return core::Error::Field(core::ErrorCode::kUnprocessable, "http.listen",
                            "http.listen must be HOST:PORT: " + why, listen);
}

}  // namespace

core::Result<tcp::endpoint> ResolveListenAddress(std::string_view listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return Invalid(listen, "no port");
  std::string_view host = listen.substr(0, colon);
  std::string_view port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }

  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return Invalid(listen, "the port is a number from 0 to 65535");
  }
  if (host.empty()) return tcp::endpoint(tcp::v4(), static_cast<uint16_t>(port));

  boost::system::error_code parse_error;
  asio::ip::address address = asio::ip::make_address(std::string(host), parse_error);
  if (!parse_error) return tcp::endpoint(address, static_cast<uint16_t>(port));

  asio::io_context context;
  tcp::resolver resolver(context);
  boost::system::error_code resolve_error;
  auto results = resolver.resolve(std::string(host), std::string(port_text), resolve_error);
  if (resolve_error || results.empty()) {
    return Invalid(listen,
                   "cannot resolve \"" + std::string(host) + "\": " + resolve_error.message());
  }
  return results.begin()->endpoint();
}

}  // namespace sessiond::http::detail
