#!/bin/sh
# Reproduces the date tagger's development numbers (issue 4).
# Run from the worktree root after `meson setup _build && ninja -C _build`:
#   sh tests/timex-dev-eval.sh [-v]
# Tags every TimeBank and AQUAINT document of ../shared/data/timeml/TBAQ-cleaned
# (all of it is training/development data; the TempEval-3 test set is held out)
# into _build/timex-dev/ and prints the TempEval-3 scores per folder and in total.
# -v lists every miss, spurious tag and wrong value.
# The same numbers through the dossier command line, one file at a time:
#   for d in TimeBank AQUAINT; do mkdir -p out/$d; for f in $data/$d/*.tml; do
#     _build/app/dossier extract --from timeml --to timeml "$f" > out/$d/$(basename "$f"); done; done
#   _build/app/dossier eval-timex $data out
set -e
data="${DOSSIER_SHARED_DATA:-../shared/data}/timeml/TBAQ-cleaned"
out=_build/timex-dev
rm -rf "$out"
_build/tests/timex-tool tag-dir "$data" "$out"
_build/tests/timex-tool eval-timex "$@" "$data" "$out"
