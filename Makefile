# Rituals: run, test, bench, install.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: all build run test lint bench oracle-check defaults fixtures clean

all: build

build:
	$(SWIFT) build

## run: show the next elapses of the default rituals' schedules.
run:
	@scripts/install-deps run
	$(SWIFT) build --product ritualctl
	$$($(SWIFT) build --show-bin-path)/ritualctl calendar --iterations 3 \
		'Sun 19:00' '*-*-01 20:00' 'Sat 10:00' 'Wed 18:30' '*-*-* 20:00' '*-*-* 21:30' \
		$$'DTSTART:20240105T190000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR' \
		'*-*-* 21:00' 'Thu 19:00' 'every 1 week on sun at 20:30'

## test: install what the tests need, check formatting, run the whole suite.
test:
	@scripts/install-deps test
	$(SWIFT) format lint --strict -r Sources Tests
	$(SWIFT) build --build-tests
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict -r Sources Tests

## bench: speed figures (release build), with python-dateutil measured side by side.
bench:
	@scripts/install-deps bench
	scripts/bench.sh

## oracle-check: compare ritualctl with systemd-analyze and python-dateutil on new random cases.
oracle-check:
	$(SWIFT) build --product ritualctl
	python3 scripts/oracle-check.py $$($(SWIFT) build --show-bin-path)/ritualctl --cases $${CASES:-300}

## defaults: embed config/rituals.toml into the binaries after editing it.
defaults:
	scripts/embed-defaults

## fixtures: regenerate the oracle tables (needs systemd-analyze and python-dateutil).
fixtures:
	python3 scripts/gen-fixtures.py Tests/RitualsCoreTests/Fixtures

clean:
	rm -rf .build
