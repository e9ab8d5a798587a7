/*
 * gen_articles.c - a deterministic corpus of news-like articles for bench/ingest.
 *
 *   cc -O2 -o gen_articles bench/gen_articles.c
 *   gen_articles -n CLAIMS -o DIR [-s SEED] [-f tsv,jsonl,txt] [-S STREAM_ARTICLES] [-L STREAM_LEN]
 *
 * Words are drawn with P(rank r) ~ 1/r (Zipf's law) from 50,000 words: real
 * English words at the top ranks, made-up syllable words below.  Sentences
 * mix names, companies, places, money ("$15 billion", "10 billion yuan"),
 * percentages, years and quotes, from 3 words to about 60.  Articles have
 * 5 to 60 sentences (about 22 on average).  Of the articles,
 *   - about 8% are syndicated copies of a recent one: a dateline added, a
 *     word changed in a sentence or two, a credit line added, the last
 *     sentence dropped (always at least one edit, so the body differs);
 *   - about 1% are exact duplicates (the same body under another source);
 *   - about 1% are summaries whose sentences all appear twice;
 * and in the others, 4% of the sentences rewrite a sentence of an earlier
 * article with one word changed and 1% repeat one verbatim.
 *
 * CLAIMS counts the sentences of the distinct articles (exact duplicates add
 * none), so loading the corpus gives CLAIMS claims.  The same arguments give
 * the same bytes on every machine: one 64-bit generator, no libm.
 *
 * Files written into DIR:
 *   articles.tsv    (tsv)   COPY text format: title, source, url, published, body
 *   sentences.tsv   (tsv)   every claim of the corpus, one a line (COPY text format)
 *   stream.tsv      (tsv)   STREAM_ARTICLES further articles of STREAM_LEN sentences
 *                           of new text, like articles.tsv (for the streaming path)
 *   articles.jsonl  (jsonl) {"body", "title", "source", "url", "published"}
 *   txt/NNN/NNNNNN.txt (txt) the title on the first line, a blank line, the body
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VOCABULARY 50000
#define SURNAMES 5000
#define COMPANIES 5000
#define RING 1024				/* recent articles that copies and rewrites draw from */
#define HEAD 256				/* the first articles, which the streaming set draws from */

#define LENGTHOF(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------- random */

static uint64_t rng_state;

/* splitmix64: small, fast, and the same sequence everywhere */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
next64(void)
{
	rng_state += 0x9e3779b97f4a7c15ULL;
	return mix64(rng_state);
}

/* uniform integer in [0, n) */
static int
below(int n)
{
	return (int) (next64() % (uint64_t) n);
}

/* true with probability percent / 100 */
static int
chance(double percent)
{
	return (double) (next64() >> 11) * (1.0 / 9007199254740992.0) * 100.0 < percent;
}

/* ---------------------------------------------------------------- buffers */

typedef struct Buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} Buf;

static void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
	{
		fprintf(stderr, "gen_articles: out of memory\n");
		exit(1);
	}
	return p;
}

static void
buf_reserve(Buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	while (b->len + extra + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->data = realloc(b->data, b->cap);
	if (b->data == NULL)
	{
		fprintf(stderr, "gen_articles: out of memory\n");
		exit(1);
	}
}

static void
put(Buf *b, const char *s)
{
	size_t		n = strlen(s);

	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n + 1);
	b->len += n;
}

static void
putf(Buf *b, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(b, (size_t) n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

static char *
buf_take(Buf *b)
{
	char	   *s = b->data ? b->data : strdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---------------------------------------------------------------- words */

/* the top ranks, roughly in news frequency order ("no", "est" and other
 * abbreviations of the segmenter are left out: they would not end a sentence) */
static const char *const common_words[] = {
	"the", "of", "to", "and", "a", "in", "that", "for", "is", "on", "said", "with", "it",
	"was", "as", "at", "by", "its", "from", "has", "be", "have", "are", "will", "an",
	"this", "not", "but", "more", "than", "which", "were", "year", "their", "been",
	"after", "also", "over", "would", "about", "new", "up", "billion", "million",
	"percent", "market", "company", "companies", "government", "could", "technology",
	"chips", "people", "other", "into", "last", "two", "first", "some", "data", "can",
	"while", "such", "most", "had", "they", "one", "three", "years", "his", "her", "who",
	"industry", "investors", "artificial", "intelligence", "models", "model", "firms",
	"firm", "countries", "country", "global", "state", "officials", "tech", "sales",
	"growth", "demand", "revenue", "shares", "quarter", "research", "development",
	"policy", "security", "export", "rules", "deal", "plans", "plan", "startup",
	"startups", "funding", "capital", "public", "private", "trade", "chip", "computing",
	"cloud", "systems", "services", "products", "users", "software", "hardware",
	"sector", "economy", "economic", "national", "domestic", "foreign", "international",
	"major", "largest", "leading", "recent", "report", "analysts", "executive",
	"executives", "chief", "board", "week", "month", "months", "time", "since", "before",
	"under", "between", "against", "during", "because", "however", "still", "only",
	"even", "just", "well", "much", "many", "expects", "expected", "increase", "rose",
	"fell", "grew", "launched", "announced", "raised", "invested", "built", "agreed",
	"reported", "warned", "added", "noted", "told", "sought", "faced", "power", "energy",
	"supply", "chain", "manufacturing", "semiconductor", "factories", "engineers",
	"talent", "universities", "regulators", "lawmakers", "ministry", "agency", "tariffs",
	"sanctions", "competition", "rivals", "customers", "contracts", "partnership",
	"acquisition", "valuation", "profit", "losses", "costs", "prices", "budget", "fund",
	"spending", "infrastructure", "networks", "devices", "phones", "cars", "robots",
	"training", "inference", "language", "search", "platform", "applications", "open",
	"source", "access", "advanced", "powerful", "smaller", "cheaper", "faster", "strong",
	"weak", "early", "late", "next", "several", "few", "each", "any", "all", "both",
	"these", "those", "there", "where", "when", "what", "how", "why", "whether", "if",
	"so", "or", "may", "might", "should", "must", "does", "did", "do", "make", "made",
	"take", "took", "use", "used", "help", "need", "needs", "want", "see", "says",
};

static const char *const onsets[] = {
	"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
	"b", "c", "d", "g", "l", "m", "n", "p", "r", "s", "t", "br", "ch", "cl", "dr", "gr",
	"pl", "pr", "sh", "st", "th", "tr",
};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "ai"};
static const char *const codas[] = {"", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st"};

/* words the segmenter takes for abbreviations when followed by a period */
static const char *const reserved[] = {
	"est", "vs", "cf", "approx", "no", "nos", "co", "cos", "corp", "inc", "ltd", "mr",
	"mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "rev",
	"capt", "lt", "col", "sgt", "pres", "amb", "hon", "bros", "dept", "univ", "vol",
	"fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
	"dec",
};

static int
is_reserved(const char *w)
{
	for (int i = 0; i < LENGTHOF(reserved); i++)
		if (strcmp(w, reserved[i]) == 0)
			return 1;
	return 0;
}

/* a made-up word for a rank: frequent ranks get fewer syllables */
static char *
made_up_word(int rank, uint64_t salt, int capitalised)
{
	for (uint64_t attempt = 0;; attempt++)
	{
		uint64_t	h = mix64((uint64_t) rank * 0x100000001b3ULL ^ salt ^ (attempt << 56));
		int			syllables = 1 + (rank > 3000) + (int) (h % 2);
		Buf			b = {0};
		char	   *w;

		h /= 2;
		for (int s = 0; s < syllables; s++)
		{
			put(&b, onsets[h % LENGTHOF(onsets)]);
			h /= LENGTHOF(onsets);
			put(&b, vowels[h % LENGTHOF(vowels)]);
			h /= LENGTHOF(vowels);
			put(&b, codas[h % LENGTHOF(codas)]);
			h /= LENGTHOF(codas);
			if (h < 1000)
				h = mix64(h + (uint64_t) s + 1);
		}
		w = buf_take(&b);
		if (strlen(w) >= 3 && !is_reserved(w))
		{
			if (capitalised)
				w[0] = (char) (w[0] - 'a' + 'A');
			return w;
		}
		free(w);
	}
}

/* P(rank r) ~ 1/r over n ranks: cumulative weights, searched by bisection */
typedef struct Zipf
{
	int			n;
	double	   *cdf;
} Zipf;

static Zipf
zipf_new(int n)
{
	Zipf		z = {n, xmalloc(sizeof(double) * (size_t) n)};
	double		sum = 0;

	for (int r = 0; r < n; r++)
		z.cdf[r] = sum += 1.0 / (r + 1);
	return z;
}

static int
zipf_draw(const Zipf *z)
{
	double		u = (double) (next64() >> 11) * (1.0 / 9007199254740992.0) * z->cdf[z->n - 1];
	int			lo = 0,
				hi = z->n - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *const first_names[] = {
	"Wei", "James", "Li", "Mary", "John", "Fang", "Robert", "Min", "Jennifer", "Michael",
	"Jing", "Linda", "David", "Lei", "Elizabeth", "Yan", "Hiroshi", "Sanjay", "Priya",
	"Olga", "Sergei", "Ahmed", "Fatima", "Carlos", "Maria", "Lucas", "Sofia", "Thomas",
	"Anna", "Daniel", "Laura", "Peter", "Sarah", "Kevin", "Emily", "Jason", "Rachel",
	"Eric", "Grace", "Mark", "Helen", "Xiaoming", "Mei", "Yuki", "Akira", "Anil", "Jun",
	"Hui", "Chloe", "Omar",
};
static const char *const real_surnames[] = {
	"Wang", "Zhang", "Smith", "Li", "Chen", "Johnson", "Liu", "Williams", "Yang", "Brown",
	"Huang", "Jones", "Zhao", "Garcia", "Wu", "Miller", "Zhou", "Davis", "Xu", "Wilson",
	"Sun", "Anderson", "Ma", "Taylor", "Zhu", "Thomas", "Hu", "Moore", "Guo", "Martin",
	"He", "Lee", "Lin", "Thompson", "Luo", "White", "Gao", "Harris", "Tanaka", "Kim",
	"Park", "Patel", "Singh", "Nakamura", "Ivanov", "Schmidt", "Dubois", "Rossi", "Cohen",
	"Khan",
};
static const char *const real_companies[] = {
	"Baidu", "Alibaba", "Tencent", "Google", "Microsoft", "Nvidia", "OpenAI", "Huawei",
	"SenseTime", "ByteDance", "Intel", "Amazon", "Meta", "Apple", "Samsung", "TSMC",
	"Moonshot AI", "Megvii", "DeepMind", "Anthropic", "Xiaomi", "JD.com", "Sogou", "Cambricon",
	"SMIC", "Qualcomm", "IBM", "Oracle", "Tesla", "Zhipu AI",
};
static const char *const company_suffixes[] = {
	"", "", " Technologies", " Labs", " Group", " Robotics", " AI", " Semiconductor",
	" Capital", " Systems", " Holdings", " Networks", " Intelligence", " Data",
};
static const char *const places[] = {
	"China", "the United States", "Japan", "South Korea", "Taiwan", "Britain", "Germany",
	"France", "India", "Singapore", "Beijing", "Shanghai", "Shenzhen", "Hangzhou",
	"Hong Kong", "Washington", "San Francisco", "New York", "London", "Tokyo",
	"Silicon Valley", "Europe", "the U.S. market", "the Middle East",
};
static const char *const datelines[] = {
	"BEIJING", "SHANGHAI", "HONG KONG", "WASHINGTON", "SAN FRANCISCO", "LONDON", "TOKYO",
	"SINGAPORE", "SHENZHEN", "NEW YORK",
};
static const char *const roles[] = {
	"chief executive", "chief technology officer", "founder", "an analyst",
	"a spokesperson", "head of research", "vice president", "chairman", "a partner",
	"chief economist", "a senior engineer", "a director",
};
static const char *const sources[][2] = {
	{"Newswire Asia", "newswire-asia.example"}, {"The Daily Ledger", "dailyledger.example"},
	{"Tech Courier", "techcourier.example"}, {"Global Markets Review", "gmreview.example"},
	{"Pacific Business Times", "pacificbiz.example"}, {"The Evening Signal", "eveningsignal.example"},
	{"Data Desk", "datadesk.example"}, {"Capital Observer", "capitalobserver.example"},
	{"Morning Wire", "morningwire.example"}, {"Harbor Herald", "harborherald.example"},
	{"Silicon Dispatch", "silicondispatch.example"}, {"Policy Monitor", "policymonitor.example"},
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};
static const char *const quarters[] = {"first", "second", "third", "fourth"};
static const char *const verbs_past[] = {
	"signed a deal", "opened talks", "formed a partnership", "settled a dispute",
	"held meetings", "filed a lawsuit", "agreed terms", "shared plans",
};
static const char *const headline_verbs[] = {
	"raises", "plans", "unveils", "bets", "spends", "targets", "wins", "loses",
};
/*
 * Sentence templates, with their weights (per cent).  %C company, %N person,
 * %L place, %R role, %S source, %O month, %Q quarter, %V past action, %H
 * headline verb, %Y year, %M money, %P percentage, %K a count; %{a,b} a to b
 * words, %[a,b] the same with the first capitalised.  Every sentence starts
 * with a capital letter or an opening quote and ends with a period, so the
 * segmenter splits exactly between them.
 */
static const struct
{
	int			weight;
	const char *text;
}			templates[] = {
	{12, "%C said %{2,10} %M %{2,10}."},
	{10, "\"%[4,17],\" said %N, %R of %C."},
	{6, "%N, %R at %C, said: \"%[4,15].\""},
	{5, "%[2,8] rose %P to %M in the %Q quarter of %Y, %{3,12}."},
	{5, "%[2,8] fell %P to %M in the %Q quarter of %Y, %{3,12}."},
	{8, "The %{2,8} is expected to reach %M by %Y, up from %M in %Y, %{3,10}."},
	{10, "In %L, %{2,10} %C %{2,12}."},
	{8, "%[20,39], %{5,14} and %{3,12}."},	/* long: 30 to 65 words */
	{8, "According to %C, %{2,8} %K %{2,10} in %Y."},
	{8, "%N %V with %C in %O %Y to %{3,12}."},
	{4, "“%[5,16]”, %N told %S."},
	{8, "%[2,8] %P of %{3,10}, according to %N."},
	/* short ones, often repeated verbatim across articles */
	{1, "%C declined to comment."}, {1, "Shares fell %P."}, {1, "Shares rose %P."},
	{1, "%N did not respond."}, {1, "The deal is expected to close in %Y."},
	{1, "%C did not disclose the terms."}, {1, "Talks are continuing."},
	{1, "The ministry did not reply."},
};
static const char *const title_templates[] = {"%C %H %M %{2,4}", "%L %{3,5}", "%N %{3,5}"};

static char *vocabulary[VOCABULARY];
static char *surnames[SURNAMES];
static char *companies[COMPANIES];
static Zipf zipf_words, zipf_surnames, zipf_companies, zipf_first, zipf_places;

static void
build_vocabularies(void)
{
	for (int r = 0; r < VOCABULARY; r++)
		vocabulary[r] = r < LENGTHOF(common_words) ? strdup(common_words[r])
			: made_up_word(r, 0x5701dULL, 0);
	for (int r = 0; r < SURNAMES; r++)
		surnames[r] = r < LENGTHOF(real_surnames) ? strdup(real_surnames[r])
			: made_up_word(r, 0x5a11eULL, 1);
	for (int r = 0; r < COMPANIES; r++)
	{
		Buf			b = {0};

		if (r < LENGTHOF(real_companies))
			put(&b, real_companies[r]);
		else
		{
			char	   *w = made_up_word(r, 0xc0ffeeULL, 1);

			put(&b, w);
			put(&b, company_suffixes[mix64((uint64_t) r) % LENGTHOF(company_suffixes)]);
			free(w);
		}
		companies[r] = buf_take(&b);
	}
	zipf_words = zipf_new(VOCABULARY);
	zipf_surnames = zipf_new(SURNAMES);
	zipf_companies = zipf_new(COMPANIES);
	zipf_first = zipf_new(LENGTHOF(first_names));
	zipf_places = zipf_new(LENGTHOF(places));
}

/* ---------------------------------------------------------------- phrases */

static void
words(Buf *b, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			put(b, " ");
		put(b, vocabulary[zipf_draw(&zipf_words)]);
	}
}

static void
person(Buf *b)
{
	put(b, first_names[zipf_draw(&zipf_first)]);
	if (chance(5))
		putf(b, " %c.", 'A' + below(26));
	put(b, " ");
	put(b, surnames[zipf_draw(&zipf_surnames)]);
}

static void
money(Buf *b)
{
	static const char *const units[] = {"million", "million", "billion", "billion", "trillion"};
	const char *unit = units[below(10) < 5 ? below(2) : 2 + below(10) / 9];
	int			whole = 1 + below(below(4) == 0 ? 999 : 99);
	int			c = below(100);

	if (c < 80)
		put(b, "$");
	else if (c < 88)
		put(b, "€");
	else if (c < 92)
		put(b, "US$");
	if (chance(30))
		putf(b, "%d.%d", whole, 1 + below(9));
	else
		putf(b, "%d", whole);
	putf(b, " %s", unit);
	if (c >= 92)
		put(b, " yuan");
}

static void
percentage(Buf *b)
{
	int			whole = 1 + below(below(3) == 0 ? 99 : 30);

	if (chance(30))
		putf(b, "%d.%d", whole, 1 + below(9));
	else
		putf(b, "%d", whole);
	put(b, chance(70) ? "%" : " percent");
}

static void
count_of(Buf *b)
{
	int			n = 2 + below(below(2) ? 98 : 9998);

	if (n >= 1000)
		putf(b, "%d,%03d", n / 1000, n % 1000);
	else
		putf(b, "%d", n);
}

static void
capitalise(Buf *b, size_t at)
{
	if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z')
		b->data[at] = (char) (b->data[at] - 'a' + 'A');
}

/* append a template (see templates[]), drawing what it leaves open */
static void
expand(Buf *b, const char *t)
{
	for (const char *p = t; *p; p++)
	{
		if (*p != '%')
		{
			buf_reserve(b, 1);
			b->data[b->len++] = *p;
			b->data[b->len] = '\0';
			continue;
		}
		switch (*++p)
		{
			case '{':
			case '[':
				{
					char	   *end;
					long		lo = strtol(p + 1, &end, 10),
								hi = strtol(end + 1, &end, 10);
					size_t		at = b->len;

					words(b, (int) lo + below((int) (hi - lo + 1)));
					if (*p == '[')
						capitalise(b, at);
					p = end;	/* at the closing bracket */
					break;
				}
			case 'C':
				put(b, companies[zipf_draw(&zipf_companies)]);
				break;
			case 'N':
				person(b);
				break;
			case 'L':
				put(b, places[zipf_draw(&zipf_places)]);
				break;
			case 'R':
				put(b, roles[below(LENGTHOF(roles))]);
				break;
			case 'S':
				put(b, sources[below(LENGTHOF(sources))][0]);
				break;
			case 'O':
				put(b, months[below(LENGTHOF(months))]);
				break;
			case 'Q':
				put(b, quarters[below(LENGTHOF(quarters))]);
				break;
			case 'V':
				put(b, verbs_past[below(LENGTHOF(verbs_past))]);
				break;
			case 'H':
				put(b, headline_verbs[below(LENGTHOF(headline_verbs))]);
				break;
			case 'Y':
				putf(b, "%d", 2010 + below(21));
				break;
			case 'M':
				money(b);
				break;
			case 'P':
				percentage(b);
				break;
			case 'K':
				count_of(b);
				break;
			default:
				fprintf(stderr, "gen_articles: bad template %s\n", t);
				exit(1);
		}
	}
}

static void
sentence(Buf *b)
{
	int			t = below(100);
	int			i = 0;

	while (t >= templates[i].weight)
		t -= templates[i++].weight;
	expand(b, templates[i].text);
}

/* the sentence with one plain lowercase word (not the first) replaced */
static char *
rewrite(const char *s)
{
	Buf			b = {0};
	const char *start[128];
	size_t		len[128];
	int			n = 0,
				candidates[128],
				nc = 0,
				pick;
	const char *p = s;

	while (*p && n < 128)
	{
		const char *q = p;
		int			plain = 1;

		while (*q && *q != ' ')
		{
			if (*q < 'a' || *q > 'z')
				plain = 0;
			q++;
		}
		start[n] = p;
		len[n] = (size_t) (q - p);
		if (plain && n > 0)
			candidates[nc++] = n;
		n++;
		p = *q ? q + 1 : q;
	}
	if (nc == 0)
		return strdup(s);
	pick = candidates[below(nc)];
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			put(&b, " ");
		if (i == pick)
		{
			const char *w;

			do
				w = vocabulary[zipf_draw(&zipf_words)];
			while (strlen(w) == len[i] && memcmp(w, start[i], len[i]) == 0);
			put(&b, w);
		}
		else
		{
			buf_reserve(&b, len[i]);
			memcpy(b.data + b.len, start[i], len[i]);
			b.len += len[i];
			b.data[b.len] = '\0';
		}
	}
	if (*p)						/* more than 128 words: the rest as it was */
		putf(&b, " %s", p);
	return buf_take(&b);
}

/* ---------------------------------------------------------------- articles */

typedef struct Article
{
	char	  **sentences;
	int			n;
	char	   *title;
	char	   *body;
} Article;

static Article ring[RING];
static long articles_made;		/* articles in the ring so far */
static Article head[HEAD];		/* copies of the first articles */
static int	head_n;
static int	streaming;			/* making the streaming set: draw from head */

static struct
{
	long		fresh, syndicated, exact, summaries, claims, rewritten, repeated;
} stats;

static void
article_free(Article *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->sentences[i]);
	free(a->sentences);
	free(a->title);
	free(a->body);
	memset(a, 0, sizeof(*a));
}

/* one of the last span articles */
static Article *
recent(int span)
{
	long		limit = span < RING - 1 ? span : RING - 1;	/* never the slot being filled */
	long		back = 1 + below((int) (articles_made < limit ? articles_made : limit));

	return &ring[(articles_made - back) % RING];
}

static void
add_sentence(Article *a, char *s)
{
	a->sentences = realloc(a->sentences, sizeof(char *) * (size_t) (a->n + 1));
	a->sentences[a->n++] = s;
}

/* sentences per article: mostly 5..35 (about 20), one in ten 30..60 */
static int
article_length(void)
{
	if (chance(10))
		return 30 + below(31);
	return 5 + below(11) + below(11) + below(11);
}

static char *
new_title(void)
{
	Buf			b = {0};

	expand(&b, title_templates[below(LENGTHOF(title_templates))]);
	capitalise(&b, 0);
	return buf_take(&b);
}

/* new text: some sentences rewrite or repeat earlier articles' sentences */
static void
fresh_sentences(Article *a, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (articles_made > 0 && chance(5))
		{
			Article    *src = streaming ? &head[below(head_n)] : recent(RING);
			const char *s = src->sentences[below(src->n)];

			if (chance(80))
			{
				add_sentence(a, rewrite(s));
				stats.rewritten++;
			}
			else
			{
				add_sentence(a, strdup(s));
				stats.repeated++;
			}
		}
		else
		{
			Buf			b = {0};

			sentence(&b);
			add_sentence(a, buf_take(&b));
		}
	}
}

/* a copy of a recent article with small edits, always at least one */
static void
syndicate(Article *a, const Article *src)
{
	int			dateline = chance(50);
	int			changes = below(3);
	int			credit = chance(30);
	int			drop = src->n > 5 && chance(20);
	int			edited = dateline || drop;

	a->title = chance(70) ? strdup(src->title) : rewrite(src->title);
	for (int i = 0; i < src->n - drop; i++)
	{
		if (i == 0 && dateline)
		{
			Buf			b = {0};

			putf(&b, "%s (%s) - %s", datelines[below(LENGTHOF(datelines))],
				 sources[below(LENGTHOF(sources))][0], src->sentences[0]);
			add_sentence(a, buf_take(&b));
		}
		else
			add_sentence(a, strdup(src->sentences[i]));
	}
	for (int c = 0; c < changes; c++)
	{
		int			i = below(a->n);
		char	   *s = rewrite(a->sentences[i]);

		edited |= strcmp(s, a->sentences[i]) != 0;
		free(a->sentences[i]);
		a->sentences[i] = s;
	}
	if (credit || !edited)
	{
		Buf			b = {0};

		expand(&b, "Reporting by %N; editing by %N.");
		add_sentence(a, buf_take(&b));
	}
}

/* paragraphs of 1..4 sentences, separated by a blank line */
static char *
join_body(const Article *a)
{
	Buf			b = {0};
	int			in_paragraph = 0,
				paragraph = 1 + below(4);

	for (int i = 0; i < a->n; i++)
	{
		if (i > 0)
			put(&b, in_paragraph == 0 ? "\n\n" : " ");
		put(&b, a->sentences[i]);
		if (++in_paragraph == paragraph)
		{
			in_paragraph = 0;
			paragraph = 1 + below(4);
		}
	}
	return buf_take(&b);
}

/* ---------------------------------------------------------------- output */

typedef struct Output
{
	const char *dir;
	FILE	   *tsv, *sentences, *jsonl;
	int			txt;
} Output;

static FILE *
open_out(const char *dir, const char *name)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
	{
		fprintf(stderr, "gen_articles: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

/* a COPY text-format field: backslash, tab, newline and return escaped */
static void
tsv_field(FILE *f, const char *s)
{
	for (; *s; s++)
	{
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\r')
			fputs("\\r", f);
		else
			fputc(*s, f);
	}
}

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* days since 1970-01-01 to y-m-d (Hinnant's civil_from_days) */
static void
civil(long days, int *y, int *m, int *d)
{
	long		z = days + 719468,
				era = (z >= 0 ? z : z - 146096) / 146097;
	long		doe = z - era * 146097;
	long		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long		mp = (5 * doy + 2) / 153;

	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = (int) (yoe + era * 400 + (*m <= 2));
}

static void
mkdir_or_die(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
	{
		fprintf(stderr, "gen_articles: cannot create %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void
write_article(Output *out, FILE *tsv, long id, const Article *a, const char *body,
			  int source, long day)
{
	char		url[512],
				published[16],
				slug[96];
	int			y, m, d, k = 0;

	civil(day, &y, &m, &d);
	snprintf(published, sizeof(published), "%04d-%02d-%02d", y, m, d);
	for (const char *p = a->title; *p && k < 60; p++)
	{
		char		c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[k++] = c;
		else if (k > 0 && slug[k - 1] != '-')
			slug[k++] = '-';
	}
	slug[k] = '\0';
	snprintf(url, sizeof(url), "https://%s/%04d/%02d/%s-%ld",
			 sources[source][1], y, m, slug, id);

	if (tsv)
	{
		const char *fields[] = {a->title, sources[source][0], url, published, body};

		for (int i = 0; i < 5; i++)
		{
			if (i > 0)
				fputc('\t', tsv);
			tsv_field(tsv, fields[i]);
		}
		fputc('\n', tsv);
	}
	if (out && out->jsonl)
	{
		fputs("{\"body\": ", out->jsonl);
		json_string(out->jsonl, body);
		fputs(", \"title\": ", out->jsonl);
		json_string(out->jsonl, a->title);
		fputs(", \"source\": ", out->jsonl);
		json_string(out->jsonl, sources[source][0]);
		fputs(", \"url\": ", out->jsonl);
		json_string(out->jsonl, url);
		fprintf(out->jsonl, ", \"published\": \"%s\"}\n", published);
	}
	if (out && out->txt)
	{
		char		path[4096];
		FILE	   *f;

		snprintf(path, sizeof(path), "%s/txt/%03ld", out->dir, id / 1000);
		if (id % 1000 == 0 || id == 1)
			mkdir_or_die(path);
		snprintf(path, sizeof(path), "%s/txt/%03ld/%06ld.txt", out->dir, id / 1000, id);
		f = fopen(path, "w");
		if (f == NULL)
		{
			fprintf(stderr, "gen_articles: cannot write %s: %s\n", path, strerror(errno));
			exit(1);
		}
		fprintf(f, "%s\n\n%s\n", a->title, body);
		fclose(f);
	}
}

static void
usage(void)
{
	fprintf(stderr,
			"usage: gen_articles -n CLAIMS -o DIR [-s SEED] [-f tsv,jsonl,txt] [-S STREAM_ARTICLES] [-L STREAM_LEN]\n"
			"  -n CLAIMS           sentences of the distinct articles to write (>= 1)\n"
			"  -o DIR              output folder (created if missing)\n"
			"  -s SEED             random seed (default 42): the same arguments give the same files\n"
			"  -f FORMATS          any of tsv (articles, sentences, stream), jsonl, txt (default all)\n"
			"  -S STREAM_ARTICLES  further articles of new text in stream.tsv (default 200)\n"
			"  -L STREAM_LEN       sentences in each of them (default 20)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long		claims = 0;
	const char *formats = "tsv,jsonl,txt";
	uint64_t	seed = 42;
	int			stream_articles = 200,
				stream_len = 20,
				opt;
	Output		out = {0};
	long		id = 0;
	FILE	   *stream = NULL;

	while ((opt = getopt(argc, argv, "n:o:s:f:S:L:")) != -1)
	{
		switch (opt)
		{
			case 'n':
				claims = strtol(optarg, NULL, 10);
				break;
			case 'o':
				out.dir = optarg;
				break;
			case 's':
				seed = strtoull(optarg, NULL, 10);
				break;
			case 'f':
				formats = optarg;
				break;
			case 'S':
				stream_articles = atoi(optarg);
				break;
			case 'L':
				stream_len = atoi(optarg);
				break;
			default:
				usage();
		}
	}
	if (claims < 1 || out.dir == NULL || optind != argc || stream_articles < 0 || stream_len < 1)
		usage();

	mkdir_or_die(out.dir);
	if (strstr(formats, "tsv"))
	{
		out.tsv = open_out(out.dir, "articles.tsv");
		out.sentences = open_out(out.dir, "sentences.tsv");
		stream = open_out(out.dir, "stream.tsv");
	}
	if (strstr(formats, "jsonl"))
		out.jsonl = open_out(out.dir, "articles.jsonl");
	if (strstr(formats, "txt"))
	{
		char		path[4096];

		snprintf(path, sizeof(path), "%s/txt", out.dir);
		mkdir_or_die(path);
		out.txt = 1;
	}

	rng_state = seed;
	build_vocabularies();

	while (stats.claims < claims)
	{
		Article    *a = &ring[articles_made % RING];
		int			source = below(LENGTHOF(sources));
		long		day = 17897 + articles_made / 40;	/* from 2019-01-01, 40 a day */

		id++;
		if (articles_made > 0 && chance(1))
		{
			/* an exact duplicate: the same body, another source; no new claims */
			Article    *src = recent(50);

			write_article(&out, out.tsv, id, src, src->body, source, day);
			stats.exact++;
			continue;
		}
		article_free(a);
		if (articles_made > 0 && chance(8))
		{
			syndicate(a, recent(50));
			stats.syndicated++;
		}
		else
		{
			int			n = article_length();

			a->title = new_title();
			if (chance(1))
			{
				/* a summary in which every sentence appears twice */
				fresh_sentences(a, (n + 1) / 2);
				for (int i = 0, half = a->n; i < half; i++)
					add_sentence(a, strdup(a->sentences[i]));
				stats.summaries++;
			}
			else
				fresh_sentences(a, n);
			stats.fresh++;
		}
		while (a->n > claims - stats.claims)	/* the last article fills exactly */
			free(a->sentences[--a->n]);
		a->body = join_body(a);
		stats.claims += a->n;
		if (head_n < HEAD)
		{
			Article    *h = &head[head_n++];

			h->n = a->n;
			h->sentences = xmalloc(sizeof(char *) * (size_t) a->n);
			for (int i = 0; i < a->n; i++)
				h->sentences[i] = strdup(a->sentences[i]);
		}
		articles_made++;
		write_article(&out, out.tsv, id, a, a->body, source, day);
		if (out.sentences)
			for (int i = 0; i < a->n; i++)
			{
				tsv_field(out.sentences, a->sentences[i]);
				fputc('\n', out.sentences);
			}
	}

	printf("%ld articles (%ld new, %ld syndicated copies, %ld summaries among the new, %ld exact duplicates), "
		   "%ld claims (%ld rewritten from earlier articles, %ld repeated verbatim)\n",
		   id, stats.fresh, stats.syndicated, stats.summaries, stats.exact,
		   stats.claims, stats.rewritten, stats.repeated);

	/*
	 * The streaming set: new text from a generator of its own, dated after the
	 * corpus, whose rewrites and repeats come from the first articles, so that
	 * every corpus size (each is a prefix of the larger ones) gets the same set.
	 */
	rng_state = mix64(seed ^ 0x73747265616dULL);
	streaming = 1;
	for (int s = 0; s < stream_articles; s++)
	{
		Article		a = {0};

		a.title = new_title();
		fresh_sentences(&a, stream_len);
		a.body = join_body(&a);
		write_article(NULL, stream, 1000000000L + s, &a, a.body, below(LENGTHOF(sources)),
					  17897 + 3000 + s / 40);
		article_free(&a);
	}
	if (stream_articles > 0)
		printf("streaming set: %d articles of %d claims\n", stream_articles, stream_len);

	if ((out.tsv && fclose(out.tsv) != 0) || (out.sentences && fclose(out.sentences) != 0) ||
		(stream && fclose(stream) != 0) || (out.jsonl && fclose(out.jsonl) != 0))
	{
		fprintf(stderr, "gen_articles: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
