# ai-landscape-load, the command-line loader: installed into bindir; every
# input format and a directory tree; a Latin-1 file skipped without
# --encoding and stored as the right UTF-8 with it; a re-run that loads
# nothing new; standard input; a batch the server refuses (only the bad
# article skipped); exit codes; the report file; progress lines; -j; the
# ways to connect; bulk mode (or its clear error where the server lacks it).
use strict;
use warnings;
use Encode qw(encode);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('loader');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $bindir = $node->config_data('--bindir');
ok(-x "$bindir/ai-landscape-load", 'make install put ai-landscape-load into pg_config --bindir');

# run the loader: (exit status, stdout, stderr)
sub loader
{
	my (%args) = @_;
	my ($out, $err) = ('', '');
	my $in = $args{stdin} // '';
	IPC::Run::run([ "$bindir/ai-landscape-load", @{ $args{args} } ],
		'<', \$in, '>', \$out, '2>', \$err,
		$args{cwd} ? (init => sub { chdir $args{cwd} or die "chdir: $!" }) : ());
	return ($? >> 8, $out, $err);
}

sub write_bytes
{
	my ($path, $bytes) = @_;
	open(my $fh, '>:raw', $path) or die "$path: $!";
	print $fh $bytes;
	close $fh;
}

sub db
{
	my ($name) = @_;
	$node->safe_psql('postgres', "CREATE DATABASE $name");
	$node->safe_psql($name, 'CREATE EXTENSION ai_landscape');
	return $node->connstr($name);
}

sub report_lines
{
	my ($path) = @_;
	return grep { !/^#/ } split /\n/, slurp_file($path);
}

# ---- --help and usage errors ----
my ($rc, $out, $err) = loader(args => ['--help']);
is($rc, 0, '--help exits 0');
for my $opt (qw(--format --title-first-line --source --csv-body --csv-title --csv-source --csv-url
	--csv-published --encoding --mode --batch --jobs --report --progress-interval --quiet
	--dbname --host --port --username --version))
{
	like($out, qr/\Q$opt\E/, "--help documents $opt");
}
like($out, qr/Exit status: 0 .* 1 .* 2/s, '--help documents the exit statuses');
($rc, $out, $err) = loader(args => []);
is($rc, 2, 'no input is a usage error (2)');
($rc, $out, $err) = loader(args => ['-']);
is($rc, 2, 'standard input without --format is a usage error (2)');
like($err, qr/needs --format/, '... and says what to add');

# ---- a corpus of every format in a directory tree ----
my $dir = PostgreSQL::Test::Utils::tempdir;
mkdir "$dir/corpus";
mkdir "$dir/corpus/a";
mkdir "$dir/corpus/a/b";
write_bytes("$dir/corpus/a/one.txt",    # with a UTF-8 byte order mark
	"\xEF\xBB\xBFChips and the cloud\n\nNvidia sold more chips in 2023. Cloud providers bought most of them.\n");
write_bytes("$dir/corpus/a/b/two.txt",
	"Beijing plans\n\nBeijing will fund ten new AI labs. The plan runs until 2030.\n");
write_bytes("$dir/corpus/a/notes.md", "not an article: ignored\n");
write_bytes("$dir/corpus/a/.hidden.txt", "Hidden\n\nA hidden file is not read.\n");
write_bytes("$dir/corpus/a/b/empty.txt", "A title only\n   \n");
# JSON lines: escapes, a surrogate pair, nested values skipped, null, a bad line
write_bytes("$dir/corpus/feed.jsonl", join("\n",
	'{"title":"Caf\u00e9 \ud83d\ude80 launch","body":"Baidu said \"Ernie\" is ready.\nIt costs $2 billion.",'
	  . '"source":"wire","url":"https://example.com/a?x=1&y=\\/2","published":"2023-05-01",'
	  . '"meta":{"tags":["a",{"b":[1,-2.5e+3,true,false,null]}],"n":0}}',
	'',
	'{"body":"Tencent hired 500 engineers. Alibaba did not comment.","title":null,"views":12}',
	'{"body": "Missing the closing brace."',
	'{"title":"no body here"}',
	'') );
# CSV: mapped columns, a quoted multi-line field with doubled quotes, CRLF
write_bytes("$dir/corpus/sheet.csv",
	"id, Headline ,Text,When\r\n"
	  . "1,\"Quotes, commas\",\"He said \"\"no\"\".\r\nThen he left the room.\",2022-12-31\r\n"
	  . "2,,SenseTime cut prices by half.,\r\n"
	  . "3,short row\r\n");
# Latin-1: "Café", "naïve", "à Zürich", "coûte" in ISO-8859-1 bytes
write_bytes("$dir/corpus/latin1.txt",
	"Caf\xe9 news\n\nUn caf\xe9 na\xefve \xe0 Z\xfcrich annonce une puce. Elle co\xfbte 3 millions.\n");

my $corpus = db('corpus');
my @common = ('-d', $corpus, '--mode=stream', '--title-first-line', '--csv-body=Text',
	'--csv-title=headline', '--csv-published=When', '--progress-interval=0');
my $report = "$dir/report.tsv";

($rc, $out, $err) = loader(args => [ @common, "--report=$report", "$dir/corpus" ]);
is($rc, 1, 'a run with skips exits 1');
like($out, qr/^  articles loaded +6$/m, 'summary: 6 articles loaded (2 txt, 2 jsonl, 2 csv)');
like($out, qr/^  already present +0$/m, 'summary: none already present');
like($out, qr/^  skipped +5 /m, 'summary: 5 skipped');
like($out, qr/\(and 1 other file in the directories, ignored\)/,
	'summary: the .md file is ignored, not skipped; the hidden file is not even counted');
like($out, qr/^ +2  empty body$/m, 'summary counts skips by reason');
like($err, qr/^progress: +\d+% of input, files \d+\/6, articles \d+ \(\d+ loaded, \d+ already present\), \d+ skipped, claims \d+, [\d.]+ articles\/s, [\d.]+ claims\/s, ETA \d+:\d\d$/m,
	'plain progress lines when standard error is not a terminal');
unlike($err, qr/\r/, 'no progress bar redraws when standard error is not a terminal');

my @report = report_lines($report);
is_deeply([ map { join '|', (split /\t/)[ 0 .. 2 ] } @report ],
	[
		"$dir/corpus/a/b/empty.txt||empty body",
		"$dir/corpus/feed.jsonl|line 4|invalid JSON line",
		"$dir/corpus/feed.jsonl|line 5|empty body",
		"$dir/corpus/latin1.txt||not UTF-8",
		"$dir/corpus/sheet.csv|record 3 (line 5)|invalid CSV",
	],
	'report: input, where and reason of each skipped, in input order')
  or diag slurp_file($report);
like($report[3], qr/--encoding/, 'the Latin-1 file is reported with a hint to use --encoding');

my $rows = $node->safe_psql('corpus', q{
	SELECT string_agg(concat_ws('|', id, coalesce(title, '-'), coalesce(source, '-'), coalesce(url, '-'),
	                            coalesce(published::text, '-'), body), E'\n~\n' ORDER BY id)
	  FROM ai_landscape.articles});
my @rows = split /\n~\n/, $rows;
is(scalar @rows, 6, 'six articles stored');
is($rows[0], "1|Beijing plans|-|-|-|\nBeijing will fund ten new AI labs. The plan runs until 2030.\n",
	'directory order is byte order (a/b/two.txt before a/one.txt); title from the first line');
like($rows[1], qr/^\d+\|Chips and the cloud\|-\|-\|-\|\nNvidia sold/, 'a/one.txt second, its byte order mark dropped');
like($rows[2], qr/^\d+\|Café 🚀 launch\|wire\|https:\/\/example.com\/a\?x=1&y=\/2\|2023-05-01\|Baidu said "Ernie" is ready.\nIt costs \$2 billion.$/,
	'JSON: \u escapes, a surrogate pair, \/, \", \n decoded; nested fields skipped');
like($rows[3], qr/^\d+\|-\|-\|-\|-\|Tencent hired 500 engineers. Alibaba did not comment.$/,
	'JSON: a null title is NULL; a blank line and unknown fields are skipped');
like($rows[4], qr/^\d+\|Quotes, commas\|-\|-\|2022-12-31\|He said "no".\r\nThen he left the room.$/,
	'CSV: columns mapped by name (any ASCII case, blanks trimmed), a quoted multi-line field with doubled quotes kept exactly');
like($rows[5], qr/^\d+\|-\|-\|-\|-\|SenseTime cut prices by half.$/, 'CSV: empty fields are NULL');

my $claims = $node->safe_psql('corpus', 'SELECT count(*) FROM ai_landscape.claims');
like($out, qr/^  claims loaded +$claims$/m, "summary: the $claims claims the server stored");
my ($progress_claims) = $err =~ /claims (\d+), [\d.]+ articles\/s[^\n]*\n\z/;
is($progress_claims, $claims, 'the last progress line counts the same claims');

# ---- the Latin-1 file, decoded; and the re-run that loads nothing new ----
($rc, $out, $err) = loader(args => [ @common, "--report=$report", '--encoding=latin1', "$dir/corpus" ]);
is($rc, 1, 'with --encoding the other skips remain: exit 1');
like($out, qr/^  articles loaded +1$/m, 'with --encoding=latin1 the Latin-1 file loads');
like($out, qr/^  already present +6$/m, 'the other six are already present');
is($node->safe_psql('corpus', q{
	SELECT encode(convert_to(title || '|' || body, 'UTF8'), 'hex') FROM ai_landscape.articles
	 WHERE title LIKE 'Caf%news'}),
	unpack('H*', encode('UTF-8',
		"Caf\x{e9} news|\nUn caf\x{e9} na\x{ef}ve \x{e0} Z\x{fc}rich annonce une puce. Elle co\x{fb}te 3 millions.\n")),
	'the Latin-1 title and body are stored as the right UTF-8 bytes');
ok(!grep({ /latin1\.txt/ } report_lines($report)), 'the report no longer lists the Latin-1 file');

($rc, $out, $err) = loader(args => [ @common, "--report=$report", '--encoding=latin1', "$dir/corpus/a/one.txt",
	"$dir/corpus/latin1.txt" ]);
is($rc, 0, 'a re-run of clean inputs exits 0');
like($out, qr/^  articles loaded +0$/m, 'a re-run loads nothing');
like($out, qr/^nothing new: all 2 articles were already present$/m, '... and says so');
is(scalar report_lines($report), 0, 'the report of a clean run lists nothing');
is($node->safe_psql('corpus', 'SELECT count(*) FROM ai_landscape.articles'), '7', 'still 7 articles');

# windows-1252: the euro sign and curly quotes
write_bytes("$dir/cp1252.txt", "\x93Quoted\x94 price: \x80 5 million.\n");
write_bytes("$dir/utf8.txt", encode('UTF-8', "Z\x{fc}rich\x{2019}s lab opened.\n"));
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', '--encoding=windows-1252',
	"--report=$report", "$dir/cp1252.txt", "$dir/utf8.txt" ]);
is($rc, 0, 'a windows-1252 file loads with --encoding=windows-1252');
is($node->safe_psql('corpus', q{
	SELECT encode(convert_to(body, 'UTF8'), 'hex') FROM ai_landscape.articles WHERE body LIKE '%lab opened%'}),
	unpack('H*', encode('UTF-8', "Z\x{fc}rich\x{2019}s lab opened.\n")),
	'a valid UTF-8 file is read as UTF-8 even with --encoding');
is($node->safe_psql('corpus', q{
	SELECT encode(convert_to(body, 'UTF8'), 'hex') FROM ai_landscape.articles WHERE body LIKE '%price:%'}),
	unpack('H*', encode('UTF-8', "\x{201c}Quoted\x{201d} price: \x{20ac} 5 million.\n")),
	'windows-1252 curly quotes and euro sign stored as the right UTF-8 bytes');
write_bytes("$dir/undefined.txt", "Byte 0x81 is undefined in windows-1252: \x81.\n");
write_bytes("$dir/binary.txt", "PK\x03\x04\x00\x00binary");
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', '--encoding=windows-1252',
	"--report=$report", "$dir/undefined.txt", "$dir/binary.txt" ]);
is($rc, 1, 'files that cannot be decoded: exit 1');
my @skips = map { join '|', (split /\t/)[ 2, 3 ] } report_lines($report);
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', "--report=$report", "$dir/binary.txt" ]);
push @skips, map { join '|', (split /\t/)[ 2, 3 ] } report_lines($report);
is_deeply(\@skips,
	[
		'not UTF-8|not valid windows-1252 either (byte offset 40)',
		'not UTF-8|decoded from windows-1252, it holds a NUL character (PostgreSQL text cannot store it)',
		'not UTF-8|a NUL byte at byte offset 4 (a binary file?)'
	],
	'a file not valid in --encoding either, and a binary file, are skipped with the reason')
  or diag slurp_file($report);

# ---- JSON edge cases: each bad line skipped with its reason, the rest loaded ----
write_bytes("$dir/edge.jsonl", join("\n",
	'{"body":"a\ud800"}',
	'{"body":"\udc00x"}',
	'{"body":"x\u0000y"}',
	'{"body":"Leading zero.","n":01}',
	'{"body":"Trailing comma.","n":[1,]}',
	qq({"body":"raw\ttab"}),
	'{"body":"x\q"}',
	'{"body":"Edge case fine.","n":-0.5e-3,"o":{"a":{"b":[[]]}},"t":true,"f":false,"z":"\\\\"}',
	'{"body":"Two objects."} {"x":1}',
	'[{"body":"An array."}]',
	'{"body":123}',
	'{"body":"dup key", "body":"Second body wins \u00E9\uD83D\uDE80."}',
	'{"body":"Unterminated.}') . "\n");
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', "--report=$report", "$dir/edge.jsonl" ]);
like($out, qr/^  articles loaded +2$/m, 'JSON edge cases: the two valid lines load');
is_deeply([ map { (split /\t/)[1] } report_lines($report) ], [ map { "line $_" } 1 .. 7, 9 .. 11, 13 ],
	'JSON edge cases: lone surrogates, \u0000, 01, [1,], a raw tab, \q, two objects, an array, a number body, '
	  . 'an unterminated string are each skipped')
  or diag slurp_file($report);
is($node->safe_psql('corpus', q{SELECT string_agg(encode(convert_to(body, 'UTF8'), 'hex'), ',' ORDER BY id)
	FROM ai_landscape.articles WHERE body IN ('Edge case fine.') OR body LIKE 'Second body%'}),
	join(',', unpack('H*', 'Edge case fine.'), unpack('H*', encode('UTF-8', "Second body wins \x{e9}\x{1f680}."))),
	'JSON edge cases: nested values skipped, a later duplicate member wins, upper-case hex and a pair decoded');

# ---- standard input, and the server refusing one article of a batch ----
my $stdin = join("\n",
	'{"body":"Huawei opened a lab in Shanghai.","published":"2023-03-01"}',
	'{"body":"Xiaomi plans a model by 2025.","published":"yesterday-ish"}',
	'{"body":"ByteDance trained a new model.","published":"2023-03-02"}') . "\n";
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', '--format=jsonl', '--batch=10',
		'--source=stdin feed', '--quiet', "--report=$report", '-' ], stdin => $stdin);
is($rc, 1, 'an article the server refuses makes the exit status 1');
like($out, qr/^  articles loaded +2$/m, 'the rest of its batch is loaded one by one');
@report = report_lines($report);
is(scalar @report, 1, 'one article reported');
like($report[0], qr/^standard input\tline 2\trefused by the server\t22007: invalid input syntax for type date/,
	'the report gives the input, line, and the server\'s SQLSTATE and message');
is($node->safe_psql('corpus', q{SELECT string_agg(source, ',' ORDER BY id) FROM ai_landscape.articles
	WHERE body LIKE 'Huawei%' OR body LIKE 'ByteDance%'}), 'stdin feed,stdin feed', '--source names the source');
is($err, '', '--quiet: no progress output');

# ---- .ndjson is JSON lines too, by its extension ----
write_bytes("$dir/feed.ndjson",
	'{"body":"Alibaba cut cloud prices by 20%.","title":"Price cut","source":"nd wire",'
	  . '"url":"https://example.com/nd","published":"2024-06-30"}' . "\n");
($rc, $out, $err) = loader(args => [ '-d', $corpus, '--mode=stream', '--quiet', "--report=$report", "$dir/feed.ndjson" ]);
is($rc, 0, 'an .ndjson file loads with exit status 0');
like($out, qr/^  articles loaded +1$/m, 'its one article is loaded');
is($node->safe_psql('corpus', q{SELECT concat_ws('|', title, source, url, published) FROM ai_landscape.articles
	WHERE body = 'Alibaba cut cloud prices by 20%.'}), 'Price cut|nd wire|https://example.com/nd|2024-06-30',
	'.ndjson: body, title, source, url and published stored');

# ---- the ways to connect, the default report file, an unknown database ----
my $env_db = db('envdb');
{
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	local $ENV{PGDATABASE} = 'envdb';
	($rc, $out, $err) = loader(args => [ '--mode=stream', "$dir/corpus/a/one.txt" ], cwd => $dir);
}
is($rc, 0, 'PGHOST, PGPORT and PGDATABASE are used');
is($node->safe_psql('envdb', 'SELECT count(*) FROM ai_landscape.articles'), '1', '... loading into that database');
ok(-f "$dir/ai-landscape-load.report", 'the report is written to ai-landscape-load.report by default');
(my $host = $node->host) =~ s{/}{%2F}g;
my $uri = sprintf('postgresql:///envdb?host=%s&port=%d', $host, $node->port);
($rc, $out, $err) = loader(args => [ '-d', $uri, '--mode=stream', "--report=$report", "$dir/corpus/a/b/two.txt" ]);
is($rc, 0, 'a URI connects');
is($node->safe_psql('envdb', 'SELECT count(*) FROM ai_landscape.articles'), '2', '... to the database it names');
# -h, -p, -U and a password from a password file (~/.pgpass or PGPASSFILE)
$node->safe_psql('postgres', q{CREATE ROLE loader_pw LOGIN SUPERUSER PASSWORD 'secret-word'});
my $hba = $node->data_dir . '/pg_hba.conf';
my $hba_text = slurp_file($hba);
write_bytes($hba, "local all loader_pw scram-sha-256\nhost all loader_pw 127.0.0.1/32 scram-sha-256\n" . $hba_text);
$node->reload;
write_bytes("$dir/pgpass", "*:*:*:loader_pw:secret-word\n");
chmod 0600, "$dir/pgpass";
my @by_parts = ('-h', $node->host, '-p', $node->port, '-U', 'loader_pw', '-d', 'envdb', '--mode=stream',
	"--report=$report", "$dir/corpus/a/one.txt");
{
	local $ENV{PGPASSFILE} = "$dir/nonexistent";
	($rc, $out, $err) = loader(args => \@by_parts);
}
is($rc, 2, 'a role that needs a password, without one: exit 2');
like($err, qr/cannot connect: .*password/, '... with libpq\'s message');
{
	local $ENV{PGPASSFILE} = "$dir/pgpass";
	($rc, $out, $err) = loader(args => \@by_parts);
}
is($rc, 0, '-h, -p, -U connect, with the password from the password file');
like($out, qr/^nothing new: the 1 article was already present$/m, '... to the database -d names');

($rc, $out, $err) = loader(args => [ '-d', $node->connstr('nosuchdb'), "--report=$report", "$dir/corpus" ]);
is($rc, 2, 'no connection: exit 2');
like($err, qr/cannot connect: .*nosuchdb/, '... with libpq\'s message');
($rc, $out, $err) = loader(args => [ '-d', $node->connstr('postgres'), "--report=$report", "$dir/corpus" ]);
is($rc, 2, 'a database without the extension: exit 2');
like($err, qr/no extension ai_landscape: run CREATE EXTENSION ai_landscape/, '... saying what to do');

# ---- -j: batches spread over connections, input order kept within each ----
my $jobs = db('jobs');
write_bytes("$dir/many.jsonl", join('', map {
	sprintf(qq({"title":"%02d","body":"Article %d says company %d raised %d million dollars."}\n), $_, $_, $_, $_ * 7)
} 0 .. 39));
($rc, $out, $err) = loader(args => [ '-d', $jobs, '--mode=stream', '-j', '2', '--batch=5', "--report=$report",
	'--progress-interval=0',
	"$dir/many.jsonl" ]);
is($rc, 0, '-j 2 exits 0');
like($out, qr/2 connections, batches of 5/, 'summary names the connections and batch size');
is($node->safe_psql('jobs', 'SELECT count(*), count(DISTINCT title) FROM ai_landscape.articles'), '40|40',
	'-j 2 loads every article once');
$claims = $node->safe_psql('jobs', 'SELECT count(*) FROM ai_landscape.claims');
like($out, qr/^  claims loaded +$claims$/m, '-j 2: summary counts the claims the server stored');
($progress_claims) = $err =~ /claims (\d+), [\d.]+ articles\/s[^\n]*\n\z/;
is($progress_claims, $claims, '-j 2: progress counts each connection\'s own claims, not the ones it relinked');
is($node->safe_psql('jobs', q{
	SELECT count(*) FROM (
	  SELECT title, id < lead(id) OVER (PARTITION BY title::int / 5 ORDER BY title) AS in_order
	    FROM ai_landscape.articles) AS s
	 WHERE NOT in_order}), '0', 'within each batch, ids follow input order');
my $jobs1 = db('jobs1');
($rc, $out, $err) = loader(args => [ '-d', $jobs1, '--mode=stream', '--batch=5', "--report=$report",
	"$dir/many.jsonl" ]);
is($node->safe_psql('jobs1', q{SELECT string_agg(title, ',' ORDER BY id) = string_agg(title, ',' ORDER BY title)
	FROM ai_landscape.articles}), 't', 'with -j 1, ids follow the input order exactly');

# ---- on a terminal: a progress bar redrawn in place ----
my $tty = db('tty');
my $tty_out = '';
IPC::Run::run([ "$bindir/ai-landscape-load", '-d', $tty, '--mode=stream', '--batch=10', "--report=$report",
	"$dir/many.jsonl" ], '<', \'', '>pty>', \$tty_out, '2>&1');
like($tty_out, qr/\r\[#{24}\] 100%  files 1\/1  articles 40  skipped 0  claims \d+  \d+ articles\/s  ETA 0:00\e\[K/,
	'on a terminal: a bar with files, articles, claims, rate and ETA, redrawn with a carriage return');
unlike($tty_out, qr/^progress:/m, '... and no plain progress lines');

# ---- bulk mode (the default): deferred linking and one recluster() ----
# articles sharing sentences (some in other case or quotes), one a near-copy of another
my @pool = ('Baidu is training a large model for search.', 'Alibaba opened a cloud region in Europe.',
	'Tencent hired engineers from Google.', 'Huawei designs its own AI chips.',
	'SenseTime sells face recognition to cities.', 'ByteDance ranks videos with a recommender.');
my @names = qw(Alice Bob Carol Dave Erin Frank Grace Heidi);
my @dups = map {
	my $i = $_;
	my @s = map { $pool[ ($i + $_) % 6 ] } 0 .. 3;
	$s[1] = uc($s[1]) if $i % 3 == 0;
	sprintf('{"title":"dup %d","body":"%s Reporter %s filed this story."}', $i, join(' ', @s), $names[$i])
} 0 .. 7;
push @dups, '{"title":"dup copy","body":"Baidu is training a large model for search. Alibaba opened a cloud region in Europe. '
  . 'Tencent hired engineers from Google. Huawei designs its own AI chips. A line of its own closes it."}';
write_bytes("$dir/dups.jsonl", join("\n", @dups) . "\n");
my @bulk_inputs = ("$dir/many.jsonl", "$dir/dups.jsonl", "$dir/corpus/a/one.txt", "$dir/corpus/a/b/two.txt");
my $bulk = db('bulk');
($rc, $out, $err) = loader(args => [ '-d', $bulk, "--report=$report", '--batch=7', '--title-first-line',
	@bulk_inputs ]);
is($rc, 0, 'bulk mode exits 0');
like($out, qr/^ai-landscape-load: done \(bulk mode, /m, 'bulk is the default mode');
like($err, qr/^linking near-duplicates of the 51 new articles: SELECT \* FROM ai_landscape.recluster\(\)$/m,
	'bulk mode links near-duplicates with one recluster() at the end');
my $links = q{SELECT string_agg(concat_ws('|', a.title, c.ordinal, c.duplicate_of IS NULL, c.cluster_id = c.id,
                  d.title, k.title, n.title), ',' ORDER BY a.id, c.ordinal)
              FROM ai_landscape.claims c JOIN ai_landscape.articles a ON a.id = c.article_id
              LEFT JOIN ai_landscape.claims dc ON dc.id = c.duplicate_of
              LEFT JOIN ai_landscape.articles d ON d.id = dc.article_id
              LEFT JOIN ai_landscape.claims kc ON kc.id = c.cluster_id
              LEFT JOIN ai_landscape.articles k ON k.id = kc.article_id
              LEFT JOIN ai_landscape.articles n ON n.id = a.near_duplicate_of};
my $streamed = db('streamed');
loader(args => [ '-d', $streamed, '--mode=stream', "--report=$report", '--batch=7', '--title-first-line',
	@bulk_inputs ]);
my $bulk_links = $node->safe_psql('bulk', $links);
like($bulk_links, qr/,dup 1\|1\|f\|f\|dup 0\|dup 0\|dup 0,.*,dup copy\|1\|f\|f\|dup 0\|dup 0\|dup 0,/,
	'the bulk load linked duplicates, clusters and a near-copy article')
  or diag $bulk_links;
is($bulk_links, $node->safe_psql('streamed', $links),
	'bulk and stream modes give the same duplicate_of, cluster_id and near_duplicate_of');
($rc, $out, $err) = loader(args => [ '-d', $bulk, "--report=$report", '--batch=7', '--title-first-line',
	@bulk_inputs ]);
is($rc, 0, 'bulk mode re-run exits 0');
like($out, qr/^nothing new: all 51 articles were already present$/m, 'bulk mode re-run loads nothing new');
unlike($err, qr/recluster/, '... and does not run recluster()');

# ---- Ctrl-C: the batches being loaded finish, what was loaded is linked, a re-run loads the rest ----
my $intr = db('intr');
write_bytes("$dir/int.jsonl", join('', map {
	sprintf(qq({"title":"%03d","body":"Item %d: company number %d announced a model. It was trained on chips."}\n), $_, $_, $_)
} 0 .. 599));
my ($iout, $ierr) = ('', '');
my $h = IPC::Run::start([ "$bindir/ai-landscape-load", '-d', $intr, '--batch=1', '--progress-interval=0',
		"--report=$report", "$dir/int.jsonl" ],
	'<', \'', '>', \$iout, '2>', \$ierr, IPC::Run::timeout(120));
# (pump only while the loader runs: a pump after it ended would die and hide why)
$h->pump while $h->pumpable && ((($ierr =~ /articles (\d+) \(/g)[-1] // 0) < 5);
$h->signal('INT') if $h->pumpable;
$h->finish;
is($h->result(0), 2, 'interrupted: exit 2') or diag "standard error:\n$ierr";
like($iout, qr/^ai-landscape-load: interrupted \(bulk mode/m, 'the summary says interrupted');
my ($part) = $iout =~ /^  articles loaded +(\d+)$/m;
ok($part >= 5 && $part < 600, "part of the input was loaded ($part of 600)");
is($node->safe_psql('intr', 'SELECT count(*) FROM ai_landscape.articles'), $part, '... and committed');
like($ierr, qr/recluster\(\) took/, 'what was loaded is linked with recluster()');
is($node->safe_psql('intr', q{SELECT count(duplicate_of) FROM ai_landscape.claims
	WHERE sentence::text = 'It was trained on chips.'}), $part - 1, '... every repeated sentence points at its first copy');
($rc, $out, $err) = loader(args => [ '-d', $intr, '--batch=50', "--report=$report", "$dir/int.jsonl" ]);
is($rc, 0, 'the same command again exits 0');
like($out, qr/^  articles loaded +@{[600 - $part]}\n  already present +$part$/m, '... and loads the rest');

$node->stop;
done_testing();
