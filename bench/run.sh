#!/bin/sh
# The search benchmark: StackFAQ as articles on both corpus variants, then the
# scale run. Tables go to the terminal, JSON and TREC run files to $OUT.
# Usage: sh bench/run.sh   (or `make bench`); override with environment variables:
#   PY=.venv/bin/python  DATA=$KB_SHARED_DIR/eval/stackfaq/beir  OUT=var/bench
#   BENCH_DOCS=1000,10000,100000  BENCH_SCALE_QUERIES=250
#   BENCH_DATABASE_SCALE_QUERIES=50  BENCH_ARGS="--as forum"
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DATA=${DATA:-${KB_SHARED_DIR:-../shared}/eval/stackfaq/beir}
OUT=${OUT:-var/bench}
BENCH_DOCS=${BENCH_DOCS:-1000,10000,100000}
BENCH_SCALE_QUERIES=${BENCH_SCALE_QUERIES:-250}
BENCH_DATABASE_SCALE_QUERIES=${BENCH_DATABASE_SCALE_QUERIES:-50}
BENCH_ARGS=${BENCH_ARGS:-}
mkdir -p "$OUT"

for variant in threads qa_pairs; do
    echo "== StackFAQ corpus.$variant.jsonl as articles"
    # shellcheck disable=SC2086
    $PY -m bench eval \
        --corpus "$DATA/corpus.$variant.jsonl" \
        --queries "$DATA/queries.jsonl" \
        --qrels "$DATA/qrels.$variant.tsv" \
        --json "$OUT/stackfaq-$variant.json" $BENCH_ARGS
    echo
done

# The built-in backend needs seconds a query from 1,000 documents on (SQLite FTS5
# through modelsearch): the scale run times Whoosh at every size and the built-in
# backend at the first size only, on fewer queries.
echo "== Scale: $BENCH_DOCS documents, whoosh, $BENCH_SCALE_QUERIES queries"
# shellcheck disable=SC2086
$PY -m bench scale --docs "$BENCH_DOCS" --backend whoosh \
    --corpus "$DATA/corpus.threads.jsonl" \
    --queries "$DATA/queries.jsonl" \
    --qrels "$DATA/qrels.threads.tsv" \
    --limit-queries "$BENCH_SCALE_QUERIES" \
    --json "$OUT/scale.json" $BENCH_ARGS
echo
first_size=${BENCH_DOCS%%,*}
echo "== Scale: $first_size documents, database, $BENCH_DATABASE_SCALE_QUERIES queries"
# shellcheck disable=SC2086
$PY -m bench scale --docs "$first_size" --backend database \
    --corpus "$DATA/corpus.threads.jsonl" \
    --queries "$DATA/queries.jsonl" \
    --qrels "$DATA/qrels.threads.tsv" \
    --limit-queries "$BENCH_DATABASE_SCALE_QUERIES" \
    --json "$OUT/scale-database.json" $BENCH_ARGS
echo
echo "JSON and TREC run files: $OUT/"
