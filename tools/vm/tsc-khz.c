// SPDX-License-Identifier: GPL-2.0-only
/*
 * tsc-khz: print the host's TSC frequency in kHz, measured against
 * CLOCK_MONOTONIC_RAW over about 200 ms. Under TCG QEMU's guest TSC is
 * the host's (cpu_get_ticks() adds the host's rdtsc), so tools/vm/run
 * gives the guest this value (tsc_early_khz=) instead of letting it
 * calibrate: on a loaded host the guest's PIT calibration was measured
 * 19 times too low, and its clock then ran 19 times too fast.
 * Each end of the interval is the (clock, TSC, clock) read whose two
 * clock reads lie closest together out of 50, so a preemption between
 * the reads does not count. x86-64 only.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static uint64_t ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The TSC and the time in the middle of the tightest bracket. */
static void sample(uint64_t *tsc, uint64_t *when)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 50; i++) {
		uint64_t a = ns(), c = __rdtsc(), b = ns();

		if (b - a < best) {
			best = b - a;
			*tsc = c;
			*when = a + (b - a) / 2;
		}
	}
}

int main(void)
{
	struct timespec d = { .tv_sec = 0, .tv_nsec = 200000000 };
	uint64_t c0, t0, c1, t1;

	sample(&c0, &t0);
	nanosleep(&d, NULL);
	sample(&c1, &t1);
	if (t1 <= t0 || c1 <= c0)
		return 1;
	printf("%llu\n", (unsigned long long)((c1 - c0) * 1000000 / (t1 - t0)));
	return 0;
}
