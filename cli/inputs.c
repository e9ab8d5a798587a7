/*
 * inputs.c - the list of input files: named files, "-" for standard input,
 * and directories walked recursively.  Directory entries are taken in byte
 * order of their names, so the same tree always gives the same order (and,
 * with -j 1, the same article ids).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load.h"

Format
format_from_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');

	if (dot == NULL || (slash && dot < slash))
		return FORMAT_NONE;
	if (ascii_caseeq(dot, ".txt"))
		return FORMAT_TXT;
	if (ascii_caseeq(dot, ".jsonl") || ascii_caseeq(dot, ".ndjson"))
		return FORMAT_JSONL;
	if (ascii_caseeq(dot, ".csv"))
		return FORMAT_CSV;
	return FORMAT_NONE;
}

const char *
format_name(Format f)
{
	switch (f)
	{
		case FORMAT_TXT:
			return "txt";
		case FORMAT_JSONL:
			return "jsonl";
		case FORMAT_CSV:
			return "csv";
		default:
			return "none";
	}
}

static void
add_file(InputList *list, const char *path, Format format, long long size)
{
	if (list->n == list->cap)
	{
		list->cap = list->cap ? list->cap * 2 : 64;
		list->files = xrealloc(list->files, list->cap * sizeof(InputFile));
	}
	list->files[list->n].path = xstrdup(path);
	list->files[list->n].format = format;
	list->files[list->n].size = size;
	list->n++;
}

static void
skip_path(const char *path, const char *kind, const char *detail)
{
	skip_add(next_seq(), path, "", kind, detail);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* the directories being walked, to stop at a symbolic link loop */
typedef struct Ancestor
{
	dev_t		dev;
	ino_t		ino;
	const struct Ancestor *up;
} Ancestor;

static void
walk_directory(InputList *list, const char *path, const struct stat *st, const Ancestor *up)
{
	Ancestor	self = {st->st_dev, st->st_ino, up};
	DIR		   *dir;
	struct dirent *e;
	char	  **names = NULL;
	size_t		n = 0,
				cap = 0;

	for (const Ancestor *a = up; a; a = a->up)
		if (a->dev == st->st_dev && a->ino == st->st_ino)
		{
			skip_path(path, "directory loop", "a symbolic link leads back to a directory being walked");
			return;
		}
	if ((dir = opendir(path)) == NULL)
	{
		skip_path(path, "unreadable", strerror(errno));
		return;
	}
	while ((e = readdir(dir)) != NULL)
	{
		if (e->d_name[0] == '.')
			continue;			/* ., .., and hidden files */
		if (n == cap)
		{
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(char *));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(char *), by_name);
	for (size_t i = 0; i < n; i++)
	{
		size_t		len = strlen(path) + strlen(names[i]) + 2;
		char	   *child = xmalloc(len);
		struct stat cst;

		snprintf(child, len, "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (stat(child, &cst) != 0)
			skip_path(child, "unreadable", strerror(errno));
		else if (S_ISDIR(cst.st_mode))
			walk_directory(list, child, &cst, &self);
		else if (S_ISREG(cst.st_mode) && format_from_name(child) != FORMAT_NONE)
			add_file(list, child, format_from_name(child), (long long) cst.st_size);
		else
			list->ignored++;	/* not an article file: README, images, ... */
		free(child);
		free(names[i]);
	}
	free(names);
}

/*
 * Every input in command-line order.  "forced" (--format) is the format of
 * standard input and of named files without a known extension.
 */
void
inputs_collect(InputList *list, char **args, int nargs, Format forced)
{
	for (int i = 0; i < nargs; i++)
	{
		const char *path = args[i];
		struct stat st;
		Format		f;

		if (strcmp(path, "-") == 0)
		{
			add_file(list, path, forced, -1);
			continue;
		}
		if (stat(path, &st) != 0)
		{
			skip_path(path, "unreadable", strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode))
		{
			walk_directory(list, path, &st, NULL);
			continue;
		}
		f = format_from_name(path);
		if (f == FORMAT_NONE)
			f = forced;
		if (f == FORMAT_NONE)
			skip_path(path, "unknown format",
					  "not .txt, .jsonl, .ndjson or .csv: name its format with --format");
		else
			add_file(list, path, f, (long long) st.st_size);
	}
}
