# wartrace: every target creates or reuses .venv and installs the project first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sqlite:///var/demo/wartrace.db
export WARTRACE_EVAL_DIR ?= $(abspath ../shared/eval)

.PHONY: install system-deps demo test eval bench serve model clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: install
	rm -rf var/demo && mkdir -p var/demo
	@echo "== capture the founding document"
	$(BIN)/wartrace --db $(DEMO_DB) capture samples/
	$(BIN)/wartrace --db $(DEMO_DB) show $$(sha256sum samples/cnn-2022-04-22-popasna-intercept.txt | cut -c1-16)
	@if [ -d "$(WARTRACE_EVAL_DIR)/corpus" ]; then \
	  echo "== capture the shared corpora"; \
	  $(BIN)/wartrace --db $(DEMO_DB) capture "$(WARTRACE_EVAL_DIR)/corpus" || true; fi
	@echo "== extract and link"
	$(BIN)/wartrace --db $(DEMO_DB) link --workers 2
	$(BIN)/wartrace --db $(DEMO_DB) incidents --limit 25
	$(BIN)/wartrace --db $(DEMO_DB) status
	$(BIN)/wartrace --db $(DEMO_DB) verify

test: install system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The attribution tagger is trained on PolNeAR's train split (about 35 min on 2 cores); its
# weights derive from the evaluation data, so they are built, never committed. `make eval` builds
# it when missing; `make model` rebuilds it (and the event classifier) from scratch.
TAGGER := models/attribution-tagger/weights.pt
TRAIN_TAGGER := $(BIN)/python -m wartrace.analysis.attribution_training build --epochs 3 --holdout 0.1
$(TAGGER): | $(STAMP)
	$(TRAIN_TAGGER)

# The cue scorer (which verbs are attribution cues) is a logistic regression trained on the same
# split in about 2 min; built, never committed, used by default once built (models.cue_scorer).
SCORER := models/cue-scorer/weights.json
BUILD_SCORER := $(BIN)/python -m wartrace.analysis.cue_scorer build
$(SCORER): | $(STAMP)
	$(BUILD_SCORER)

eval: install $(SCORER) $(TAGGER)
	$(BIN)/python -m wartrace.evaluation.run

bench: install
	$(BIN)/python -m wartrace.evaluation.bench

serve: install
	$(BIN)/wartrace --db $(DEMO_DB) serve

model: install
	$(BUILD_SCORER)
	$(TRAIN_TAGGER)
	$(BIN)/python -m wartrace.analysis.event_model build

clean:
	rm -rf var build dist src/*.egg-info
