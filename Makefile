# xinfang — two commands: `make run` (demo server) and `make test` (everything CI checks).
SHELL := /bin/bash
DEMO_DB ?= xinfang_demo
TEST_DB ?= xinfang_test
BENCH_DB ?= xinfang_bench
WORKERS ?= 0
ADDONS := xinfang_petition,xinfang_supervision

.PHONY: setup setup-test run test test-only lint bench backup restore privacy clean-db help

help:
	@echo "make run    install what is missing, create $(DEMO_DB) once, serve http://127.0.0.1:8069"
	@echo "make test   install what is missing, build $(TEST_DB) afresh, run tests, tours and linters"

setup:
	@bash scripts/setup_system.sh
	@bash scripts/fetch_odoo.sh
	@bash scripts/setup_venv.sh
	@bash scripts/setup_postgres.sh

setup-test:
	@bash scripts/setup_system.sh --test
	@bash scripts/fetch_odoo.sh
	@bash scripts/setup_venv.sh
	@bash scripts/setup_postgres.sh

run: setup
	@bash scripts/create_db.sh $(DEMO_DB) --keep
	@bash scripts/run.sh $(DEMO_DB) $(WORKERS)

test: setup-test
	@bash scripts/create_db.sh $(TEST_DB) --bare
	@bash scripts/test.sh $(TEST_DB)
	@bash scripts/check_demo_loader.sh $(TEST_DB)
	@bash scripts/check_uninstall.sh $(TEST_DB)
	@bash scripts/lint.sh

# Re-run the tests against the existing test database (no rebuild), e.g. `make test-only T=tests/test_x.py`
test-only:
	@bash scripts/test.sh $(TEST_DB) $(T)

lint:
	@bash scripts/lint.sh

# Benchmarks against Odoo's peers and raw PostgreSQL on a fresh $(BENCH_DB): 17-26 min on 2 cores, QUICK=1 a ~9 min
# smoke run; figures and their meaning in docs/benchmarks.md
bench: setup
	@bash scripts/bench.sh $(BENCH_DB) $(if $(QUICK),--quick)

# Back up the demo database with its filestore (DB=... to choose another); restore with FILE=... [DB=...]
backup:
	@bash scripts/backup.sh $(or $(DB),$(DEMO_DB))

restore:
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/x.zip [DB=name]"; exit 2)
	@bash scripts/restore.sh $(FILE) $(or $(DB),$(DEMO_DB))

# Uninstall the modules that call outside servers from an existing database (fresh ones come without them),
# switch off the update notification and chatter link previews; README "Privacy". DB=... (default: demo)
privacy:
	@bash scripts/odoo.sh shell -d $(or $(DB),$(DEMO_DB)) --no-http --log-level=warn < scripts/privacy.py

clean-db:
	dropdb --if-exists $(DEMO_DB); dropdb --if-exists $(TEST_DB)
