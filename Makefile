# The LMS: one Go binary (bin/lms) plus PostgreSQL and MinIO started privately
# by scripts/stack.sh. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Where `make run` keeps its cluster, objects, logs and credentials.
VAR                ?= var
PG_PORT            ?= 55432
MINIO_PORT         ?= 59000
MINIO_CONSOLE_PORT ?= 59001
LMS_LISTEN         ?= :8080
# go test arguments, e.g. make test PKG=./org/... TESTFLAGS='-run TestTree -v'
PKG                ?= ./...
TESTFLAGS          ?=

MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
STACK_DIR     := $(abspath $(VAR))
GO_FILES       = $(shell find . -path ./node_modules -prune -o -path ./var -prune -o -path ./.git -prune -o -name '*.go' -print)

# Browser libraries (scripts, and the stylesheet of the editor) copied from
# node_modules into the embedded static files.
VENDOR     := web/static/vendor
VENDOR_SRC := node_modules/htmx.org/dist/htmx.min.js \
              node_modules/hls.js/dist/hls.min.js \
              node_modules/hls.js/dist/hls.worker.js \
              node_modules/echarts/dist/echarts.min.js \
              node_modules/quill/dist/quill.js \
              node_modules/quill/dist/quill.js.LICENSE.txt \
              node_modules/quill/dist/quill.snow.css
VENDOR_FILES := $(addprefix $(VENDOR)/,$(notdir $(VENDOR_SRC)))

.PHONY: help deps sysdeps build run stop clean test bench lint fmt

help: ## Show this help
	@echo 'Usage: make TARGET [VAR=var PG_PORT=55432 MINIO_PORT=59000 MINIO_CONSOLE_PORT=59001 LMS_LISTEN=:8080]'
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: sysdeps bin/minio node_modules/.package-lock.json ## Install what is missing: apt packages, bin/minio, node_modules

# apt packages (postgresql, ffmpeg, chromium, wrk, npm…) come first: the
# rules below need go and npm.
sysdeps:
	@scripts/deps.sh

bin/minio: | sysdeps
	GOBIN=$(CURDIR)/bin go install github.com/minio/minio@$(MINIO_VERSION)

# npm ci writes node_modules/.package-lock.json, so it reruns only when the
# lock file changes.
node_modules/.package-lock.json: package.json package-lock.json | sysdeps
	npm ci --no-audit --no-fund
	@touch $@

$(VENDOR_FILES): node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	cp $(filter %/$(notdir $@),$(VENDOR_SRC)) $@

build: $(VENDOR_FILES) ## Build bin/lms (browser assets first: they are embedded)
	go build -o bin/lms ./cmd/lms

run: deps build ## Start PostgreSQL + MinIO under ./var, migrate, seed the demo, serve on LMS_LISTEN
	@scripts/stack.sh start $(STACK_DIR) --pg-port $(PG_PORT) --minio-port $(MINIO_PORT) --console-port $(MINIO_CONSOLE_PORT)
	@set -a; . $(STACK_DIR)/lms.env; set +a; \
	  bin/lms migrate up; \
	  bin/lms seed demo; \
	  export LMS_LISTEN='$(LMS_LISTEN)'; \
	  echo "lms: serving on $$LMS_LISTEN (services keep running after Ctrl-C: make stop)"; \
	  exec bin/lms serve

stop: ## Stop the PostgreSQL and MinIO started by make run
	@scripts/stack.sh stop $(STACK_DIR)

clean: stop ## Stop the services and delete ./var (database, objects, credentials)
	rm -rf $(STACK_DIR)

test: deps build ## Run go test against a throwaway PostgreSQL + MinIO on free ports
	@scripts/stack.sh exec --fast -- go test -count=1 -timeout 20m $(TESTFLAGS) $(PKG)

bench: deps build ## Load-test bin/lms serve (wrk, bin/lmsload) against a throwaway stack
	go build -o bin/lmsload ./cmd/lmsload
	@scripts/bench.sh

lint: ## gofmt must have nothing to say; go vet
	@files='$(GO_FILES)'; [[ -z $$files ]] || out=$$(gofmt -l $$files); \
	  if [[ -n $${out:-} ]]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...

fmt: ## gofmt -w every Go file
	@files='$(GO_FILES)'; [[ -z $$files ]] || gofmt -w $$files
