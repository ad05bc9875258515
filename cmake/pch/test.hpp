// Precompiled for the test programs: the common headers and GoogleTest.
#pragma once

#include "common.hpp"

#include <gtest/gtest.h>
