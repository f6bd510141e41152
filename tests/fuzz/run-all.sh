#!/bin/bash
# run-all.sh - build the four libFuzzer harnesses from a source tree in a
# scratch folder, then run each to a number of executions with the seed
# corpora, one after the other (or two at a time), logging execution counts
# and findings.  See tests/fuzz/README.md.
#
# usage: run-all.sh [-j 1|2] [-k] [-m MAXLEN] [-t SECONDS] [-r REV]
#                   [-x CFLAGS] TREE SCRATCH RUNS [HARNESS...]
#
#   TREE     dipline source tree: a git work tree (REV of it, default HEAD,
#            is exported) or an unconfigured copy (taken as it is)
#   SCRATCH  folder for everything the script makes (created; not /tmp):
#            tree/ the instrumented build, bin/ the harnesses, seeds/H/,
#            corpus/H/ (kept from one campaign to the next), findings/H/
#            (crash-*, leak-*, timeout-*, oom-*), logs/H.log, tmp/ (the
#            harnesses' TMPDIR, emptied at the end), summary.txt
#   RUNS     executions per harness (libFuzzer -runs)
#   HARNESS  pipeline, timeline, ingest, dictionary (default: all four)
#   -j N     harnesses run at a time (1 or 2; the build uses make -jN)
#   -k       keep going after a finding (-fork=1 -ignore_crashes=1 ...)
#   -m N     -max_len (default 4096)
#   -t N     -timeout per input in seconds (default 10)
#   -x FLAGS more compiler flags for the library and the harnesses (to get
#            past a known finding, e.g. -fno-sanitize=pointer-overflow)
#
# Exit status 0 when every harness ran RUNS executions without a finding.
set -u

jobs=1 keep=0 maxlen=4096 timeout=10 rev=HEAD extra=''
while getopts 'j:km:t:r:x:' opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	k) keep=1 ;;
	m) maxlen=$OPTARG ;;
	t) timeout=$OPTARG ;;
	r) rev=$OPTARG ;;
	x) extra=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
usage() {
	echo "usage: $0 [-j 1|2] [-k] [-m MAXLEN] [-t SECONDS] [-r REV] [-x CFLAGS] TREE SCRATCH RUNS [HARNESS...]" >&2
	exit 2
}
[ $# -ge 3 ] || usage
[ "$3" -gt 0 ] 2>/dev/null || usage
case $jobs in 1|2) ;; *) usage ;; esac
src=$(cd "$1" && pwd) || exit 2
mkdir -p "$2" || exit 2
scratch=$(cd "$2" && pwd) || exit 2
case $scratch/ in
"$src"/|/tmp/) echo "run-all.sh: SCRATCH must be a folder of its own" >&2; exit 2 ;;
esac
runs=$3
shift 3
harnesses=${*:-pipeline timeline ingest dictionary}
for h in $harnesses; do
	case $h in
	pipeline|timeline|ingest|dictionary) ;;
	*) echo "run-all.sh: unknown harness '$h'" >&2; exit 2 ;;
	esac
done

say() { echo "run-all.sh: $*" | tee -a "$scratch/summary.txt"; }
die() { echo "run-all.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- build

tree=$scratch/tree bin=$scratch/bin
rm -rf "$tree" "$bin" "$scratch/seeds" "$scratch/tmp"
mkdir -p "$tree" "$bin" "$scratch/logs" "$scratch/tmp" || exit 1
: >"$scratch/summary.txt"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" archive "$rev" | tar -x -C "$tree" || die "cannot export $rev of $src"
	say "tree: $src at $(git -C "$src" rev-parse "$rev")"
else
	(cd "$src" && tar -cf - --exclude=.git .) | tar -x -C "$tree" || die "cannot copy $src"
	say "tree: $src (not a git tree)"
fi
[ -n "$extra" ] && say "extra compiler flags: $extra"
san='address,undefined -fno-sanitize-recover=undefined'
(
	cd "$tree" && ./autogen.sh && ./configure -q CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,$san $extra" &&
	make -j"$jobs" src/libdipline.a src/dipline &&
	for h in pipeline timeline ingest dictionary; do
		clang -g -O1 -fsanitize=fuzzer,$san $extra -DHAVE_CONFIG_H \
			-DFUZZ_RULES_DIR="\"$tree/src/rules\"" -I. \
			"tests/fuzz/fuzz_$h.c" src/libdipline.a -ljansson -lical \
			-licalss -licalvcal -lpcre2-8 -lhs -lstdc++ -lm -lpthread -o "$bin/fuzz_$h" ||
			exit 1
	done
) >"$scratch/logs/build.log" 2>&1 || die "build failed: see $scratch/logs/build.log"

# ---------------------------------------------------------------- seeds

# Each seed file is named after what it holds; selector bytes as in
# tests/fuzz/README.md.  The dict_* functions are called by name.
# shellcheck disable=SC2317
seed() {	# seed HARNESS NAME: stdin into seeds/HARNESS/NAME
	cat >"$scratch/seeds/$1/$2"
}
bom() { printf '\357\273\277'; cat; }
crlf() { sed 's/$/\r/'; }
lonecr() { tr '\n' '\r'; }
jsonarray() { printf '['; paste -sd, -; printf ']\n'; }
pretty() {
	printf '{\n  "id": "pretty-1",\n  "title": "Envoys meet",\n'
	printf '  "published": "2024-03-21",\n'
	printf '  "text": "Envoys meet\\n\\nFrench Foreign Minister Claire Dubois met '
	printf 'German Foreign Minister Hans Weber in Paris on Thursday.\\n"\n}\n'
}
for h in pipeline timeline ingest dictionary; do
	mkdir -p "$scratch/seeds/$h" "$scratch/corpus/$h" "$scratch/findings/$h"
done
S=$tree/samples
txts=("$S"/*.txt) jsonls=("$S"/*.jsonl)
if [ ! -f "${txts[1]:-}" ] || [ ! -f "${jsonls[0]}" ]; then
	die "samples/ should hold two .txt files and a .jsonl file"
fi
jsonl=${jsonls[0]}
# pipeline: article texts
for f in "${txts[@]}" "$tree"/tests/cases/*/*.txt; do
	seed pipeline "$(basename "$(dirname "$f")")-$(basename "$f")" <"$f"
done
# timeline: built timelines (fixtures and a build of the samples)
for f in "$tree"/tests/cases/graph/*; do
	[ -f "$f" ] && seed timeline "graph-$(basename "$f")" <"$f"
done
for fmt in json jsonl; do
	out=$scratch/seeds/timeline/samples.$fmt
	if ! "$tree/src/dipline" build -q -f "$fmt" "$S" >"$out" 2>"$scratch/logs/seeds.log"; then
		say "warning: the instrumented 'dipline build -f $fmt samples' failed" \
			"(a finding? see $scratch/logs/seeds.log): no samples.$fmt seed"
		rm -f "$out"
	fi
done
# ingest: a selector byte, then the file
i=0
for f in "${txts[@]}"; do
	i=$((i + 1))
	for sel in 0 8 4 6 '>' 5 7; do
		(printf '%s' "$sel"; cat "$f") | seed ingest "txt$i-$sel"
	done
	(printf 0; bom <"$f") | seed ingest "txt$i-bom"
	(printf 4; bom <"$f") | seed ingest "txt$i-bom-noext"
	(printf 0; crlf <"$f") | seed ingest "txt$i-crlf"
	(printf 0; lonecr <"$f") | seed ingest "txt$i-cr"
	(printf 6; lonecr <"$f") | seed ingest "txt$i-cr-stdin"
done
for sel in 2 3 4 6 ':'; do
	(printf '%s' "$sel"; cat "$jsonl") | seed ingest "jsonl-$sel"
done
for sel in 1 4 6; do
	(printf '%s' "$sel"; jsonarray <"$jsonl") | seed ingest "json-$sel"
done
(printf 1; jsonarray <"$jsonl" | bom) | seed ingest json-bom
(printf 2; bom <"$jsonl") | seed ingest jsonl-bom
(printf 2; crlf <"$jsonl") | seed ingest jsonl-crlf
for sel in 2 1 4 6; do
	(printf '%s' "$sel"; pretty) | seed ingest "pretty-$sel"
done
printf 0 | seed ingest empty-txt
# dictionary: a selector byte, a user dictionary, a form feed, the article
T=$(printf '\t')
dict_state() { echo "state${T}GRC${T}GRC${T}GRC${T}Greece${T}Greece|Hellas${T}Greeks?|Hellenic${T}Athens"; }
dict_person() {
	echo "person${T}person:claire-dubois${T}FRA${T}-${T}Claire Dubois${T}Claire Dubois|Dubois${T}female${T}-"
	echo "org${T}org:harbour-council${T}-${T}IGO${T}Harbour Council${T}Harbour Council|the Council${T}-${T}-"
}
dict_kinds() {
	echo "title${T}Special Envoy|Envoy${T}envoy${T}male"
	echo "alias${T}Yannis${T}Giannis"
	echo "sector${T}coast guard${T}cg${T}state${T}coast guard${T}bare"
	echo "place${T}GRC${T}Piraeus|Thessaloniki"
	echo "pronoun${T}they${T}male"
	echo "notname${T}Monday${T}Envoy"
	echo "sectormod${T}new|own"
}
dict_stock() {	# a few lines of every kind of the project's dictionary
	for k in state org group person title sector alias pronoun place \
		sectormod titlemod notname ethnic possessive locative plural; do
		grep -m 2 "^$k$T" "$tree/src/rules/actors.tsv"
	done
}
dict_empty() { :; }
dict_bad() { echo "state${T}XXA"; }
for d in state person kinds stock empty bad; do
	for a in "H:${txts[0]}" "0:${txts[1]}" "2:$jsonl" "6:${txts[0]}"; do
		sel=${a%%:*} f=${a#*:}
		(printf '%s' "$sel"; "dict_$d"; printf '\f'; cat "$f") |
			seed dictionary "$d-$sel-$(basename "$f")"
	done
done

# ---------------------------------------------------------------- runs

export TMPDIR=$scratch/tmp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
fuzz_opts="-max_len=$maxlen -timeout=$timeout -rss_limit_mb=2048 -close_fd_mask=2 -print_final_stats=1"
[ $keep = 1 ] && fuzz_opts="$fuzz_opts -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"

run_one() {	# run_one HARNESS: one libFuzzer run, then a summary line
	local h=$1 dict='' mark rc secs log done_runs found crashes rate status f
	case $h in ingest|dictionary) dict=-dict=$tree/tests/fuzz/fuzz.dict ;; esac
	log=$scratch/logs/$h.log
	mark=$scratch/logs/.start-$h
	: >"$mark"
	secs=$SECONDS
	(cd "$scratch" && exec "$bin/fuzz_$h" $fuzz_opts $dict -runs="$runs" \
		-artifact_prefix="findings/$h/" "corpus/$h" "seeds/$h") \
		</dev/null >"$log" 2>&1
	rc=$?
	secs=$((SECONDS - secs))
	done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$done_runs" ] || done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	[ -n "$done_runs" ] || done_runs=$(sed -n 's/^#\([0-9][0-9]*\)[^0-9].*/\1/p' "$log" | tail -n 1)
	[ -n "$done_runs" ] || done_runs=0
	# artifacts written by this run (an old one found again is rewritten)
	found=$(find "$scratch/findings/$h" -type f -newer "$mark" | wc -l)
	# -k: the jobs' findings as counted by libFuzzer
	crashes=$(sed -n 's|.*oom/timeout/crash: \([0-9]*\)/\([0-9]*\)/\([0-9]*\).*|\1 \2 \3|p' "$log" | tail -n 1)
	rate=$((secs > 0 ? done_runs / secs : done_runs))
	status=ok
	if [ "$found" -gt 0 ] || [ "${crashes:-0 0 0}" != "0 0 0" ] ||
	    grep -q -E '^==[0-9]+==ERROR|^SUMMARY: |runtime error:' "$log"; then
		status=FINDING
	elif [ $rc != 0 ] || [ "$done_runs" -lt "$runs" ]; then
		status=INCOMPLETE
	fi
	say "fuzz_$h: $status: $done_runs of $runs runs in $secs s ($rate exec/s), $found finding(s) written${crashes:+ (oom/timeout/crash: ${crashes// //})}, exit $rc; log $log"
	find "$scratch/findings/$h" -type f -newer "$mark" | sort | while read -r f; do
		say "finding: $f"
	done
	rm -f "$mark"
	[ $status = ok ]
}

fail=0
set -- $harnesses
while [ $# -gt 0 ]; do
	if [ "$jobs" = 2 ] && [ $# -ge 2 ]; then
		run_one "$1" & p1=$!
		run_one "$2" & p2=$!
		wait $p1 || fail=1
		wait $p2 || fail=1
		shift 2
	else
		run_one "$1" || fail=1
		shift
	fi
done
left=$(ls -A "$TMPDIR")
[ -n "$left" ] && say "left in TMPDIR by a finding or a stopped job (removed):" $left
rm -rf "${TMPDIR:?}"/* "${TMPDIR:?}"/.[!.]* 2>/dev/null
if [ $fail = 0 ]; then
	say "all done: no finding"
else
	say "some harness found something or did not finish: see above"
fi
exit $fail
