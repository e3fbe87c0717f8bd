# nnlab — `make run` opens the hub, `make test` runs the whole suite. Both install what is
# missing first (Debian packages through apt-get when run as root).

# The Debian packages nnlab builds and tests with.
PACKAGES := libncursesw5-dev libedit-dev libsqlite3-dev tmux

SWIFT ?= swift
BINARY := .build/release/nnlab

.PHONY: run test build bench bench-peers fuzz deps python-deps check-export

## run: install what is missing, build the release binary and open the hub
run: deps build
	$(BINARY)

## test: install what is missing, build the release binary, run every test
test: deps
	$(SWIFT) build -c release
	$(SWIFT) test -c release --disable-testable-imports

## fuzz: the fuzz suite with 100,000 inputs per reader (commands, CSV, model files, lessons);
## NNLAB_FUZZ_CASES=N sets another count. It prints how many inputs each reader took.
FUZZ_CASES ?= 100000
fuzz: deps
	$(SWIFT) build -c release --build-tests
	@status=0; NNLAB_FUZZ_CASES=$(FUZZ_CASES) $(SWIFT) test -c release --disable-testable-imports --skip-build \
		--filter FuzzTests >.build/fuzz.log 2>&1 || status=$$?; \
	grep -E '^fuzz:|✘|Test run with' .build/fuzz.log; echo "full log: .build/fuzz.log"; exit $$status

## build: the release binary at .build/release/nnlab
build: deps
	$(SWIFT) build -c release

## bench: the benchmarks in bench/ (built in release)
bench: build
	@if [ -f bench/run.sh ]; then bash bench/run.sh; else echo "There are no benchmarks yet (bench/run.sh)."; fi

## bench-peers: install PyTorch (CPU) into bench/.venv, so that `make bench` adds it to its table
## (a large download; never part of `make test`)
bench-peers:
	python3 -m venv bench/.venv
	bench/.venv/bin/python3 -m pip install --quiet numpy torch
	@bench/.venv/bin/python3 -c "import torch; print('PyTorch', torch.__version__, 'in bench/.venv')"

## check-export: optional; installs torch (a download of ~200 MB and more) into
## .build/torch-venv and runs the tests that compare `export pytorch` scripts with nnlab
## (ExportTorchTests: outputs of every layer type, training continued in PyTorch)
check-export: deps
	bash bench/check-export.sh

## python-deps: numpy for the numpy export's tests (skipped, with a message, without it)
python-deps:
	@if ! command -v python3 >/dev/null 2>&1; then \
		echo "note: python3 not found; the export tests that run Python will be skipped"; exit 0; \
	fi; \
	python3 -c 'import numpy' 2>/dev/null && exit 0; \
	echo "Installing numpy for the export tests"; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y python3-numpy \
			|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-numpy; }; \
	fi; \
	python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --user numpy \
		|| python3 -m pip install --user --break-system-packages numpy \
		|| echo "note: numpy could not be installed; the numpy export's tests will be skipped"

## deps: install the missing packages (root), or name them and stop
deps: python-deps
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "note: dpkg not found; make sure these (or your system's equivalents) are installed: $(PACKAGES)"; \
		exit 0; \
	fi; \
	missing=""; \
	for package in $(PACKAGES); do \
		dpkg -s $$package 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing:$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else \
		echo "nnlab needs these packages:$$missing"; \
		echo "Install them, then run make again:"; \
		echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
		exit 1; \
	fi
