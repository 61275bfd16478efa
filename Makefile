# Rituals: run, test, bench, install.
SHELL := /bin/bash
SWIFT ?= swift
# Installed and measured binaries link the Swift runtime and Foundation statically: they start in
# half the time and stay under 20 MB resident.
RELEASE := -c release --static-swift-stdlib

.PHONY: all build run ctl test lint bench oracle-check install uninstall defaults fixtures clean

all: build

build:
	$(SWIFT) build

## run: rituald in the foreground on the built-in rituals, telling on stderr what it plans and does.
run:
	@scripts/install-deps run
	$(SWIFT) build --product rituald
	$(SWIFT) build --product ritualctl
	$$($(SWIFT) build --show-bin-path)/rituald --defaults --verbose --state-dir "$${TMPDIR:-/tmp}/rituals-run-$$(id -u)"

## ctl: the ritualctl of this checkout, for a rituald started by make run: make ctl ARGS="fire check-in".
ctl:
	@$(SWIFT) build --product ritualctl >/dev/null
	@$$($(SWIFT) build --show-bin-path)/ritualctl $(ARGS)

## test: install what the tests need, check formatting, run the whole suite inside the test
## desktop (journald, a private session bus, Xvfb, dunst; see scripts/test-desktop).
test:
	@scripts/install-deps test
	$(SWIFT) format lint --strict -r Sources Tests
	$(SWIFT) build --build-tests
	scripts/test-desktop $(SWIFT) test

lint:
	$(SWIFT) format lint --strict -r Sources Tests

## bench: speed and footprint figures (release build), with python-dateutil measured side by side;
## the daemon's lateness is read back from the journal of the test desktop.
bench:
	@scripts/install-deps test
	@scripts/install-deps bench
	scripts/bench.sh
	$(SWIFT) build $(RELEASE) --product rituald
	$(SWIFT) build $(RELEASE) --product ritualctl
	scripts/test-desktop scripts/bench-daemon.sh $$($(SWIFT) build $(RELEASE) --show-bin-path)
	python3 scripts/bench-idle.py $$($(SWIFT) build $(RELEASE) --show-bin-path)/rituald
	python3 scripts/bench-ctl.py $$($(SWIFT) build $(RELEASE) --show-bin-path)

## oracle-check: compare ritualctl with systemd-analyze and python-dateutil on new random cases.
oracle-check:
	$(SWIFT) build --product ritualctl
	python3 scripts/oracle-check.py $$($(SWIFT) build --show-bin-path)/ritualctl --cases $${CASES:-300}

## install: binaries to ~/.local/bin, the user unit to ~/.config/systemd/user, man pages and shell
## completions under ~/.local/share (fish: ~/.config/fish), the journal catalog to
## /etc/systemd/catalog (root or sudo; skipped with a message otherwise; scripts/install-files).
## Then: systemctl --user enable --now rituald
install:
	@scripts/install-deps run
	$(SWIFT) build $(RELEASE)
	$(SWIFT) build $(RELEASE) --product generate-manual
	scripts/install-files $$($(SWIFT) build $(RELEASE) --show-bin-path)

## uninstall: stops and disables the service and removes what install put there (config and
## history stay).
uninstall:
	scripts/uninstall-files

## defaults: embed config/rituals.toml into the binaries after editing it.
defaults:
	scripts/embed-defaults

## fixtures: regenerate the oracle tables (needs systemd-analyze and python-dateutil).
fixtures:
	python3 scripts/gen-fixtures.py Tests/RitualsCoreTests/Fixtures

clean:
	rm -rf .build
