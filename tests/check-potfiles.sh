#!/bin/sh
# Every source file with a translatable string is listed in po/POTFILES.in,
# and every file listed there exists.
set -u
top=$1
status=0
listed=$(grep -v '^#' "$top/po/POTFILES.in" | sed '/^$/d')
for f in $listed; do
  [ -f "$top/$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; status=1; }
done
cd "$top"
for f in $(grep -rlE '(^|[^a-zA-Z0-9_])N?_\("|translatable="yes"' app widgets resources \
             --include='*.c' --include='*.ui' 2>/dev/null | sort); do
  echo "$listed" | grep -qx "$f" || { echo "not in po/POTFILES.in: $f"; status=1; }
done
[ $status -eq 0 ] && echo "po/POTFILES.in covers every translatable file"
exit $status
