#!/usr/bin/env bash
# Shuyong beside Wagtail's bakerydemo on the same stack (../shared/peer-bench/README.md), one command:
#   bench/side_by_side.sh [SCENES] [uncached|cached]
# SCENES (default 2000) builds /tmp/shuyong-sbs-SCENES.sqlite3 once (migrate + load_demo with
# SCENES/8.33 solutions: 2,000 → 240, 20,000 → 2,400). "uncached" (default) measures the pages'
# own work (the anonymous page cache off); "cached" the answer from the page cache, beside the
# static twin. Needs wrk and the peer: PEER_DIR (default /tmp/peer/bakerydemo), built from the
# bakerydemo mirror (BAKERYDEMO_MIRROR, the folder the search tool's fetch printed) if missing.
# Results: the Markdown table in bench/results/sbs-SCENES-MODE-<date>.md, raw runs in OUT_DIR
# (default /tmp/sbs-SCENES-MODE-<time>; results.json there).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
SCENES=${1:-2000}
MODE=${2:-uncached}
PEER_BENCH=$(cd "$HERE/../shared/peer-bench" && pwd)
PEER_DIR=${PEER_DIR:-/tmp/peer/bakerydemo}
DB=/tmp/shuyong-sbs-$SCENES.sqlite3
SOLUTIONS=$(( SCENES * 12 / 100 ))

if [ ! -x "$PEER_DIR/.venv/bin/python" ]; then
  : "${BAKERYDEMO_MIRROR:?set BAKERYDEMO_MIRROR to the bakerydemo mirror folder (search tool: fetch wagtail/bakerydemo)}"
  "$PEER_BENCH/peer_setup.sh" "$PEER_DIR" "$BAKERYDEMO_MIRROR"
fi
if [ ! -f "$DB" ]; then
  echo "building $DB: $SCENES scenes, $SOLUTIONS solutions"
  ( cd "$HERE" && export DATABASE_URL=sqlite:///$DB DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=$HERE \
    && time .venv/bin/python manage.py migrate -v0 \
    && time .venv/bin/python manage.py load_demo --scenes "$SCENES" --solutions "$SOLUTIONS" >/dev/null )
fi
case $MODE in
  uncached) CACHE=false ;;
  cached) CACHE=true ;;
  *) echo "MODE is uncached or cached" >&2; exit 2 ;;
esac
# Row by row against bench/peer/bakerydemo.sh: home, a listing with two facets deep in its pages, the
# solution listing, a scene page, a solution page, the contest page, site search for 养老.
export SHUYONG_PATHS="/ /scenes/?level=listed&year=2023&page=7 /solutions/ /scenes/gen-00036/ /solutions/enrolment-platform/ /contests/2026/ /search/?q=%E5%85%BB%E8%80%81"
export SHUYONG_DIR=$HERE SHUYONG_DB=$DB PEER_DIR SHOWCASE_CACHE_LISTINGS=$CACHE
export OUT_DIR=${OUT_DIR:-/tmp/sbs-$SCENES-$MODE-$(date +%Y%m%d-%H%M%S)}
export ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-3} WARMUP=${WARMUP:-1}
"$PEER_BENCH/side_by_side.sh" "$PEER_BENCH/specs/shuyong.sh" "$HERE/bench/peer/bakerydemo.sh" | tee "$HERE/bench/results/sbs-$SCENES-$MODE-$(date +%Y-%m-%d).md"
