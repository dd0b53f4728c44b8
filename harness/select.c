// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The test registry (filled by NT_TEST()'s constructors) and choosing
 * what runs: the name glob, the area, and a shuffle that a seed repeats.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const struct nt_test **registry;
static size_t registry_nr, registry_cap;

void nt_register(const struct nt_test *test)
{
	if (registry_nr == registry_cap) {
		size_t cap = registry_cap ? registry_cap * 2 : 64;
		const struct nt_test **n = realloc(registry, cap * sizeof(*n));

		/* a constructor has nobody to return an error to */
		if (!n)
			abort();
		registry = n;
		registry_cap = cap;
	}
	registry[registry_nr++] = test;
}

const struct nt_test *const *nt_tests(size_t *nr)
{
	*nr = registry_nr;
	return registry;
}

size_t nt_select(const struct nt_test *const *all, size_t nr, const char *glob,
		 const char *area, const struct nt_test **out)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++) {
		if (glob && fnmatch(glob, all[i]->name, 0))
			continue;
		if (area && strcmp(area, all[i]->area))
			continue;
		out[n++] = all[i];
	}
	return n;
}

/* splitmix64: a full-period generator whose sequence a seed fixes. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void nt_shuffle(const struct nt_test **v, size_t n, uint64_t seed)
{
	uint64_t s = seed;

	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(splitmix64(&s) % i);
		const struct nt_test *tmp = v[i - 1];

		v[i - 1] = v[j];
		v[j] = tmp;
	}
}
