# Site spec for ../shared/peer-bench/side_by_side.sh: bakerydemo as peer_setup.sh built it in
# $PEER_DIR, with one row for each Shuyong row of bench/side_by_side.sh (same order).
source "$(dirname "${BASH_SOURCE[0]}")/../../../shared/peer-bench/specs/bakerydemo.sh"
# home, listing, listing, detail (scene page), detail (solution page), home (contest page), search
SITE_PATHS="/ /breads/ /blog/ /breads/anadama-bread/ /breads/anadama-bread/ / /search/?q=bread"
