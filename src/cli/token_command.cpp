#include "cli/token_command.hpp"

#include <iostream>
#include <memory>

#include "auth/jwt.hpp"
#include "auth/secret_file.hpp"
#include "cli/config_options.hpp"
#include "cli/exit_codes.hpp"
#include "core/clock.hpp"

namespace sessiond::cli {
namespace {

struct TokenArgs {
  ConfigOptions config;
  std::string subject;
  std::string role = "authenticated";
  std::string user_role;
  std::string ttl = "1h";
};

int RunToken(const TokenArgs& args) {
  core::Result<core::Config> config = args.config.Load();
  if (!config) return ReportError(config.error());
  auth::TokenRequest request;
  request.subject = args.subject;
  std::optional<auth::Role> role = auth::ParseRole(args.role);
  if (!role) {
    return ReportError(core::Error::Field(core::ErrorCode::kUnprocessable, "--role",
                                          "--role must be authenticated or service_role", args.role));
  }
  request.role = *role;
  if (!args.user_role.empty()) {
    std::optional<auth::UserRole> user_role = auth::ParseUserRole(args.user_role);
    if (!user_role) {
      return ReportError(core::Error::Field(core::ErrorCode::kUnprocessable, "--user-role",
                                            "--user-role must be customer, mechanic or admin",
                                            args.user_role));
    }
    request.user_role = *user_role;
  }
  core::Result<core::Duration> ttl = core::Duration::Parse(args.ttl);
  if (!ttl) return ReportError(ttl.error());
  request.ttl = *ttl;
  request.audience = config->auth.audience;

  core::Result<auth::SecretSource> secret = auth::LoadSigningSecret(*config, false);
  if (!secret) return ReportError(secret.error());
  core::SystemClock clock;
  std::cout << auth::MintToken(request, secret->secret, clock.Now()) << "\n";
  return kExitOk;
}

}  // namespace

void AddTokenCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* command = app.add_subcommand("token", "Mint a JWT for testing and operations");
  command->add_option("--sub", args->subject, "subject (user id)")->required();
  command->add_option("--role", args->role, "authenticated or service_role")
      ->capture_default_str();
  command->add_option("--user-role", args->user_role, "customer, mechanic or admin");
  command->add_option("--ttl", args->ttl, "lifetime, e.g. 15m, 1h, 7d")->capture_default_str();
  args->config.AddTo(*command);
  command->callback([args, &exit_code] { exit_code = RunToken(*args); });
}

}  // namespace sessiond::cli
