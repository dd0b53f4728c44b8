// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reproducer of finding F6 (docs/fuzz.md, "Findings"): at remove a
 * mapping of a DMA buffer whose handle was already dropped (DBUF_FREE)
 * is not torn down, and its pages are freed under it. It fails (exit 1)
 * while the driver has the bug.
 *
 * The header promises that at remove "every mapping is torn down (later
 * accesses get SIGBUS) and the memory freed". nvmt_dbuf_remove() zaps a
 * mapped buffer's pages with unmap_mapping_range() at file offset
 * b->handle << 32, but DBUF_FREE set b->handle to 0 (the mapping keeps
 * the buffer alive, as documented): the zap then covers offsets 0 ..
 * size, where no mapping is, and the buffer's own mapping keeps its page
 * table entries to the coherent memory nvmt_dbuf_free_mem() frees right
 * after. The process can then read and write pages the kernel reuses.
 *
 *   DBUF_ALLOC A and B (one page each), mmap both, fill them;
 *   DBUF_FREE A (its mapping stays, as the header says);
 *   unbind the function (remove) with the file still open;
 *   read B's mapping in a child: SIGBUS (the control: a live handle);
 *   read A's mapping in a child: SIGBUS expected; with the bug it reads.
 *
 * It only reads the freed page. Found by reading kmod/dbuf.c while
 * writing the fuzzer's DBUF coverage (the fuzzer does not unbind).
 *
 * Usage (in the VM): tests/fuzz/repro-guest.sh dbuf_remove
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/nvmetest.h>

#define PAGE	4096

static uint8_t *map_buf(int fd, uint32_t *handle, uint8_t fill)
{
	struct nvmetest_dbuf_alloc da = { .size = PAGE };
	uint8_t *p;

	if (ioctl(fd, NVMETEST_IOC_DBUF_ALLOC, &da)) {
		fprintf(stderr, "repro: DBUF_ALLOC: %s\n", strerror(errno));
		return NULL;
	}
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)da.mmap_offset);
	if (p == MAP_FAILED) {
		fprintf(stderr, "repro: mmap: %s\n", strerror(errno));
		return NULL;
	}
	memset(p, fill, PAGE);
	*handle = da.handle;
	return p;
}

/* Read a byte of @p in a child: the signal that ended it, or 0 and the byte. */
static int read_in_child(const volatile uint8_t *p, int *byte)
{
	int pipefd[2], st = 0;
	unsigned char b = 0;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		signal(SIGBUS, SIG_DFL);
		b = p[123];
		if (write(pipefd[1], &b, 1) != 1)
			_exit(3);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &b, 1) == 1)
		*byte = b;
	close(pipefd[0]);
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static int unbind(const char *bdf)
{
	int fd = open("/sys/bus/pci/drivers/nvmetest/unbind", O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, bdf, strlen(bdf));
	close(fd);
	return n < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/nvmetest0";
	struct nvmetest_info info;
	struct nvmetest_dbuf_free df = { 0 };
	uint32_t ha = 0, hb = 0;
	uint8_t *a, *b;
	int fd, sig_a, sig_b, byte_a = -1, byte_b = -1;

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "repro: %s: %s\n", dev, strerror(errno));
		return 2;
	}
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, NVMETEST_IOC_INFO, &info)) {
		fprintf(stderr, "repro: INFO: %s\n", strerror(errno));
		return 2;
	}
	a = map_buf(fd, &ha, 0xa5);
	b = map_buf(fd, &hb, 0x5a);
	if (!a || !b)
		return 2;
	df.handle = ha;
	if (ioctl(fd, NVMETEST_IOC_DBUF_FREE, &df)) {
		fprintf(stderr, "repro: DBUF_FREE: %s\n", strerror(errno));
		return 2;
	}
	if (a[123] != 0xa5) {
		fprintf(stderr, "repro: the mapping of a freed handle lost its page before remove\n");
		return 2;
	}
	if (unbind(info.bdf)) {
		fprintf(stderr, "repro: unbind %s: %s\n", info.bdf, strerror(errno));
		return 2;
	}
	sig_b = read_in_child(b, &byte_b);
	sig_a = read_in_child(a, &byte_a);
	printf("repro: after remove: buffer %u (handle live) read %s; buffer %u (handle freed, still mapped) read %s",
	       hb, sig_b == SIGBUS ? "SIGBUS" : "no SIGBUS", ha,
	       sig_a == SIGBUS ? "SIGBUS" : "no SIGBUS");
	if (!sig_a)
		printf(" (byte %#x, 0xa5 written before)", byte_a);
	printf("\n");
	if (sig_b != SIGBUS) {
		printf("not ok F6: even the mapping of a live handle survived remove\n");
		return 1;
	}
	printf("%s F6: a mapping of a buffer freed by DBUF_FREE %s remove\n",
	       sig_a == SIGBUS ? "ok" : "not ok",
	       sig_a == SIGBUS ? "is torn down at" : "keeps its freed pages after");
	return sig_a == SIGBUS ? 0 : 1;
}
