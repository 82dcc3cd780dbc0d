#!/bin/sh
# Run one test target's command with its output in a log, printed whole
# when it ends (so that `make -j2` does not interleave two suites), with
# its time; a failure prints the log, says where it is and exits 1.
# usage: run-logged.sh NAME LOG COMMAND...
name=$1 log=$2
shift 2
mkdir -p "$(dirname "$log")"
t0=$(date +%s)
if "$@" > "$log" 2>&1; then rc=0; else rc=$?; fi
cat "$log"
if [ "$rc" -ne 0 ]; then
	echo "$name: FAILED (exit $rc), log in $log"
	exit 1
fi
echo "$name: ok in $(($(date +%s) - t0)) s"
