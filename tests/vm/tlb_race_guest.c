// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inside the VM, for tests/vm/qemu-tlb-race: a reproducer of a race in
 * QEMU's TCG memory map handling (docs/qemu-nvme-bug.md, "The other
 * patches"), not a test of nvmetest. One thread, on CPU 0, toggles Memory
 * Space Enable of PCI function TOGGLE through its sysfs config file: each
 * toggle is a new memory map, which every vCPU must switch to. Another
 * thread, on CPU 1, reads the first dword of BAR0 of function READ (an
 * NVMe controller's CAP) through its sysfs resource0 mapping, over and
 * over. While CPU 1 has not switched yet, its TLB holds the old map's
 * section numbers; a QEMU that looks them up in the new map reads the
 * wrong region (a value other than CAP) or aborts in iotlb_to_section().
 * A correct QEMU gives CAP every time.
 *
 * Usage: tlb_race_guest TOGGLE_BDF READ_BDF SECONDS
 * TAP on stdout; exit 0 when every read gave CAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static atomic_bool stop;
static int cfg_fd;
static uint16_t command;
static volatile const uint32_t *bar;
static uint32_t cap_lo;
static uint64_t toggles, toggle_errors, reads, wrong;
static uint32_t first_wrong;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "# sched_setaffinity(%d): %s\n", cpu, strerror(errno));
}

static void *toggler(void *arg)
{
	uint16_t off = command & ~2u, on = command | 2u;

	(void)arg;
	pin(0);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (pwrite(cfg_fd, &off, 2, 4) != 2 || pwrite(cfg_fd, &on, 2, 4) != 2)
			toggle_errors++;
		toggles++;
	}
	return NULL;
}

static void *reader(void *arg)
{
	uint32_t v;

	(void)arg;
	pin(1);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		v = bar[0];
		if (v != cap_lo && !wrong++)
			first_wrong = v;
		reads++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char path[256];
	pthread_t t1, t2;
	int fd, secs;
	void *map;

	if (argc != 4 || (secs = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: %s TOGGLE_BDF READ_BDF SECONDS\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", argv[1]);
	cfg_fd = open(path, O_RDWR);
	if (cfg_fd < 0 || pread(cfg_fd, &command, 2, 4) != 2) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", argv[2]);
	fd = open(path, O_RDWR | O_SYNC);
	map = fd < 0 ? MAP_FAILED :
	      mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	bar = map;
	cap_lo = bar[0];
	printf("# %s command 0x%04x; %s CAP[31:0] 0x%08" PRIx32 "\n",
	       argv[1], command, argv[2], cap_lo);
	if (pthread_create(&t1, NULL, toggler, NULL) ||
	    pthread_create(&t2, NULL, reader, NULL)) {
		fprintf(stderr, "pthread_create failed\n");
		return 2;
	}
	sleep(secs);
	atomic_store(&stop, true);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	/* leave the toggled function as it was */
	if (pwrite(cfg_fd, &command, 2, 4) != 2)
		toggle_errors++;

	printf("%sok 1 Memory Space Enable toggled without an error (%" PRIu64 " toggles)\n",
	       toggles && !toggle_errors ? "" : "not ", toggles);
	if (toggle_errors)
		printf("# %" PRIu64 " config writes failed\n", toggle_errors);
	printf("%sok 2 every read of CAP during the toggles gave it (%" PRIu64 " reads of 0x%08" PRIx32 ")\n",
	       reads && !wrong ? "" : "not ", reads, cap_lo);
	if (wrong)
		printf("# %" PRIu64 " reads gave another value, the first 0x%08" PRIx32 "\n",
		       wrong, first_wrong);
	return toggles && !toggle_errors && reads && !wrong ? 0 : 1;
}
