// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmetest-conformance: the conformance suite's program. The tests of
 * the conformance folder register themselves; the harness runner does the rest
 * (docs/harness.md).
 */
#include <nvmetest-harness.h>

int main(int argc, char **argv)
{
	return nt_main(argc, argv);
}
