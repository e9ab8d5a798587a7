/*
 * ai_landscape_load.c - ai-landscape-load: load a corpus of articles into
 * the ai_landscape extension's articles table through COPY.
 *
 * The main thread reads the inputs in order and cuts the articles into
 * batches; batch k goes to connection k mod -j, whose thread loads its
 * batches in order, one transaction each.  In bulk mode the server defers
 * near-duplicate linking and one recluster() links everything at the end.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

#define QUEUE_DEPTH 2			/* batches waiting per connection */
#define DEFAULT_REPORT "ai-landscape-load.report"

static const char *usage_text =
"ai-landscape-load loads articles into the ai_landscape extension's table\n"
"ai_landscape.articles (through COPY, so its triggers segment them into claims).\n"
"\n"
"Usage:\n"
"  ai-landscape-load [OPTION]... INPUT...\n"
"\n"
"Inputs (read in the order given):\n"
"  FILE.txt            one article: the whole file is the body\n"
"  FILE.jsonl, .ndjson one JSON object per line with the fields body (required),\n"
"                      title, source, url, published (strings or null;\n"
"                      published in a form PostgreSQL reads as a date); other\n"
"                      fields are ignored\n"
"  FILE.csv            RFC 4180, a header row; columns chosen by name (below)\n"
"  DIRECTORY           walked recursively, names in byte order; only .txt,\n"
"                      .jsonl, .ndjson and .csv files are read, hidden files not\n"
"  -                   standard input (give --format)\n"
"\n"
"Input options:\n"
"      --format=FMT          txt, jsonl or csv: the format of standard input\n"
"                            and of named files without one of those extensions\n"
"      --title-first-line    .txt: the first line is the title, the rest body\n"
"      --source=TEXT         source of articles that do not name one\n"
"      --csv-body=COL        CSV column of the body (default \"body\"); likewise\n"
"      --csv-title=COL       --csv-title, --csv-source, --csv-url and\n"
"      --csv-source=COL      --csv-published (defaults \"title\", \"source\", \"url\",\n"
"      --csv-url=COL         \"published\"); names match the header ignoring ASCII\n"
"      --csv-published=COL   case and surrounding blanks; an empty field is NULL\n"
"      --encoding=ENC        decode files that are not valid UTF-8 from ENC\n"
"                            (latin1, windows-1252, or any name iconv -l lists);\n"
"                            without it such files are skipped and reported,\n"
"                            never guessed.  Valid UTF-8 is always read as UTF-8\n"
"\n"
"Loading options:\n"
"      --mode=MODE           bulk (default): the server stores claims without\n"
"                            linking near-duplicates (SET LOCAL\n"
"                            ai_landscape.defer_linking), then one recluster()\n"
"                            links duplicates, clusters and near-duplicate\n"
"                            articles at the end; best for a corpus.\n"
"                            stream: each article is linked as it loads; best\n"
"                            for a few articles added to a big table\n"
"                            (recluster() reads every claim)\n"
"      --batch=N             articles per transaction (default 100)\n"
"  -j, --jobs=N              parallel connections (default 1).  Batch k goes to\n"
"                            connection k mod N, which loads its batches in\n"
"                            input order; with N > 1 article ids follow input\n"
"                            order within a batch but not across batches, so\n"
"                            which copy of a repeated sentence is \"first\" may\n"
"                            change between runs.  With -j 1 ids follow the\n"
"                            input order exactly\n"
"\n"
"Output options:\n"
"      --report=FILE         where skipped inputs and articles are listed, one\n"
"                            per line: input, where, reason, detail; written on\n"
"                            every run (default: " DEFAULT_REPORT " in\n"
"                            the current directory)\n"
"      --progress-interval=S seconds between progress lines when standard error\n"
"                            is not a terminal (default 10; 0: after every\n"
"                            batch).  On a terminal a progress bar is redrawn\n"
"                            in place\n"
"  -q, --quiet               no progress output\n"
"      --help                show this help and exit\n"
"      --version             show the version and exit\n"
"\n"
"Connection options (as psql; the PG* environment variables and ~/.pgpass work):\n"
"  -d, --dbname=DB           database name, conninfo string or URI\n"
"  -h, --host=HOST           server host or socket directory\n"
"  -p, --port=PORT           server port\n"
"  -U, --username=USER       user name\n"
"\n"
"Articles are identified by their body (up to white space): running again over\n"
"the same inputs loads nothing new and says so.  A batch the server refuses is\n"
"loaded again one article at a time, and only the articles it refuses are\n"
"skipped.  Empty bodies are skipped before they are sent.\n"
"\n"
"Ctrl-C (or SIGTERM) stops the run after the batches being loaded; in bulk\n"
"mode what was loaded is then linked with recluster().  A second Ctrl-C ends\n"
"the program at once.  Running the same command again loads the rest.\n"
"\n"
"Exit status: 0 when every article was loaded or already present; 1 when\n"
"anything was skipped (see the report); 2 on a usage error, when the run\n"
"could not go on (no connection, no extension), or when it was interrupted.\n";

/* ---- options ---- */

static void
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ai-landscape-load: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry \"ai-landscape-load --help\" for more information.\n");
	exit(2);
}

static int
positive_int(const char *arg, const char *option)
{
	char	   *end;
	long		v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > 100000)
	{
		char		msg[128];

		snprintf(msg, sizeof(msg), "%s needs a whole number from 1 to 100000, not \"%%s\"", option);
		usage_error(msg, arg);
	}
	return (int) v;
}

static Format
parse_format(const char *arg)
{
	if (strcmp(arg, "txt") == 0)
		return FORMAT_TXT;
	if (strcmp(arg, "jsonl") == 0 || strcmp(arg, "ndjson") == 0)
		return FORMAT_JSONL;
	if (strcmp(arg, "csv") == 0)
		return FORMAT_CSV;
	usage_error("--format is txt, jsonl or csv, not \"%s\"", arg);
	return FORMAT_NONE;
}

enum
{
	OPT_MODE = 256, OPT_BATCH, OPT_FORMAT, OPT_ENCODING, OPT_TITLE_FIRST_LINE, OPT_SOURCE,
	OPT_CSV_BODY, OPT_CSV_TITLE, OPT_CSV_SOURCE, OPT_CSV_URL, OPT_CSV_PUBLISHED,
	OPT_REPORT, OPT_PROGRESS_INTERVAL, OPT_HELP, OPT_VERSION
};

static int
parse_options(int argc, char **argv, LoadOptions *o)
{
	static const struct option longopts[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"jobs", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"mode", required_argument, NULL, OPT_MODE},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"title-first-line", no_argument, NULL, OPT_TITLE_FIRST_LINE},
		{"source", required_argument, NULL, OPT_SOURCE},
		{"csv-body", required_argument, NULL, OPT_CSV_BODY},
		{"csv-title", required_argument, NULL, OPT_CSV_TITLE},
		{"csv-source", required_argument, NULL, OPT_CSV_SOURCE},
		{"csv-url", required_argument, NULL, OPT_CSV_URL},
		{"csv-published", required_argument, NULL, OPT_CSV_PUBLISHED},
		{"report", required_argument, NULL, OPT_REPORT},
		{"progress-interval", required_argument, NULL, OPT_PROGRESS_INTERVAL},
		{"help", no_argument, NULL, OPT_HELP},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	int			c;
	char	   *end;

	*o = (LoadOptions)
	{
		.bulk = true,.batch = 100,.jobs = 1,.report = DEFAULT_REPORT,.progress_interval = 10,
		.csv = {"body", "title", "source", "url", "published"}
	};
	while ((c = getopt_long(argc, argv, "d:h:p:U:j:q", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 'd':
				o->dbname = optarg;
				break;
			case 'h':
				o->host = optarg;
				break;
			case 'p':
				o->port = optarg;
				break;
			case 'U':
				o->user = optarg;
				break;
			case 'j':
				o->jobs = positive_int(optarg, "--jobs");
				break;
			case 'q':
				o->quiet = true;
				break;
			case OPT_MODE:
				if (strcmp(optarg, "bulk") == 0)
					o->bulk = true;
				else if (strcmp(optarg, "stream") == 0)
					o->bulk = false;
				else
					usage_error("--mode is bulk or stream, not \"%s\"", optarg);
				break;
			case OPT_BATCH:
				o->batch = positive_int(optarg, "--batch");
				break;
			case OPT_FORMAT:
				o->format = parse_format(optarg);
				break;
			case OPT_ENCODING:
				o->encoding = optarg;
				break;
			case OPT_TITLE_FIRST_LINE:
				o->title_first_line = true;
				break;
			case OPT_SOURCE:
				o->source = optarg;
				break;
			case OPT_CSV_BODY:
				o->csv.body = optarg;
				break;
			case OPT_CSV_TITLE:
				o->csv.title = optarg;
				break;
			case OPT_CSV_SOURCE:
				o->csv.source = optarg;
				break;
			case OPT_CSV_URL:
				o->csv.url = optarg;
				break;
			case OPT_CSV_PUBLISHED:
				o->csv.published = optarg;
				break;
			case OPT_REPORT:
				o->report = optarg;
				break;
			case OPT_PROGRESS_INTERVAL:
				o->progress_interval = strtod(optarg, &end);
				if (*optarg == '\0' || *end != '\0' || o->progress_interval < 0)
					usage_error("--progress-interval needs a number of seconds, not \"%s\"", optarg);
				break;
			case OPT_HELP:
				fputs(usage_text, stdout);
				exit(0);
			case OPT_VERSION:
				puts("ai-landscape-load (ai_landscape) 1.0");
				exit(0);
			default:
				fprintf(stderr, "Try \"ai-landscape-load --help\" for more information.\n");
				exit(2);
		}
	}
	if (optind >= argc)
		usage_error("%s", "no input: name files, directories, or - for standard input");
	for (int i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && o->format == FORMAT_NONE)
			usage_error("%s", "standard input (-) needs --format=txt, jsonl or csv");
	return optind;
}

/* ---- connections: one thread each, fed batches in turn ---- */

typedef struct Worker
{
	PGconn	   *conn;
	pthread_t	thread;
	Batch	   *queue[QUEUE_DEPTH];
	int			head;
	int			count;
} Worker;

static const LoadOptions *opts;
static const InputList *inputs;
static Worker *workers;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static bool reading_done;
static bool stopped;			/* a connection cannot go on */
static char stop_reason[1100];
static volatile sig_atomic_t interrupted;	/* Ctrl-C: finish the batches being loaded, then stop */

static void
on_interrupt(int signo)
{
	interrupted = 1;
	signal(signo, SIG_DFL);		/* a second Ctrl-C ends the program at once */
}

/* no new batch is started: under lock, or in the reader for a hint */
static bool
halted(void)
{
	return stopped || interrupted;
}
static Totals totals;			/* under lock */

static void
batch_free(Batch *b)
{
	for (int i = 0; i < b->n; i++)
		article_free(&b->articles[i]);
	free(b->articles);
	free(b);
}

static Totals
totals_snapshot(void)
{
	Totals		t = totals;

	t.skipped = skip_count();
	return t;
}

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;

	for (;;)
	{
		Batch	   *b;
		BatchResult r;
		char		err[1024];
		bool		ok;
		Totals		t;

		pthread_mutex_lock(&lock);
		while (w->count == 0 && !reading_done && !halted())
			pthread_cond_wait(&changed, &lock);
		if (w->count == 0 || halted())
		{
			pthread_mutex_unlock(&lock);
			break;
		}
		b = w->queue[w->head];
		w->head = (w->head + 1) % QUEUE_DEPTH;
		w->count--;
		pthread_cond_broadcast(&changed);
		pthread_mutex_unlock(&lock);

		ok = db_load_batch(w->conn, opts, inputs, b, &r, err, sizeof(err));

		pthread_mutex_lock(&lock);
		totals.loaded += r.loaded;
		totals.present += r.present;
		totals.claims += r.claims;
		if (ok)
		{
			totals.bytes_done += b->bytes;
			totals.files_done += b->files;
		}
		else if (!stopped)
		{
			stopped = true;
			snprintf(stop_reason, sizeof(stop_reason), "%s", err);
		}
		pthread_cond_broadcast(&changed);
		t = totals_snapshot();
		pthread_mutex_unlock(&lock);
		progress_update(&t);
		batch_free(b);
	}
	return NULL;
}

/* ---- the reader: articles into batches ---- */

typedef struct Reader
{
	Batch	   *batch;
	long		batches;		/* sent so far */
	long long	pending_bytes;	/* consumed, not yet in a batch */
	int			pending_files;
} Reader;

static void
send_batch(Reader *rd)
{
	Batch	   *b = rd->batch;
	Worker	   *w = &workers[rd->batches % opts->jobs];

	rd->batch = NULL;
	b->bytes = rd->pending_bytes;
	b->files = rd->pending_files;
	rd->pending_bytes = 0;
	rd->pending_files = 0;
	pthread_mutex_lock(&lock);
	while (w->count == QUEUE_DEPTH && !halted())
		pthread_cond_wait(&changed, &lock);
	if (halted())
	{
		pthread_mutex_unlock(&lock);
		batch_free(b);
		return;
	}
	w->queue[(w->head + w->count) % QUEUE_DEPTH] = b;
	w->count++;
	rd->batches++;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

static void
take_article(Article *a, size_t bytes, bool file_done, void *arg)
{
	Reader	   *rd = arg;

	/* a full batch waits for the next article, so the last one carries the end of the input */
	if (a != NULL && rd->batch != NULL && rd->batch->n == opts->batch)
		send_batch(rd);
	rd->pending_bytes += bytes;
	rd->pending_files += file_done;
	if (a == NULL)
		return;
	if (interrupted)
	{
		article_free(a);
		return;
	}
	if (rd->batch == NULL)
	{
		rd->batch = xmalloc(sizeof(Batch));
		memset(rd->batch, 0, sizeof(Batch));
		rd->batch->articles = xmalloc(opts->batch * sizeof(Article));
	}
	rd->batch->articles[rd->batch->n++] = *a;
}

static bool
is_stopped(void)
{
	bool		s;

	pthread_mutex_lock(&lock);
	s = halted();
	pthread_mutex_unlock(&lock);
	return s;
}

/* ---- the run ---- */

static void
print_summary(double seconds, long long claims, long long duplicates, bool counted, bool linked)
{
	long		skipped = skip_count();

	printf("ai-landscape-load: %s (%s mode, %d connection%s, batches of %d)\n",
		   stopped ? "stopped" : interrupted ? "interrupted" : "done", opts->bulk ? "bulk" : "stream",
		   opts->jobs, opts->jobs > 1 ? "s" : "", opts->batch);
	printf("  articles loaded      %ld\n", totals.loaded);
	printf("  already present      %ld\n", totals.present);
	printf("  skipped              %ld%s\n", skipped, skipped ? " (reasons below; each one is listed in the report)" : "");
	if (counted)
	{
		printf("  claims loaded        %lld\n", claims);
		printf("  duplicates           %lld (claims repeating an earlier claim)\n", duplicates);
	}
	printf("  files                %d", totals.files_done);
	if (inputs->ignored)
		printf(" (and %d other file%s in the directories, ignored)", inputs->ignored,
			   inputs->ignored > 1 ? "s" : "");
	printf("\n  seconds              %.1f\n", seconds);
	if (skipped)
	{
		printf("skipped, by reason:\n");
		skips_summary(stdout);
	}
	if (totals.loaded == 0 && totals.present > 0 && !halted())
		printf(totals.present > 1 ? "nothing new: all %ld articles were already present\n"
			   : "nothing new: the %ld article was already present\n", totals.present);
	if (stopped)
		printf("the run stopped: %s\n", stop_reason);
	if (interrupted)
		printf("interrupted: the batches being loaded were finished, the rest was not sent; "
			   "the same command again loads it\n");
	if (opts->bulk && totals.loaded > 0 && !linked)
		printf("the %ld articles loaded are not linked to their near-duplicates yet: "
			   "run SELECT * FROM ai_landscape.recluster()\n", totals.loaded);
	printf("report: %s\n", opts->report);
}

int
main(int argc, char **argv)
{
	static LoadOptions o;
	static InputList list;
	Reader		rd = {0};
	char		err[1024];
	long long	high_water = 0,
				claims = 0,
				duplicates = 0;
	bool		counted = false;
	bool		linked = false;
	int			first;
	struct sigaction sa = {0};
	sigset_t	block;
	int			status;

	first = parse_options(argc, argv, &o);
	opts = &o;
	inputs = &list;
	progress_start(&o);

	/* connect and check before reading anything */
	workers = xmalloc(o.jobs * sizeof(Worker));
	memset(workers, 0, o.jobs * sizeof(Worker));
	for (int i = 0; i < o.jobs; i++)
	{
		if ((workers[i].conn = db_connect(&o, err, sizeof(err))) == NULL ||
			!db_check(workers[i].conn, &o, err, sizeof(err)))
		{
			fprintf(stderr, "ai-landscape-load: %s\n", err);
			return 2;
		}
	}
	if (!db_claims_high_water(workers[0].conn, &high_water, err, sizeof(err)))
	{
		fprintf(stderr, "ai-landscape-load: %s\n", err);
		return 2;
	}

	inputs_collect(&list, argv + first, argc - first, o.format);
	totals.files_total = list.n;
	for (int i = 0; i < list.n; i++)
		totals.bytes_total = list.files[i].size < 0 || totals.bytes_total < 0 ? -1
			: totals.bytes_total + list.files[i].size;

	/* Ctrl-C reaches the reader (this thread) only; reads resume after it */
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	for (int i = 0; i < o.jobs; i++)
		pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
	pthread_sigmask(SIG_UNBLOCK, &block, NULL);
	for (int i = 0; i < list.n && !is_stopped(); i++)
		load_input(&o, &list, i, take_article, &rd);
	if (rd.batch)
		send_batch(&rd);
	pthread_mutex_lock(&lock);
	/* consumed input that no batch carries (skipped files at the end) */
	if (!halted())
	{
		totals.bytes_done += rd.pending_bytes;
		totals.files_done += rd.pending_files;
	}
	reading_done = true;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < o.jobs; i++)
		pthread_join(workers[i].thread, NULL);

	if (!stopped && o.bulk && totals.loaded > 0)
	{
		double		t0 = seconds_since_start();

		if (totals.loaded > 1)
			progress_note("linking near-duplicates of the %ld new articles: SELECT * FROM ai_landscape.recluster()",
						  totals.loaded);
		else
			progress_note("linking near-duplicates of the new article: SELECT * FROM ai_landscape.recluster()");
		if (!db_recluster(workers[0].conn, err, sizeof(err)))
		{
			stopped = true;
			snprintf(stop_reason, sizeof(stop_reason), "recluster() failed: %s", err);
		}
		else
		{
			linked = true;
			progress_note("recluster() took %.1f s", seconds_since_start() - t0);
		}
	}
	if (!stopped)
		counted = db_claims_since(workers[0].conn, high_water, &claims, &duplicates, err, sizeof(err));
	{
		Totals		t = totals_snapshot();

		progress_finish(&t);
	}
	for (int i = 0; i < o.jobs; i++)
		PQfinish(workers[i].conn);

	status = halted() ? 2 : skip_count() > 0 ? 1 : 0;
	if (!skips_write_report(o.report, err, sizeof(err)))
	{
		fprintf(stderr, "ai-landscape-load: %s\n", err);
		if (status == 0)
			status = 1;
	}
	print_summary(seconds_since_start(), claims, duplicates, counted, linked);
	return status;
}
