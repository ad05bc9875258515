// Precompiled for every library and program of ours that has no heavier header of its own:
// the standard library and nlohmann/json, which every file reaches through core/error.hpp.
// Only headers whose meaning no -D of ours changes belong here (see cmake/Precompiled.cmake).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
