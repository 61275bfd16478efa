# Rituals: run, test, bench, install.
SHELL := /bin/bash
SWIFT ?= swift
# Installed and measured binaries link the Swift runtime statically, and the C++ runtime it needs
# too (.build/link/libstdc++.so is a linker script that points -lstdc++ at the static archive):
# nothing of Swift or C++ is needed on the user's machine, and less is loaded at start. Linked by
# lld with relative relocations packed (DT_RELR, glibc 2.36): 0.9 MB less relocation data in each
# program; identical functions whose address is never taken are folded into one (--icf=safe). No
# symbol is exported (SwiftPM exports an executable's for tests that import it; the shipped
# programs need none): 0.37 MB less, and unused code can go.
RELEASE := -c release --static-swift-stdlib -Xswiftc -L$(CURDIR)/.build/link -Xswiftc -use-ld=lld \
  -Xlinker --icf=safe -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic
STATIC_CXX := .build/link/libstdc++.so
# Where the builds put the programs (SwiftPM's links to its folders), and what the packages are named.
DEBUG_BIN := $(CURDIR)/.build/debug
RELEASE_BIN := $(CURDIR)/.build/release
ARCH = $(shell dpkg --print-architecture)
VERSION = $(shell $(RELEASE_BIN)/ritualctl --version)
DEB = dist/rituals_$(VERSION)_$(ARCH).deb
TARBALL = dist/rituals-$(VERSION)-linux-$(ARCH).tar.gz

.PHONY: help all build run ctl test test-desktops lint bench bench-history stress tsan fuzz oracle-check install uninstall package package-test defaults fixtures clean

## all: the same as build.
all: build

$(STATIC_CXX):
	@mkdir -p $(dir $@)
	@archive=$$(gcc -print-file-name=libstdc++.a 2>/dev/null || clang -print-file-name=libstdc++.a); \
	  case "$$archive" in /*) echo "INPUT($$archive)" > $@ ;; *) : > $@.none ;; esac

## help: this list of targets, each with the first line of what it does.
help:
	@sed -n 's/^## \([a-z-]*\): /\1\t/p' Makefile | expand -t 16 | cut -c1-100

## build: a debug build of everything (the programs in .build/debug).
build:
	$(SWIFT) build

## run: rituald in the foreground on the built-in rituals, telling on stderr what it plans and does.
run:
	@scripts/make/install-deps run
	$(SWIFT) build --product rituald
	$(SWIFT) build --product ritualctl
	$(DEBUG_BIN)/rituald --defaults --verbose --state-dir "$${TMPDIR:-/tmp}/rituals-run-$$(id -u)"

## ctl: the ritualctl of this checkout, for a rituald started by make run: make ctl ARGS="fire check-in".
ctl:
	@$(SWIFT) build --product ritualctl >/dev/null
	@$(DEBUG_BIN)/ritualctl $(ARGS)

## test: install what the tests need, check formatting, run the whole suite inside the test
## desktop (journald, a private session bus, Xvfb, dunst; see scripts/make/test-desktop). The control
## storm runs against the release rituald (RITUALS_RELEASE_BIN), where races show first, and the
## release binaries are checked for what they must not link.
test: $(STATIC_CXX)
	@scripts/make/install-deps test
	$(SWIFT) format lint --strict -r Sources Tests
	$(SWIFT) build --build-tests
	$(SWIFT) build $(RELEASE) --product rituald
	$(SWIFT) build $(RELEASE) --product ritualctl
	RITUALS_RELEASE_BIN=$(RELEASE_BIN) scripts/make/test-desktop $(SWIFT) test

## test-desktops: rituald on the notification servers of GNOME Shell, Xfce and KDE Plasma (each on
## buses of its own; Done pressed with the pointer, a reminder replacing, a partner's answer
## withdrawing); installs them first (Plasma about 730 MB); screenshots in .build/screenshots/.
## make test runs the GNOME Shell and Xfce cases too.
test-desktops:
	@scripts/make/install-deps desktops
	$(SWIFT) build --build-tests
	RITUALS_TEST_PLASMA=1 scripts/make/test-desktop $(SWIFT) test --skip-build --filter 'RealDesktopTests|NotificationDaemonTests'

## lint: swift format's check of Sources and Tests (make test runs it too).
lint:
	$(SWIFT) format lint --strict -r Sources Tests

## bench: one Markdown table (scripts/make/bench.py, release build): idle, sizes of the programs and the
## .deb beside cron, Remind and dunst, memory, lateness, engine and preview speed, control round trips and 5,000 rituals, beside cron, Remind, systemd-analyze and
## python-dateutil in the same run; inside the test desktop, so lateness is read from the journal.
bench: package
	@scripts/make/install-deps test
	@scripts/make/install-deps bench
	scripts/make/test-desktop python3 scripts/make/bench.py $(RELEASE_BIN) --deb $(DEB)

## bench-history: rituald, history and stats on a 200 MB history (scripts/make/bench-history.py).
bench-history: $(STATIC_CXX)
	$(SWIFT) build $(RELEASE)
	python3 scripts/make/bench-history.py $(RELEASE_BIN)

## stress: the long forms of the hardening tests (scripts/make/stress.py): 200 kill -9 at random moments
## while a ritual fires every second and answers arrive; notify-send that hangs, crashes or prints
## garbage; the config deleted, a directory or unreadable, then reloaded. Then (scripts/make/stress-hostile.py)
## a hostile shared folder (FIFO, 50 MB line, 200,000 replayed lines, link swaps, false answers)
## while a ritual fires every second, and 2,000 reloads with memory kept flat. Then
## (scripts/make/stress-hostile-2.py) the second hostile round: reloads of a 20,000-part table name
## and a 100,000-value line, pauses beyond any clock, a command with a long timeout, a rule that
## never occurs, while a ritual fires every second.
stress: $(STATIC_CXX)
	@scripts/make/install-deps test
	$(SWIFT) build $(RELEASE)
	python3 scripts/make/stress.py $(RELEASE_BIN) --kills $${KILLS:-200}
	python3 scripts/make/stress-hostile.py $(RELEASE_BIN)
	python3 scripts/make/stress-hostile-2.py $(RELEASE_BIN)

## tsan: the control-socket and daemon tests, the control storm among them, built with
## ThreadSanitizer (.build-tsan); any report fails it (scripts/make/tsan.sh).
tsan:
	@scripts/make/install-deps test
	scripts/make/tsan.sh

## fuzz: libFuzzer with the address sanitizer on the calendar, RRULE, schedule, time span, config,
## control-protocol and shared-folder parsers, FUZZ_SECONDS each (default 600), then oracle-check on 2,000 new
## cases (scripts/make/fuzz.sh).
fuzz:
	@scripts/make/install-deps test
	@scripts/make/install-deps bench
	scripts/make/fuzz.sh $${FUZZ_SECONDS:-600}

## oracle-check: compare ritualctl with systemd-analyze and python-dateutil on new random cases.
oracle-check:
	$(SWIFT) build --product ritualctl
	python3 scripts/make/oracle-check.py $(DEBUG_BIN)/ritualctl --cases $${CASES:-300}

## install: binaries to ~/.local/bin, the user unit to ~/.config/systemd/user, man pages and shell
## completions under ~/.local/share (fish: ~/.config/fish), the journal catalog to
## /etc/systemd/catalog (root or sudo; skipped with a message otherwise; scripts/make/install-files).
## Then: systemctl --user enable --now rituald
install: $(STATIC_CXX)
	@scripts/make/install-deps run
	$(SWIFT) build $(RELEASE)
	$(SWIFT) build $(RELEASE) --product generate-manual
	scripts/make/install-files $(RELEASE_BIN)

## package: dist/rituals_VERSION_ARCH.deb and dist/rituals-VERSION-linux-ARCH.tar.gz, the .deb
## checked by lintian (scripts/make/package/build). The version is Sources/RitualsControl/RitualsVersion.swift.
package: $(STATIC_CXX)
	@scripts/make/install-deps run
	@scripts/make/install-deps package
	$(SWIFT) build $(RELEASE)
	$(SWIFT) build $(RELEASE) --product generate-manual
	scripts/make/package/build $(RELEASE_BIN)

## package-test: as root, installs the .deb on a clean Debian 12 (debootstrap, cached in
## /var/cache/rituals-package-test), uses it, purges it; tries the tarball's install.sh too.
package-test: package
	scripts/make/package/test $(DEB) $(TARBALL)

## uninstall: stops and disables the service and removes what install put there (config and
## history stay).
uninstall:
	scripts/make/uninstall-files

## defaults: after editing config/rituals.toml, embed it into the binaries and write its manual,
## rituals.toml(5) (docs/rituals.toml.5).
defaults:
	scripts/make/embed-defaults
	scripts/make/gen-config-manual

## fixtures: regenerate the oracle tables (needs systemd-analyze, python-dateutil and Python 3.11's
## tomllib).
fixtures:
	python3 scripts/make/gen-fixtures.py Tests/RitualsCoreTests/Fixtures
	python3 scripts/make/gen-toml-fixtures.py Tests/RitualsConfigTests/Fixtures/toml.jsonl --mutations 6000

## clean: removes the builds (.build; the ThreadSanitizer's .build-tsan stays).
clean:
	rm -rf .build
