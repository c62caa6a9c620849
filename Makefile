# Strata: the two commands of the README's quick start are `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/strata
RELEASE_BIN := .build/release/strata
# Debian packages: the PostgreSQL parser and the protobuf-c header its tree uses (build), SQLite's
# header for GRDB, the PostgreSQL server programs the throwaway-cluster tests run, and HypoPG (hypothetical
# indexes, for explain and advise).
APT_PACKAGES := libpg-query-dev libprotobuf-c-dev libsqlite3-dev postgresql postgresql-15-hypopg graphviz
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps build release test demo regress bench docs clean

all: build

# Installs whatever of APT_PACKAGES is missing (nothing when all are there).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Unit and CLI tests, then every regression-suite file through the debug binary. The suite comes
# from Debian's postgresql-15 source package; if it cannot be downloaded the check is skipped, loudly.
test: deps
	@bash scripts/fetch-pg-regress.sh >/dev/null || echo "warning: PostgreSQL regression SQL not available; its checks are skipped"
	@bash benchmarks/corpus/fetch.sh >/dev/null || echo "warning: the real-schema corpus could not be downloaded; its parity checks are skipped"
	$(SWIFT) test
	@if [ -d benchmarks/out/pg-regress/sql ]; then STRATA=$(BIN) bash scripts/regress-check.sh; fi

# Reviews the bundled shop: the clean schema (exit 0), the broken one (findings), and its ERD.
demo: build
	@echo "== strata review examples/shop/schema.sql"
	@$(BIN) review examples/shop/schema.sql
	@echo
	@echo "== strata review examples/shop-broken/schema.sql (exit 1: findings)"
	@$(BIN) review examples/shop-broken/schema.sql || [ $$? -eq 1 ]
	@echo
	@echo "== strata erd examples/shop/schema.sql"
	@$(BIN) erd examples/shop/schema.sql
	@echo
	@echo "== strata review --database ephemeral examples/shop-broken/schema.sql (a throwaway PostgreSQL cluster)"
	@out=$$(mktemp); status=0; $(BIN) review --database ephemeral examples/shop-broken/schema.sql > $$out || status=$$?; \
	  tail -n 5 $$out; rm -f $$out; [ $$status -le 1 ]
	@echo
	@echo "== strata migrate verify --dir examples/migrations (up, down, up of each migration in a throwaway cluster)"
	@$(BIN) migrate verify --dir examples/migrations
	@echo
	@echo "== strata diff --from examples/diff/before.sql --to examples/diff/after.sql --verify (the migration between two schemas, proven)"
	@$(BIN) diff --from examples/diff/before.sql --to examples/diff/after.sql --verify
	@echo
	@echo "== strata explain ... --database ephemeral --load examples/advise/shop.sql --analyze (a slow query broken down, its index proven with HypoPG)"
	@$(BIN) explain "SELECT id, created_at FROM orders WHERE tenant_id = 42 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20" \
	  --database ephemeral --load examples/advise/shop.sql --analyze
	@echo
	@echo "== strata advise --database ephemeral --load examples/advise/shop.sql --workload examples/advise/workload.sql"
	@$(BIN) advise --database ephemeral --load examples/advise/shop.sql --workload examples/advise/workload.sql
	@echo
	@echo "== strata queries examples/queries/app.log --schema-file examples/queries/schema.sql (a real server's log: N+1, SELECT *, slow lookups; exit 1)"
	@$(BIN) queries examples/queries/app.log --schema-file examples/queries/schema.sql || [ $$? -eq 1 ]
	@echo
	@echo "== strata review examples/prisma/schema.prisma (a Prisma project: findings at its lines, fixes in Prisma terms; exit 1)"
	@$(BIN) review examples/prisma/schema.prisma || [ $$? -eq 1 ]
	@echo
	@echo "== strata schema examples/prisma/schema.prisma --format sql (the migration Prisma Migrate would write)"
	@$(BIN) schema examples/prisma/schema.prisma --format sql
	@echo
	@echo "== strata design examples/design/shop.yml --out benchmarks/out/design-shop --prove (a spec in, a checked plan out)"
	@$(BIN) design examples/design/shop.yml --out benchmarks/out/design-shop --prove
	@echo
	@echo "== cd examples/sqlite && strata migrate up && strata migrate status (SQLite, settings from its strata.toml)"
	@rm -f examples/sqlite/notes.db examples/sqlite/notes.db-strata.lock
	@cd examples/sqlite && ../../$(BIN) migrate up && ../../$(BIN) migrate status

# Every file of PostgreSQL 15's regression SQL through `strata schema`: no crash, no hang.
regress: release
	STRATA=$(RELEASE_BIN) bash scripts/regress-check.sh

bench: release
	bash benchmarks/review.sh

# Regenerates docs/rules from the rules' own descriptions.
docs: build
	$(BIN) rules --write-docs docs/rules

clean:
	rm -rf .build benchmarks/out
