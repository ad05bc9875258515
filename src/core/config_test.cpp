#include "core/config.hpp"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sessiond::core {
namespace {

// The whole configuration, one "key=value" line per setting, in ConfigKeys() order.
std::string Dump(const Config& c) {
  std::ostringstream out;
  out << "http.listen=" << c.http.listen << "\n"
      << "http.io_threads=" << c.http.io_threads << "\n"
      << "http.body_limit=" << c.http.body_limit << "\n"
      << "http.header_limit=" << c.http.header_limit << "\n"
      << "http.read_timeout=" << c.http.read_timeout.ToString() << "\n"
      << "http.idle_timeout=" << c.http.idle_timeout.ToString() << "\n"
      << "http.shutdown_grace=" << c.http.shutdown_grace.ToString() << "\n"
      << "http.access_log=" << (c.http.access_log ? "true" : "false") << "\n"
      << "store.database=" << c.store.database << "\n"
      << "store.data_dir=" << c.store.data_dir << "\n"
      << "store.pool_size=" << c.store.pool_size << "\n"
      << "store.busy_timeout=" << c.store.busy_timeout.ToString() << "\n"
      << "store.max_group_commit=" << c.store.max_group_commit << "\n"
      << "store.sqlite_synchronous=" << c.store.sqlite_synchronous << "\n"
      << "auth.jwt_secret=" << c.auth.jwt_secret << "\n"
      << "auth.audience=" << c.auth.audience << "\n"
      << "auth.leeway=" << c.auth.leeway.ToString() << "\n"
      << "scheduler.enabled=" << (c.scheduler.enabled ? "true" : "false") << "\n"
      << "scheduler.workers=" << c.scheduler.workers << "\n"
      << "scheduler.node_id=" << c.scheduler.node_id << "\n"
      << "scheduler.default_jobs=" << (c.scheduler.default_jobs ? "true" : "false") << "\n"
      << "realtime.heartbeat=" << c.realtime.heartbeat.ToString() << "\n"
      << "checkins.default_ttl=" << c.checkins.default_ttl.ToString() << "\n"
      << "checkins.max_ttl=" << c.checkins.max_ttl.ToString() << "\n"
      << "log.level=" << c.log.level << "\n";
  return out.str();
}

// `dump` with the line of `key` replaced by "key=value".
std::string WithLine(std::string dump, std::string_view key, std::string_view value) {
  std::string prefix = std::string(key) + "=";
  size_t start = dump.rfind("\n" + prefix);
  start = start == std::string::npos ? 0 : start + 1;
  EXPECT_EQ(dump.compare(start, prefix.size(), prefix), 0) << key << " is not in the dump";
  size_t end = dump.find('\n', start);
  return dump.replace(start, end - start, prefix + std::string(value));
}

const char kDefaults[] =
    "http.listen=127.0.0.1:8080\n"
    "http.io_threads=0\n"
    "http.body_limit=1048576\n"
    "http.header_limit=16384\n"
    "http.read_timeout=10s\n"
    "http.idle_timeout=1m\n"
    "http.shutdown_grace=10s\n"
    "http.access_log=true\n"
    "store.database=\n"
    "store.data_dir=./data\n"
    "store.pool_size=8\n"
    "store.busy_timeout=5s\n"
    "store.max_group_commit=256\n"
    "store.sqlite_synchronous=NORMAL\n"
    "auth.jwt_secret=\n"
    "auth.audience=\n"
    "auth.leeway=30s\n"
    "scheduler.enabled=true\n"
    "scheduler.workers=8\n"
    "scheduler.node_id=\n"
    "scheduler.default_jobs=true\n"
    "realtime.heartbeat=15s\n"
    "checkins.default_ttl=1h\n"
    "checkins.max_ttl=1d\n"
    "log.level=info\n";

// An environment made of a map, for ConfigSources::getenv.
class FakeEnv {
 public:
  FakeEnv(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}
  std::function<const char*(const char*)> Getenv() const {
    return [this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    };
  }

 private:
  std::map<std::string, std::string> vars_;
};

// A problem in one line: "unprocessable http.listen from SESSIOND_LISTEN token=x".
std::string Print(const Result<Config>& config) {
  if (config.ok()) return "ok";
  const Error& error = config.error();
  std::string text(ErrorCodeName(error.code));
  if (error.details.contains("field")) text += " " + error.details["field"].get<std::string>();
  if (error.details.contains("source")) {
    text += " from " + error.details["source"].get<std::string>();
  }
  if (error.details.contains("token")) {
    text += " token=" + error.details["token"].get<std::string>();
  }
  return text;
}

class LoadConfigTest : public testing::Test {
 protected:
  LoadConfigTest() {
    dir_ = std::filesystem::path(testing::TempDir()) /
           ("sessiond_config_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~LoadConfigTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Writes `text` to a fresh file and returns its path.
  std::string WriteFile(std::string_view text) {
    std::string path = (dir_ / ("sessiond" + std::to_string(++files_) + ".toml")).string();
    std::ofstream(path) << text;
    return path;
  }

  std::filesystem::path dir_;
  int files_ = 0;
};

TEST_F(LoadConfigTest, NoSourcesGiveTheDefaults) {
  Result<Config> config = LoadConfig({});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(Dump(*config), kDefaults);
  EXPECT_EQ(Dump(Config{}), kDefaults);
}

TEST_F(LoadConfigTest, EmptyFileAndEnvironmentGiveTheDefaults) {
  FakeEnv env({{"HOME", "/root"}, {"LISTEN", "0.0.0.0:1"}});
  Result<Config> config = LoadConfig({WriteFile("# nothing set\n"), env.Getenv(), {}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(Dump(*config), kDefaults);
}

TEST_F(LoadConfigTest, FileOverridesDefaults) {
  std::string path = WriteFile(R"(
# sessiond.toml
[http]
listen = "0.0.0.0:9000"
io_threads = 4
read_timeout = "30s"
idle_timeout = 120
access_log = false

[store]
data_dir = "/var/lib/sessiond"
sqlite_synchronous = "FULL"

[log]
level = "debug"
)");
  Result<Config> config = LoadConfig({path, nullptr, {}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  std::string expected = kDefaults;
  expected = WithLine(expected, "http.listen", "0.0.0.0:9000");
  expected = WithLine(expected, "http.io_threads", "4");
  expected = WithLine(expected, "http.read_timeout", "30s");
  expected = WithLine(expected, "http.idle_timeout", "2m");
  expected = WithLine(expected, "http.access_log", "false");
  expected = WithLine(expected, "store.data_dir", "/var/lib/sessiond");
  expected = WithLine(expected, "store.sqlite_synchronous", "FULL");
  expected = WithLine(expected, "log.level", "debug");
  EXPECT_EQ(Dump(*config), expected);
}

TEST_F(LoadConfigTest, FileAcceptsDottedKeys) {
  Result<Config> config =
      LoadConfig({WriteFile("http.listen = \"[::1]:8443\"\nstore.pool_size = 2\n"), nullptr, {}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->http.listen, "[::1]:8443");
  EXPECT_EQ(config->store.pool_size, 2);
}

// For http.listen: defaults < file < environment < flags, with any of them absent.
TEST_F(LoadConfigTest, LaterSourcesOverrideEarlierOnes) {
  struct Case {
    bool file;
    bool env;
    bool flag;
    std::string_view listen;
  };
  const Case cases[] = {
      {false, false, false, "127.0.0.1:8080"}, {true, false, false, "10.0.0.1:1001"},
      {false, true, false, "10.0.0.2:1002"},   {false, false, true, "10.0.0.3:1003"},
      {true, true, false, "10.0.0.2:1002"},    {true, false, true, "10.0.0.3:1003"},
      {false, true, true, "10.0.0.3:1003"},    {true, true, true, "10.0.0.3:1003"},
  };
  std::string path = WriteFile("[http]\nlisten = \"10.0.0.1:1001\"\n");
  FakeEnv env({{"SESSIOND_LISTEN", "10.0.0.2:1002"}});
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "file=" << c.file << " env=" << c.env << " flag=" << c.flag);
    ConfigSources sources;
    if (c.file) sources.file_path = path;
    if (c.env) sources.getenv = env.Getenv();
    if (c.flag) sources.flags["http.listen"] = "10.0.0.3:1003";
    Result<Config> config = LoadConfig(sources);
    ASSERT_TRUE(config.ok()) << config.error().ToString();
    EXPECT_EQ(config->http.listen, c.listen);
  }
}

TEST_F(LoadConfigTest, SourcesMergeKeyByKey) {
  std::string path = WriteFile("[http]\nlisten = \"10.0.0.1:1001\"\nio_threads = 3\n");
  FakeEnv env({{"SESSIOND_IO_THREADS", "5"}, {"SESSIOND_POOL_SIZE", "9"}});
  Result<Config> config = LoadConfig({path, env.Getenv(), {{"store.pool_size", "11"}}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  std::string expected = kDefaults;
  expected = WithLine(expected, "http.listen", "10.0.0.1:1001");  // file only
  expected = WithLine(expected, "http.io_threads", "5");          // env over file
  expected = WithLine(expected, "store.pool_size", "11");         // flag over env
  EXPECT_EQ(Dump(*config), expected);
}

// A valid non-default value of every key, as text and as a TOML value.
struct Sample {
  std::string_view key;
  std::string_view text;
  std::string_view toml;
  std::string_view dumped;  // as Dump() prints it
};
const Sample kSamples[] = {
    {"http.listen", "0.0.0.0:9000", R"("0.0.0.0:9000")", "0.0.0.0:9000"},
    {"http.io_threads", "4", "4", "4"},
    {"http.body_limit", "2048", "2048", "2048"},
    {"http.header_limit", "4096", "4096", "4096"},
    {"http.read_timeout", "30s", R"("30s")", "30s"},
    {"http.idle_timeout", "120", "120", "2m"},
    {"http.shutdown_grace", "1500ms", R"("1500ms")", "1500ms"},
    {"http.access_log", "false", "false", "false"},
    {"store.database", "postgres://u:p@db:5432/sessiond", R"("postgres://u:p@db:5432/sessiond")",
     "postgres://u:p@db:5432/sessiond"},
    {"store.data_dir", "/srv/sessiond", R"("/srv/sessiond")", "/srv/sessiond"},
    {"store.pool_size", "16", "16", "16"},
    {"store.busy_timeout", "250ms", R"("250ms")", "250ms"},
    {"store.max_group_commit", "32", "32", "32"},
    {"store.sqlite_synchronous", "FULL", R"("FULL")", "FULL"},
    {"auth.jwt_secret", "s3cret", R"("s3cret")", "s3cret"},
    {"auth.audience", "sessiond-api", R"("sessiond-api")", "sessiond-api"},
    {"auth.leeway", "5s", R"("5s")", "5s"},
    {"scheduler.enabled", "false", "false", "false"},
    {"scheduler.workers", "32", "32", "32"},
    {"scheduler.node_id", "node-b", R"("node-b")", "node-b"},
    {"scheduler.default_jobs", "false", "false", "false"},
    {"realtime.heartbeat", "2s", R"("2s")", "2s"},
    {"checkins.default_ttl", "30m", R"("30m")", "30m"},
    {"checkins.max_ttl", "2h", R"("2h")", "2h"},
    {"log.level", "debug", R"("debug")", "debug"},
};

TEST_F(LoadConfigTest, EveryKeyCanBeSetFromEverySourceAndSetsOnlyItsField) {
  ASSERT_EQ(std::size(kSamples), ConfigKeys().size()) << "a sample for every key";
  for (size_t i = 0; i < ConfigKeys().size(); ++i) {
    const ConfigKey& key = ConfigKeys()[i];
    const Sample& sample = kSamples[i];
    SCOPED_TRACE(key.key);
    ASSERT_EQ(key.key, sample.key);
    std::string expected = WithLine(kDefaults, key.key, sample.dumped);

    Result<Config> from_file = LoadConfig(
        {WriteFile(std::string(key.key) + " = " + std::string(sample.toml) + "\n"), nullptr, {}});
    EXPECT_EQ(Print(from_file), "ok");
    if (from_file.ok()) {
      EXPECT_EQ(Dump(*from_file), expected) << "from the file";
    }

    FakeEnv env({{std::string(key.env), std::string(sample.text)}});
    Result<Config> from_env = LoadConfig({"", env.Getenv(), {}});
    EXPECT_EQ(Print(from_env), "ok");
    if (from_env.ok()) {
      EXPECT_EQ(Dump(*from_env), expected) << "from " << key.env;
    }

    Result<Config> from_flag =
        LoadConfig({"", nullptr, {{std::string(key.key), std::string(sample.text)}}});
    EXPECT_EQ(Print(from_flag), "ok");
    if (from_flag.ok()) {
      EXPECT_EQ(Dump(*from_flag), expected) << "from " << key.flag;
    }
  }
}

TEST_F(LoadConfigTest, BadEnvironmentValueNamesTheKeyAndTheVariable) {
  FakeEnv env({{"SESSIOND_LISTEN", "localhost"}});
  Result<Config> config = LoadConfig({"", env.Getenv(), {}});
  EXPECT_EQ(Print(config), "unprocessable http.listen from SESSIOND_LISTEN token=localhost");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("SESSIOND_LISTEN"), std::string::npos)
      << config.error().message;
  EXPECT_NE(config.error().message.find("HOST:PORT"), std::string::npos) << config.error().message;
}

TEST_F(LoadConfigTest, BadValuesOfEveryKindAreRejectedFromTheEnvironment) {
  struct Case {
    std::string_view env;
    std::string_view value;
    std::string_view expected;
  };
  const Case cases[] = {
      {"SESSIOND_LISTEN", ":8080", "unprocessable http.listen from SESSIOND_LISTEN token=:8080"},
      {"SESSIOND_LISTEN", "host:", "unprocessable http.listen from SESSIOND_LISTEN token=host:"},
      {"SESSIOND_LISTEN", "host:65536",
       "unprocessable http.listen from SESSIOND_LISTEN token=host:65536"},
      {"SESSIOND_LISTEN", "host:80x",
       "unprocessable http.listen from SESSIOND_LISTEN token=host:80x"},
      {"SESSIOND_IO_THREADS", "-1",
       "unprocessable http.io_threads from SESSIOND_IO_THREADS token=-1"},
      {"SESSIOND_IO_THREADS", "four",
       "unprocessable http.io_threads from SESSIOND_IO_THREADS token=four"},
      {"SESSIOND_IO_THREADS", "4 ",
       "unprocessable http.io_threads from SESSIOND_IO_THREADS token=4 "},
      {"SESSIOND_BODY_LIMIT", "0",
       "unprocessable http.body_limit from SESSIOND_BODY_LIMIT token=0"},
      {"SESSIOND_HEADER_LIMIT", "1023",
       "unprocessable http.header_limit from SESSIOND_HEADER_LIMIT token=1023"},
      {"SESSIOND_READ_TIMEOUT", "-5s",
       "unprocessable http.read_timeout from SESSIOND_READ_TIMEOUT token=-5s"},
      {"SESSIOND_IDLE_TIMEOUT", "1 min",
       "unprocessable http.idle_timeout from SESSIOND_IDLE_TIMEOUT token=1 min"},
      {"SESSIOND_ACCESS_LOG", "maybe",
       "unprocessable http.access_log from SESSIOND_ACCESS_LOG token=maybe"},
      {"SESSIOND_DATABASE", "mysql://db/x",
       "unprocessable store.database from SESSIOND_DATABASE token=mysql://db/x"},
      {"SESSIOND_DATA_DIR", "", "unprocessable store.data_dir from SESSIOND_DATA_DIR"},
      {"SESSIOND_POOL_SIZE", "0", "unprocessable store.pool_size from SESSIOND_POOL_SIZE token=0"},
      {"SESSIOND_MAX_GROUP_COMMIT", "100001",
       "unprocessable store.max_group_commit from SESSIOND_MAX_GROUP_COMMIT token=100001"},
      {"SESSIOND_SQLITE_SYNCHRONOUS", "normal",
       "unprocessable store.sqlite_synchronous from SESSIOND_SQLITE_SYNCHRONOUS token=normal"},
      {"SESSIOND_JWT_LEEWAY", "soon",
       "unprocessable auth.leeway from SESSIOND_JWT_LEEWAY token=soon"},
      {"SESSIOND_LOG_LEVEL", "verbose",
       "unprocessable log.level from SESSIOND_LOG_LEVEL token=verbose"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.env) + "=" + std::string(c.value));
    FakeEnv env({{std::string(c.env), std::string(c.value)}});
    EXPECT_EQ(Print(LoadConfig({"", env.Getenv(), {}})), c.expected);
  }
}

TEST_F(LoadConfigTest, BadFlagNamesTheKeyAndTheFlag) {
  Result<Config> config = LoadConfig({"", nullptr, {{"http.listen", "host:99999"}}});
  EXPECT_EQ(Print(config), "unprocessable http.listen from --listen token=host:99999");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("--listen"), std::string::npos) << config.error().message;

  EXPECT_EQ(Print(LoadConfig({"", nullptr, {{"auth.leeway", "-1s"}}})),
            "unprocessable auth.leeway from --jwt-leeway token=-1s");
}

TEST_F(LoadConfigTest, UnknownFlagKeyIsRejected) {
  EXPECT_EQ(Print(LoadConfig({"", nullptr, {{"http.listn", "0.0.0.0:1"}}})),
            "unprocessable http.listn");
}

TEST_F(LoadConfigTest, UnknownKeyInTheFileNamesTheKeyAndTheFile) {
  struct Case {
    std::string_view toml;
    std::string_view field;
  };
  const Case cases[] = {
      {"[htp]\nlisten = \"0.0.0.0:9000\"\n", "htp.listen"},
      {"htp.listen = \"0.0.0.0:9000\"\n", "htp.listen"},
      {"listen = \"0.0.0.0:9000\"\n", "listen"},
      {"[http]\nlisten = \"0.0.0.0:9000\"\nlisten_port = 9000\n", "http.listen_port"},
      {"[http.tls]\ncert = \"x.pem\"\n", "http.tls.cert"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.toml);
    std::string path = WriteFile(c.toml);
    Result<Config> config = LoadConfig({path, nullptr, {}});
    EXPECT_EQ(Print(config), "unprocessable " + std::string(c.field) + " from " + path +
                                 " token=" + std::string(c.field));
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message.find(std::string(c.field)), std::string::npos)
        << config.error().message;
  }
}

TEST_F(LoadConfigTest, BadValueInTheFileNamesTheKeyAndTheFile) {
  struct Case {
    std::string_view toml;
    std::string_view expected_suffix;  // after "unprocessable <key> from <path>"
  };
  const Case cases[] = {
      {"[http]\nio_threads = 1000\n", "http.io_threads|token=1000"},
      {"[http]\nio_threads = \"many\"\n", "http.io_threads|token=many"},
      {"[http]\nlisten = 8080\n", "http.listen|token=8080"},
      {"[http]\naccess_log = \"perhaps\"\n", "http.access_log|token=perhaps"},
      {"[http]\nread_timeout = \"10 s\"\n", "http.read_timeout|token=10 s"},
      {"[http]\nlisten = [\"a:1\", \"b:2\"]\n", "http.listen|"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.toml);
    std::string path = WriteFile(c.toml);
    std::string_view suffix = c.expected_suffix;
    std::string key(suffix.substr(0, suffix.find('|')));
    std::string token(suffix.substr(suffix.find('|') + 1));
    EXPECT_EQ(Print(LoadConfig({path, nullptr, {}})),
              "unprocessable " + key + " from " + path + (token.empty() ? "" : " " + token));
  }
}

TEST_F(LoadConfigTest, MalformedFileNamesTheFileAndLine) {
  std::string path = WriteFile("[http]\nlisten = \"0.0.0.0:9000\"\nio_threads = \n");
  Result<Config> config = LoadConfig({path, nullptr, {}});
  EXPECT_EQ(Print(config), "unprocessable from " + path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().details.value("line", 0), 3);
  EXPECT_NE(config.error().message.find(path), std::string::npos) << config.error().message;
}

TEST_F(LoadConfigTest, UnreadableFileIsAnError) {
  std::string path = (dir_ / "missing.toml").string();
  Result<Config> config = LoadConfig({path, nullptr, {}});
  EXPECT_EQ(Print(config), "unprocessable from " + path);
}

TEST_F(LoadConfigTest, AFileErrorIsReportedEvenWhenLaterSourcesSetTheKey) {
  // A broken file is a mistake worth stopping for, even if it would be overridden.
  std::string path = WriteFile("[http]\nlisten = \"nonsense\"\n");
  FakeEnv env({{"SESSIOND_LISTEN", "0.0.0.0:1"}});
  EXPECT_EQ(Print(LoadConfig({path, env.Getenv(), {{"http.listen", "0.0.0.0:2"}}})),
            "unprocessable http.listen from " + path + " token=nonsense");
}

TEST(ConfigKeys, EveryKeyIsDocumentedForEverySource) {
  std::set<std::string_view> keys, envs, flags;
  for (const ConfigKey& key : ConfigKeys()) {
    SCOPED_TRACE(key.key);
    EXPECT_FALSE(key.key.empty());
    EXPECT_TRUE(key.env.starts_with("SESSIOND_")) << key.env;
    EXPECT_GT(key.env.size(), std::string_view("SESSIOND_").size());
    EXPECT_TRUE(key.flag.starts_with("--")) << key.flag;
    EXPECT_GT(key.flag.size(), 2u);
    EXPECT_FALSE(key.unit.empty());
    EXPECT_FALSE(key.default_value.empty());
    EXPECT_FALSE(key.description.empty());
    EXPECT_NE(key.apply, nullptr);
    // The flag is the variable's name without the prefix, in lower case with dashes.
    std::string flag = "--";
    for (char c : key.env.substr(std::string_view("SESSIOND_").size())) {
      flag.push_back(c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c))));
    }
    EXPECT_EQ(key.flag, flag);
    EXPECT_TRUE(keys.insert(key.key).second) << "duplicate key";
    EXPECT_TRUE(envs.insert(key.env).second) << "duplicate variable " << key.env;
    EXPECT_TRUE(flags.insert(key.flag).second) << "duplicate flag " << key.flag;
  }
}

TEST(ConfigKeys, DocumentedDefaultsAreTheDefaults) {
  for (const ConfigKey& key : ConfigKeys()) {
    // Placeholders such as "(not checked)" describe an empty default.
    if (key.default_value.starts_with("(") || key.key == "store.database") continue;
    SCOPED_TRACE(key.key);
    Config config;
    Result<void> applied = key.apply(config, key.default_value);
    ASSERT_TRUE(applied.ok()) << applied.error().ToString();
    EXPECT_EQ(Dump(config), kDefaults);
  }
}

TEST(StoreConfig, DatabaseUrlDefaultsToSqliteInTheDataDir) {
  StoreConfig store;
  EXPECT_EQ(store.DatabaseUrl(), "sqlite:./data/sessiond.db");
  store.data_dir = "/var/lib/sessiond";
  EXPECT_EQ(store.DatabaseUrl(), "sqlite:/var/lib/sessiond/sessiond.db");
  store.database = "postgres://u:p@db:5432/sessiond";
  EXPECT_EQ(store.DatabaseUrl(), "postgres://u:p@db:5432/sessiond");
}

TEST(StoreConfig, DatabaseUrlFollowsTheDataDirFromAnySource) {
  FakeEnv env({{"SESSIOND_DATA_DIR", "/srv/sessiond"}});
  Result<Config> config = LoadConfig({"", env.Getenv(), {}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->store.DatabaseUrl(), "sqlite:/srv/sessiond/sessiond.db");

  config = LoadConfig({"", env.Getenv(), {{"store.database", "sqlite:/tmp/x.db"}}});
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->store.DatabaseUrl(), "sqlite:/tmp/x.db");
}

}  // namespace
}  // namespace sessiond::core
