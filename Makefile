# sessiond: `make run` serves on 127.0.0.1:8080 with ./data/sessiond.db; `make test` runs
# every test. Both install what they need first (scripts/deps.sh).

JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
ASAN_DIR := build/asan
CMAKE_RELEASE := cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release
CMAKE_ASAN := cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DSESSIOND_SANITIZE=ON \
	-DSESSIOND_BUILD_BENCH=OFF

.PHONY: deps build build-all build-asan run test test-release test-asan fuzz bench clean

deps:
	@scripts/deps.sh

# The release binary alone, at build/release/sessiond.
build: deps
	@$(CMAKE_RELEASE) > /dev/null
	cmake --build $(RELEASE_DIR) -j$(JOBS) --target sessiond

build-all: deps
	@$(CMAKE_RELEASE) > /dev/null
	cmake --build $(RELEASE_DIR) -j$(JOBS)

build-asan: deps
	@$(CMAKE_ASAN) > /dev/null
	cmake --build $(ASAN_DIR) -j$(JOBS)

run: build
	mkdir -p data
	$(RELEASE_DIR)/sessiond serve --listen 127.0.0.1:8080 --database sqlite:./data/sessiond.db

# Every test of both configurations (release; ASan+UBSan), with a PostgreSQL server started
# for the run on 127.0.0.1 in a temporary directory and stopped by its PID afterwards.
test: build-all build-asan fuzz
	scripts/with-postgres scripts/run-tests.sh $(RELEASE_DIR) $(ASAN_DIR)

test-release: build-all
	scripts/with-postgres scripts/run-tests.sh $(RELEASE_DIR)

test-asan: build-asan
	scripts/with-postgres scripts/run-tests.sh $(ASAN_DIR)

# The libFuzzer targets (clang++, ASan + UBSan): the schedule parser and the recurring rule
# parser, each for 30 s on its seed corpus.
fuzz: deps
	scripts/fuzz.sh 30

bench: build-all
	scripts/with-postgres bench/run.sh $(RELEASE_DIR)

clean:
	rm -rf build
