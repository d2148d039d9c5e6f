#!/bin/sh
# Reproduces the date tagger's development numbers (issue 4).
# Run from the worktree root after `meson setup _build && ninja -C _build`:
#   sh tests/timex-dev-eval.sh [-v]
# Tags every TimeBank and AQUAINT document of ../shared/data/timeml/TBAQ-cleaned
# (all of it is training/development data; the TempEval-3 test set is held out)
# into _build/timex-dev/ and prints the TempEval-3 scores per folder and in total.
set -e
data="${DOSSIER_SHARED_DATA:-../shared/data}/timeml/TBAQ-cleaned"
out=_build/timex-dev
rm -rf "$out"
_build/tests/timex-tool tag-dir "$data" "$out"
_build/tests/timex-tool eval-timex "$@" "$data" "$out"
