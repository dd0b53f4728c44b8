# SPDX-License-Identifier: GPL-2.0-only
# Sourced by tests/stress/guest.sh: the figures each stress loop prints
# (docs/stress.md, "Reading the figures"): unreclaimable slab memory
# (/proc/meminfo SUnreclaim) and the slab caches that grew, before and
# after a loop, and a kmemleak scan when the kernel has kmemleak. Needs
# ok(), not_ok() and skip NAME REASON of the caller.

KMEMLEAK=/sys/kernel/debug/kmemleak

# slab_snapshot TAG: SUnreclaim (kB) and /proc/slabinfo now, kept in /tmp
# (the guest's own tmpfs). RCU-deferred frees get a second to land first.
slab_snapshot() {
	sync
	sleep 1
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo > "/tmp/stress-sunreclaim.$1"
	cat /proc/slabinfo > "/tmp/stress-slabinfo.$1" 2> /dev/null
}

# slab_report LOOP ITERATIONS SECONDS: nvmetest's own caches, the caches
# whose memory changed most, and the summary line of the loop.
slab_report() {
	local loop=$1 iters=$2 secs=$3 before after own
	before=$(cat /tmp/stress-sunreclaim.before)
	after=$(cat /tmp/stress-sunreclaim.after)
	own=$(grep -i nvmetest /tmp/stress-slabinfo.after)
	if [ -n "$own" ]; then
		grep -i nvmetest /tmp/stress-slabinfo.before | sed 's/^/# slabinfo before: /'
		echo "$own" | sed 's/^/# slabinfo after:  /'
	else
		echo "# slabinfo: no cache of nvmetest's own (the driver calls no kmem_cache_create; its objects are in the kmalloc-* caches)"
	fi
	# name active_objs num_objs objsize ...: active bytes per cache
	awk 'FNR <= 2 { next }
	     FNR == NR { b[$1] = $2 * $4; next }
	     { d = $2 * $4 - b[$1]; if (d != 0) printf "%d %s %d\n", (d < 0 ? -d : d), $1, d }' \
		/tmp/stress-slabinfo.before /tmp/stress-slabinfo.after 2> /dev/null |
		sort -rn | head -5 |
		awk '{ printf "# slab change: %-24s %+d kB\n", $2, $3 / 1024 }'
	printf '# summary %s: %d iterations, %d s, SUnreclaim %d kB before, %d kB after, delta %+d kB\n' \
		"$loop" "$iters" "$secs" "$before" "$after" "$((after - before))"
}

# kmemleak_start: forget what kmemleak found before the loop (boot, the
# module load), so that the check after it reports the loop's leaks only.
kmemleak_start() {
	[ -e "$KMEMLEAK" ] && echo clear > "$KMEMLEAK" 2> /dev/null
	return 0
}

# kmemleak_check LOOP: two scans (an object is reported once it has been
# unreferenced through a whole scan and is older than 5 s), then the
# report, kept as kmemleak-LOOP.txt in the results folder. A report with
# [nvmetest] in its backtrace fails; the others are counted only.
kmemleak_check() {
	local loop=$1 report ours total
	if [ ! -e "$KMEMLEAK" ]; then
		skip "kmemleak after $loop" "no $KMEMLEAK on $(uname -r) (no CONFIG_DEBUG_KMEMLEAK; the debug kernel has it)"
		return
	fi
	if ! echo scan > "$KMEMLEAK" 2> /dev/null; then
		skip "kmemleak after $loop" "kmemleak is off (booted with kmemleak=off, or it disabled itself: see dmesg)"
		return
	fi
	sleep 5
	echo scan > "$KMEMLEAK"
	report=$NVMETEST_RESULTS/kmemleak-$loop.txt
	cat "$KMEMLEAK" > "$report"
	total=$(grep -c '^unreferenced object' "$report")
	# one record: from its "unreferenced object" line to the next
	ours=$(awk '/^unreferenced object/ { n++ } /\[nvmetest\]/ { hit[n] = 1 }
		END { c = 0; for (k in hit) c++; print c }' "$report")
	if [ "$ours" -gt 0 ]; then
		not_ok "kmemleak after $loop: $ours of $total unreferenced objects have [nvmetest] in their backtrace (kmemleak-$loop.txt)"
		awk '/^unreferenced object/ { if (keep) printf "%s", rec; rec = ""; keep = 0 }
		     { rec = rec "# " $0 "\n" } /\[nvmetest\]/ { keep = 1 }
		     END { if (keep) printf "%s", rec }' "$report" | head -80
	else
		ok "kmemleak after $loop: none with [nvmetest] ($total unreferenced objects in all, kmemleak-$loop.txt)"
	fi
}
