# tests/lib.sh - TAP helpers for the shell tests.  Source it first.
# $DIPLINE is the binary under test; $top_srcdir the source tree.
set -u
: "${DIPLINE:=$(pwd)/src/dipline}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
T_N=0
T_FAIL=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dipline-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() {  # ok STATUS NAME: STATUS 0 passes
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
}

is() {  # is GOT WANT NAME
	T_N=$((T_N + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $T_N - $3"
	else
		echo "not ok $T_N - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -40
		T_FAIL=$((T_FAIL + 1))
	fi
}

skip() {  # skip NAME REASON
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

skip_all() {  # skip_all REASON: the whole file does not apply here
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}

# jget FILE EXPR: evaluate a Python expression on the JSON in FILE (as j).
jget() {
	"${PYTHON3:-python3}" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
