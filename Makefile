# wartrace: every target creates or reuses .venv and installs the project first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sqlite:///var/demo/wartrace.db
export WARTRACE_EVAL_DIR ?= $(abspath ../shared/eval)

.PHONY: install system-deps demo test eval bench serve model artefacts clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test,ray]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

# The demo captures the seed and the war reporting of the shared corpora (war_news_2022_2024 and
# the 2022 RSS items, about 3,400 documents); DEMO_CORPORA=all takes every corpus (about 20,000).
DEMO_CORPORA ?= war
SEED_ID = $$(sha256sum samples/cnn-2022-04-22-popasna-intercept.txt | cut -c1-16)

demo: install
	rm -rf var/demo && mkdir -p var/demo
	@echo "== capture the founding document"
	$(BIN)/wartrace --db $(DEMO_DB) capture samples/
	$(BIN)/wartrace --db $(DEMO_DB) show $(SEED_ID)
	@if [ -d "$(WARTRACE_EVAL_DIR)/corpus" ]; then \
	  echo "== capture the shared corpora ($(DEMO_CORPORA))"; \
	  if [ "$(DEMO_CORPORA)" = all ]; then set -- "$(WARTRACE_EVAL_DIR)/corpus"; \
	  else set -- "$(WARTRACE_EVAL_DIR)/corpus/war_news_2022_2024.jsonl" "$(WARTRACE_EVAL_DIR)/corpus/rss_2022"; fi; \
	  $(BIN)/wartrace --db $(DEMO_DB) capture "$$@" || true; fi
	@echo "== extract and link"
	$(BIN)/wartrace --db $(DEMO_DB) link --workers 2
	$(BIN)/wartrace --db $(DEMO_DB) verify
	@echo "== what the store holds: the seed's incidents, then the war incidents worth a look"
	$(BIN)/wartrace --db $(DEMO_DB) overview --document $(SEED_ID)

test: install system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The trained artefacts the default pipeline uses (event classifier, cue scorer, hedge sentence
# model) ship in the package (src/wartrace/artefacts/, with provenance and hashes); `make model` rebuilds them from the
# evaluation data's train splits: the same model, weights equal up to floating point across CPUs
# (tests/test_artefacts.py checks that).
# The MiniLM attribution tagger is large and opt-in: built by `make model` into models/ (about
# 35 min on 2 cores), never committed, never fetched; off unless models.attribution_tagger: built.
TRAIN_TAGGER := $(BIN)/python -m wartrace.training.attribution_tagger build --epochs 3 --holdout 0.1

eval: install
	$(BIN)/python -m wartrace.evaluation.run

bench: install
	$(BIN)/python -m wartrace.evaluation.bench

serve: install
	$(BIN)/wartrace --db $(DEMO_DB) serve

artefacts: install
	$(BIN)/python -m wartrace.training build
	$(BIN)/python -m wartrace.training check

model: artefacts
	$(TRAIN_TAGGER)

clean:
	rm -rf var build dist src/*.egg-info
