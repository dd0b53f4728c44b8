// SPDX-License-Identifier: GPL-2.0-only
/*
 * Entry point of the nvmetest CLI. Everything else lives in commands.c
 * (the table and dispatch) so that the unit tests can link it without a
 * second main().
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
