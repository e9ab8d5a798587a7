# Claims across three servers with postgres_fdw (README "Several servers").
# A coordinator whose articles, claims and mentions are hash-partitioned by
# article id (partition_by_article): its own tables are one partition, a
# foreign table on each of two data nodes (prepare_data_node) the others.
# Everything is loaded through the coordinator -- load_article and INSERT as
# a login role in ai_landscape_loader, COPY by ai-landscape-load in stream and
# bulk mode -- and, in the same order, into a single server.  Then: each
# article's rows are on one node; a sentence first stored on one node and
# repeated in an article stored on another is recognized; an entity added to
# the coordinator's gazetteer is found in an article stored on a node; the
# streaming loads linked as the single server did, and the first recluster()
# changes nothing; similar(), <-> top-k, distinct statements and the BI views
# answer alike, also to a login role in ai_landscape_reader; EXPLAIN VERBOSE
# shows the operators in the remote SQL; the loader's probes reach the data
# nodes as similar(), which can be a condition on their index; extraction
# asks a node for the articles it extracts only; two sessions loading the
# same body at once store it once; deleting an article deletes its rows on its
# node.  Load rate and query latency are printed as notes (README "Several
# servers").
use strict;
use warnings;
use File::Path qw(make_path);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(time sleep);

my %init = (extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
my $coord = PostgreSQL::Test::Cluster->new('coordinator');
$coord->init(%init);
$coord->start;
my %data;
for my $name (qw(node_a node_b))
{
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init(%init);
	# what the coordinator sends is in the log: the loader's probes are checked there
	$node->append_conf('postgresql.conf', "log_statement = 'all'");
	$node->start;
	$node->safe_psql('postgres', q{
		CREATE EXTENSION ai_landscape;
		SELECT ai_landscape.prepare_data_node();
		CREATE INDEX claims_sentence_gist ON ai_landscape.claims USING gist (sentence);
		CREATE ROLE etl LOGIN IN ROLE ai_landscape_loader;
		CREATE ROLE analyst LOGIN IN ROLE ai_landscape_reader;
	});
	$data{$name} = $node;
}

# ---- set-up: the coordinator, and a single server to compare with ----
$coord->safe_psql('postgres', q{
	CREATE EXTENSION ai_landscape;
	CREATE EXTENSION postgres_fdw;
	CREATE ROLE etl LOGIN IN ROLE ai_landscape_loader;
	CREATE ROLE analyst LOGIN IN ROLE ai_landscape_reader;
});
# every role that reads or loads needs a user mapping on every node (the
# superuser lets these two in without a password: the nodes trust local users)
for my $name (sort keys %data)
{
	my ($host, $port) = ($data{$name}->host, $data{$name}->port);
	$coord->safe_psql('postgres', qq{
		CREATE SERVER $name FOREIGN DATA WRAPPER postgres_fdw
		    OPTIONS (host '$host', port '$port', dbname 'postgres', extensions 'ai_landscape');
		CREATE USER MAPPING FOR CURRENT_USER SERVER $name;
		CREATE USER MAPPING FOR etl SERVER $name OPTIONS (user 'etl', password_required 'false');
		CREATE USER MAPPING FOR analyst SERVER $name OPTIONS (user 'analyst', password_required 'false');
	});
}
my ($rc, $out, $err) = $coord->psql('postgres', q{
	CREATE SERVER plain FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'postgres');
	SELECT ai_landscape.partition_by_article(ARRAY['node_a', 'plain']);
});
like($err, qr/server "plain" is not a postgres_fdw server with ai_landscape in its extensions option/,
	'partition_by_article refuses a server whose extensions option lacks ai_landscape');
# a server whose database has the extension but was not prepared: the coordinator's own
my ($chost, $cport) = ($coord->host, $coord->port);
($rc, $out, $err) = $coord->psql('postgres', qq{
	CREATE SERVER unprepared FOREIGN DATA WRAPPER postgres_fdw
	    OPTIONS (host '$chost', port '$cport', dbname 'postgres', extensions 'ai_landscape');
	CREATE USER MAPPING FOR CURRENT_USER SERVER unprepared;
	SELECT ai_landscape.partition_by_article(ARRAY['node_a', 'unprepared']);
});
like($err, qr/ERROR:  server "unprepared" is not a data node: prepare_data_node\(\) was not run in its database\nHINT:  In the database/,
	'partition_by_article asks each node whether it was prepared, and refuses one that was not');
$coord->safe_psql('postgres', 'DROP SERVER unprepared CASCADE');
$coord->safe_psql('postgres', q{SELECT ai_landscape.partition_by_article(ARRAY['node_a', 'node_b'])});
is($coord->safe_psql('postgres', q{
	SELECT string_agg(c.relname || ':' || c.relkind::text, ' ' ORDER BY c.relname)
	  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	 WHERE i.inhparent = 'ai_landscape.claims'::regclass}),
	'claims_local:r claims_node_a:f claims_node_b:f',
	'claims: the local table and a foreign table on each data node');
is($coord->safe_psql('postgres', q{
	SELECT count(*) || ' ' || count(obj_description(c.oid, 'pg_class')) FROM pg_class c
	 WHERE c.relnamespace = 'ai_landscape'::regnamespace AND c.relkind = 'f'}),
	'12 12', 'the twelve foreign partitions have comments');
is($coord->safe_psql('postgres', 'SELECT ai_landscape.articles_estimate() IS NULL'), 't',
	'articles_estimate(): unknown while the foreign partitions were never analyzed');
($rc, $out, $err) = $coord->psql('postgres', q{SELECT ai_landscape.partition_by_article(ARRAY['node_a'])});
like($err, qr/already partitioned\nHINT:  partition_by_article runs once/, 'partition_by_article runs once, and says so in a hint');

$coord->safe_psql('postgres', 'CREATE DATABASE single');
$coord->safe_psql('single', q{
	CREATE EXTENSION ai_landscape;
	CREATE INDEX claims_sentence_gist ON ai_landscape.claims USING gist (sentence);
});
for my $db (qw(postgres single))
{
	$coord->safe_psql($db, slurp_file('test/t/gen_articles.sql'));
	$coord->safe_psql($db, 'ALTER DATABASE ' . ($db eq 'postgres' ? 'postgres' : 'single')
		  . ' SET search_path = public, ai_landscape');
}

# Run the same SQL on the coordinator and the single server; returns the seconds each took.
sub both
{
	my ($sql) = @_;
	my @seconds;
	for my $db (qw(postgres single))
	{
		my $start = time;
		$coord->safe_psql($db, $sql);
		push @seconds, time - $start;
	}
	return @seconds;
}

sub same_answer
{
	my ($query, $what) = @_;
	my $single = $coord->safe_psql('single', $query);
	isnt($single, '', "$what: the single server has rows");
	is($coord->safe_psql('postgres', $query), $single, "$what: the coordinator gives the single server's answer");
	return $single;
}

# As the login role etl (ai_landscape_loader), the same on both
sub both_as_etl
{
	my ($sql) = @_;
	my @seconds;
	for my $db (qw(postgres single))
	{
		my $start = time;
		$coord->safe_psql($db, $sql, extra_params => [ '-U', 'etl' ]);
		push @seconds, time - $start;
	}
	return @seconds;
}

# ---- loading through the coordinator ----
# an entity added to the coordinator's gazetteer (the nodes' stay as shipped)
both(q{INSERT INTO entities (name, kind, country) VALUES ('Zorbex Labs', 'research_lab', 'CN')});
my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;
both_as_etl(qq{SELECT load_article('$sample', title => 'China AI race', published => '2023-05-01')});
my @set_load = both_as_etl('INSERT INTO articles (title, body) SELECT * FROM gen_articles(1, 150)');

# Where rows are: partition of an article, by the coordinator's tableoid
sub partition_of
{
	my ($article) = @_;
	return $coord->safe_psql('postgres', "SELECT tableoid::regclass FROM articles WHERE id = $article");
}
sub partition_of_uncommitted
{
	my ($session, $article) = @_;
	return $session->query_safe("SELECT tableoid::regclass FROM articles WHERE id = $article");
}
my $sample_at = partition_of(1);
like($sample_at, qr/^articles_node_[ab]$/, "the sample article is stored on a data node ($sample_at)");

# a sentence of the sample (node A) repeated in an article stored on the other node (B)
my $repeat_sql = q{SELECT load_article('Repeated on another node. Chinese scientists, programmers, and financiers are expected to propel $15 billion of spending on AI technology this year. Its share rose 20% in 2023. Zorbex Labs said its model beat GPT-4.', title => 'repeat', published => '2023-06-01')};
my $first = $coord->safe_psql('postgres', 'SELECT max(id) + 1 FROM articles');
my $filler = 0;
# article ids decide the node (hash of the id): let ids pass until one lands on the other data node
while (1)
{
	my $id = $first + $filler;
	my $at = $coord->safe_psql('postgres', qq{
		SELECT CASE WHEN satisfies_hash_partition('articles'::regclass, 3, 1, CAST($id AS bigint)) THEN 'articles_node_a'
		            WHEN satisfies_hash_partition('articles'::regclass, 3, 2, CAST($id AS bigint)) THEN 'articles_node_b'
		            ELSE 'articles_local' END});
	last if $at ne $sample_at && $at ne 'articles_local';
	$filler++;
}
both("SELECT load_article('Filler ' || i || ' happened today. Nothing else was said.') FROM generate_series(1, $filler) AS i")
  if $filler;
both_as_etl($repeat_sql);
my $repeat = $coord->safe_psql('postgres', q{SELECT id FROM articles WHERE title = 'repeat'});
my $repeat_at = partition_of($repeat);
isnt($repeat_at, $sample_at, "the repeating article is stored on the other data node ($repeat_at)");
is($coord->safe_psql('postgres', qq{
	SELECT d.article_id || ' ' || d.ordinal || ' ' || (c.cluster_id = d.cluster_id)
	  FROM claims c JOIN claims d ON d.id = c.duplicate_of
	 WHERE c.article_id = $repeat AND c.ordinal = 2}),
	'1 3 true', 'its sentence is linked to the first copy, claim 3 of the sample, on the other node');
my $zorbex = $coord->safe_psql('postgres', q{SELECT id FROM entities WHERE name = 'Zorbex Labs'});
my ($repeat_node) = $repeat_at =~ /^articles_(node_[ab])$/;
is($data{$repeat_node}->safe_psql('postgres', qq{
	SELECT c.ordinal || ' ' || c.attributed_to || ' ' || string_agg(e.matched, ',')
	  FROM ai_landscape.claims c JOIN ai_landscape.claim_entities e ON e.claim_id = c.id AND e.entity_id = $zorbex
	 GROUP BY c.ordinal, c.attributed_to}),
	"4 $zorbex Zorbex Labs",
	'the entity added on the coordinator is stored on the node as mentioned and as the source (no foreign key to the node\'s gazetteer)');

# ai-landscape-load: COPY through the coordinator, stream mode then bulk mode
my $bindir = $coord->config_data('--bindir');
my $dir = PostgreSQL::Test::Utils::tempdir;
sub load_files
{
	my ($batch) = @_;
	my ($mode, $from, $to) = @$batch;
	make_path("$dir/$mode");
	my $rows = $coord->safe_psql('single', "SELECT title || E'\\x1f' || body FROM gen_articles($from, $to)");
	my $i = 0;
	for my $row (split /\n/, $rows)
	{
		my ($title, $body) = split /\x1f/, $row;
		open(my $fh, '>', sprintf("%s/%s/%03d.txt", $dir, $mode, $i++)) or die $!;
		print $fh "$title\n$body\n";
		close $fh;
	}
	for my $db (qw(postgres single))
	{
		my ($lout, $lerr) = ('', '');
		IPC::Run::run([ "$bindir/ai-landscape-load", '-d', $coord->connstr($db), "--mode=$mode", '-q',
						'--title-first-line', "--report=$dir/$mode-$db.report", "$dir/$mode" ],
			'>', \$lout, '2>', \$lerr);
		is($? >> 8, 0, "ai-landscape-load --mode=$mode into " . ($db eq 'single' ? 'the single server' : 'the coordinator'))
		  or diag($lerr);
		like($lout, qr/articles loaded\s+30\b/, "$mode mode loaded 30 articles into $db");
	}
}
load_files([ 'stream', 301, 330 ]);

# Every load so far linked as it went (probes through the partitioned
# table): the links are the single server's, and the first recluster()
# finds nothing to change.  (The bulk load below ends with a recluster().)
same_answer('SELECT id, duplicate_of, cluster_id FROM claims ORDER BY id', 'links and clusters of the streaming loads');
same_answer('SELECT id, near_duplicate_of FROM articles ORDER BY id', 'near-duplicate articles of the streaming loads');
my $first_recluster = $coord->safe_psql('postgres', 'SELECT * FROM recluster()');
is($first_recluster, $coord->safe_psql('single', 'SELECT * FROM recluster()'),
	'the first recluster() on the coordinator: the same counts as on the single server');
like($first_recluster, qr/^\d+\|\d+\|[1-9]\d*\|0\|0$/, "and it changes no claim and no article ($first_recluster)");

load_files([ 'bulk', 331, 360 ]);

# ---- each article's rows on one node ----
my @tables = qw(articles claims claim_entities claim_amounts claim_percentages claim_times);
for my $name (sort keys %data)
{
	my $node = $data{$name};
	is($node->safe_psql('postgres', q{
		SELECT (SELECT count(*) FROM ai_landscape.articles) > 0 AND (SELECT count(*) FROM ai_landscape.claims) > 0
		   AND (SELECT count(*) FROM ai_landscape.claim_entities) > 0 AND (SELECT count(*) FROM ai_landscape.claim_amounts) > 0}),
		't', "$name stores articles, claims and mentions");
	is($node->safe_psql('postgres', q{
		SELECT (SELECT count(*) FROM ai_landscape.claims c
		         WHERE NOT EXISTS (SELECT 1 FROM ai_landscape.articles a WHERE a.id = c.article_id))
		     + (SELECT count(*) FROM (SELECT claim_id, article_id FROM ai_landscape.claim_entities
		                              UNION ALL SELECT claim_id, article_id FROM ai_landscape.claim_amounts
		                              UNION ALL SELECT claim_id, article_id FROM ai_landscape.claim_percentages
		                              UNION ALL SELECT claim_id, article_id FROM ai_landscape.claim_times) AS m
		         WHERE NOT EXISTS (SELECT 1 FROM ai_landscape.claims c
		                            WHERE c.id = m.claim_id AND c.article_id = m.article_id))}),
		'0', "every claim and mention on $name is there with its article");
}
for my $table (@tables)
{
	my $parts = join(' + ', map { "(SELECT count(*) FROM ai_landscape.$_)" }
		  ("${table}_local", "${table}_node_a", "${table}_node_b"));
	my $single = $coord->safe_psql('single', "SELECT count(*) FROM ai_landscape.$table");
	is($coord->safe_psql('postgres', "SELECT $parts"), $single,
		"$table: the three partitions hold the single server's $single rows, each once");
}
is($coord->safe_psql('postgres', q{
	SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id
	 WHERE substr(c.tableoid::regclass::text, 8) <> substr(a.tableoid::regclass::text, 10)}),
	'0', 'every claim is on its article\'s node');

# ---- the same answers as a single server ----
# extraction again, with the entity the nodes' gazetteers lack
is($coord->safe_psql('postgres', 'SELECT reextract()'), $coord->safe_psql('single', 'SELECT reextract()'),
	'reextract() on the coordinator: as many claims as on the single server');
same_answer('SELECT id, title, near_duplicate_of, encode(content_hash, \'hex\') FROM articles ORDER BY id', 'articles');
same_answer('SELECT id, article_id, ordinal, start_offset, end_offset, sentence, duplicate_of, cluster_id, modality,
                    negated, attribution, attributed_to FROM claims ORDER BY id', 'claims, their links and clusters');
same_answer('SELECT * FROM cluster_claims(0.8) ORDER BY claim_id', 'cluster_claims(0.8), another threshold');
for my $table (qw(claim_entities claim_amounts claim_percentages claim_times))
{
	same_answer("SELECT * FROM $table AS t ORDER BY t::text", $table);
}
my $q1 = q{'China is 3 years behind the US in AI'};
my $q2 = q{'Kilo echo raised $40 million in 2011 and said the model beat the benchmark.'};
my $similar = "SELECT id, round(similarity(sentence, $q1)::numeric, 4) FROM claims WHERE similar(sentence, $q1, 0.5) ORDER BY id";
same_answer($similar, 'similar() with a threshold in the query');
same_answer("SELECT id FROM claims WHERE similar(sentence, $q2, 0.7) ORDER BY id", 'similar() at 0.7');
my $knn = "SELECT id, round((sentence <-> $q2)::numeric, 4) FROM claims ORDER BY sentence <-> $q2, id LIMIT 10";
same_answer($knn, '<-> top-10');
same_answer('SELECT count(DISTINCT sentence), count(DISTINCT cluster_id) FROM claims', 'distinct statements');
for my $view (qw(claim_facts entity_mentions money_mentions distinct_claims claim_clusters article_near_duplicates))
{
	my $single = same_answer("SELECT * FROM $view AS v ORDER BY v::text", "view $view");
	# a reader needs a user mapping too (README "Several servers")
	is($coord->safe_psql('postgres', "SELECT * FROM $view AS v ORDER BY v::text", extra_params => [ '-U', 'analyst' ]),
		$single, "view $view: the same to a login role in ai_landscape_reader");
}
is($coord->safe_psql('postgres', 'SELECT count(*) FROM entity_mentions WHERE entity_id = ' . $zorbex), '1',
	'the added entity is found once, after reextract() too');

# ---- the operators run on the data nodes ----
sub remote_sql
{
	my ($query) = @_;
	my $plan = $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $query");
	return join("\n", grep { /Remote SQL/ } split /\n/, $plan);
}
my $r = remote_sql("SELECT id FROM claims WHERE similar(sentence, $q1, 0.5)");
is(() = $r =~ /ai_landscape\."similar"\(sentence, 'China is 3 years behind the US in AI'::ai_landscape\.claim, 0\.5::real\)/g,
	2, 'similar() is in the remote SQL of both foreign partitions');
$r = remote_sql("SELECT id FROM claims WHERE sentence %>= ($q1, 0.5)::claim_query");
is(() = $r =~ /sentence OPERATOR\(ai_landscape\.%>=\)/g, 2, '%>= is in the remote SQL');
$r = remote_sql("SELECT id FROM claims WHERE sentence % $q1");
is(() = $r =~ /sentence OPERATOR\(ai_landscape\.%\)/g, 2, '% is in the remote SQL');
$r = remote_sql("SELECT id FROM claims ORDER BY sentence <-> $q2 LIMIT 10");
is(() = $r =~ /ORDER BY \(sentence OPERATOR\(ai_landscape\.<->\)/g, 2,
	'<-> orders the rows on the data nodes (the coordinator merges them)');

# The loader's probes go through the partitioned table to each node as
# similar() with parameters, which the node's planner turns into a condition
# on its GIN (or GiST) index.  (Whether it takes the index is its choice by size: the
# probe comes as a cursor, planned for a fast start, and at the few hundred
# claims a node holds here a sequential scan wins; README "Several servers".)
$coord->safe_psql('postgres', q{SELECT load_article('A probe article. China is three years behind the US in AI but may not need three years to catch up.')});
my ($probe) = slurp_file($data{node_a}->logfile)
  =~ /DECLARE \w+ CURSOR FOR\s+(SELECT [^\n]* FROM ai_landscape\.claims WHERE \(ai_landscape\."similar"\(sentence, \$1::ai_landscape\.claim, \$2::real\)\)[^\n]*)/;
ok(defined $probe, 'the probe reaches the data node as similar() with parameters') or $probe = 'SELECT 1';
$probe =~ s/\$1::/'China is three years behind the US in AI.'::/;
$probe =~ s/\$2::/0.6::/;
$probe =~ s/\$3::/1000000::/;
like($data{node_a}->safe_psql('postgres', "SET enable_seqscan = off; EXPLAIN $probe"),
	qr/(Bitmap Index Scan on claims_sentence_gi(?:n|st)|Index Scan using claims_sentence_gist on claims)[^\n]*\n\s+Index Cond: \(sentence OPERATOR\(ai_landscape\.%>=\) ROW/,
	'on the data node the probe can be a condition on its index (GIN, or the GiST index that serves it too)');

# Extraction reads the claims of the given articles with their articles'
# dates: each node is asked for those articles only, not for all of them
# (the join would otherwise be a hash join over every article of every node).
my $on_b = $coord->safe_psql('postgres', q{SELECT min(id) FROM articles WHERE tableoid = 'articles_node_b'::regclass});
my $log_from = -s $data{node_b}->logfile;
$coord->safe_psql('postgres', "SELECT extract_claims(ARRAY[$on_b]::bigint[])");
my @articles_read = grep { /FROM ai_landscape\.articles/ }
  split /\n/, substr(slurp_file($data{node_b}->logfile), $log_from);
ok(@articles_read > 0, 'extract_claims reads articles on the node');
is(join("\n", grep { !/FROM ai_landscape\.articles WHERE \(\(id = ANY \(/ } @articles_read), '',
	'and every such read is limited to the given articles (id = ANY), in the node\'s SQL');

# ---- loaders use only SQL: the library writes no table directly ----
# One file reads a table directly: vocabulary.c, the word order of a
# prefix-filtered GIN index, read without the inserting user's privileges.
my $pkglibdir = $coord->config_data('--pkglibdir');
my $nm = `nm -D --undefined-only $pkglibdir/ai_landscape.so`;
isnt($nm, '', 'nm lists the symbols the library imports');
my $access = qr/\b(heap_(insert|update|delete|multi_insert|beginscan)|simple_heap_\w+|table_\w+|relation_open|index_(open|beginscan|insert)|systable_\w+|CatalogTuple\w+)\b/;
my $write = qr/\b(heap_(insert|update|delete|multi_insert)|simple_heap_\w+|table_tuple_\w+|table_multi_insert|index_insert|CatalogTuple\w+)\b/;
is(join(' ', grep { /$write/ } split /\n/, $nm), '', 'the library calls no heap, table or index write function');
my @direct = grep { `nm --undefined-only $_` =~ $access } glob('src/*.o src/core/*.o');
is(join(' ', @direct), 'src/vocabulary.o',
	'only vocabulary.c reads a table directly (the vocabulary of a GIN index); everything else goes through SPI');

# ANALYZE on the coordinator samples the nodes: the estimate is known from then on
$coord->safe_psql('postgres', 'ANALYZE ai_landscape.articles');
is($coord->safe_psql('postgres', 'SELECT ai_landscape.articles_estimate() = (SELECT count(*) FROM ai_landscape.articles)'),
	't', 'articles_estimate() after ANALYZE on the coordinator: the sum of the partitions\' counts');

# A prefix-filtered GIN index on a node needs its vocabulary there; made
# from the node's own claims, the answers stay the same.
($rc, $out, $err) = $data{node_a}->psql('postgres', q{
	CREATE INDEX claims_prefix ON ai_landscape.claims USING gin (sentence ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'news'))});
like($err, qr/vocabulary "news"/, 'a node refuses an index whose vocabulary it does not have');
my $similar_before = $coord->safe_psql('postgres', $similar);
$data{node_a}->safe_psql('postgres', q{
	SELECT ai_landscape.create_vocabulary('news', 'ai_landscape.claims', 'sentence');
	CREATE INDEX claims_prefix ON ai_landscape.claims USING gin (sentence ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'news'));
});
is($coord->safe_psql('postgres', $similar), $similar_before, 'similar() at 0.5 answers alike with a prefix-filtered index on a node');

# ---- two sessions loading at once ----
# postgres_fdw reads a node as of the first query a transaction sends it:
# loads on a coordinator take lock_claims() before that, so a load that
# waited sees what the other committed.  The first article goes to a node.
my $next_on_node = sub {
	my $id = $coord->safe_psql('postgres', 'SELECT last_value + 1 FROM ai_landscape.articles_id_seq');
	return $coord->safe_psql('postgres', qq{SELECT NOT satisfies_hash_partition('articles'::regclass, 3, 0, CAST($id AS bigint))}) eq 't';
};
$coord->safe_psql('postgres', q{SELECT nextval('ai_landscape.articles_id_seq')}) until $next_on_node->();
my $raced = 'Raced on a node. Two sessions load this body at the same time, and only one may store it.';
my $s1 = $coord->background_psql('postgres');
$s1->query_safe('BEGIN');
my $raced_id = $s1->query_safe(qq{SELECT load_article('$raced')});
like(partition_of_uncommitted($s1, $raced_id), qr/^articles_node_[ab]$/, 'the first session stores the body on a data node');
my $s2 = $coord->background_psql('postgres');
$s2->query_until(qr/started\n/, qq{\\echo started\nSELECT load_article('$raced');\n});
my $s3 = $coord->background_psql('postgres');
$s3->query_until(qr/started\n/,
	qq{\\echo started\nSELECT load_article('Another session. Two sessions load this body at the same time, and only one may store it.');\n});
ok($coord->poll_query_until('postgres', q{SELECT count(*) = 2 FROM pg_locks WHERE NOT granted AND relation = 'ai_landscape.claims'::regclass}),
	'the other two sessions wait for lock_claims()');
$s1->query_safe('COMMIT');
my ($again) = split /\n/, $s2->query_safe('SELECT 0');
is($again, $raced_id, 'the session that waited finds the body stored by the other: the same article id');
$s3->query_safe('SELECT 0');
$_->quit for $s1, $s2, $s3;
is($coord->safe_psql('postgres', qq{SELECT count(*) FROM articles WHERE body = '$raced'}), '1', 'the body is stored once');
is($coord->safe_psql('postgres', q{
	SELECT d.article_id || ' ' || d.ordinal FROM claims c JOIN articles a ON a.id = c.article_id
	  JOIN claims d ON d.id = c.duplicate_of WHERE a.body LIKE 'Another session.%' AND c.ordinal = 2}),
	"$raced_id 2", 'the sentence the third session repeats is linked to the first session\'s copy');

# ---- deleting an article deletes its rows on its node ----
my $count_on_node = qq{
	SELECT (SELECT count(*) FROM ai_landscape.articles WHERE id = $repeat) || ' '
	    || (SELECT count(*) FROM ai_landscape.claims WHERE article_id = $repeat) || ' '
	    || (SELECT count(*) FROM ai_landscape.claim_entities WHERE article_id = $repeat) || ' '
	    || (SELECT count(*) FROM ai_landscape.claim_amounts WHERE article_id = $repeat) || ' '
	    || (SELECT count(*) FROM ai_landscape.claim_percentages WHERE article_id = $repeat)};
like($data{$repeat_node}->safe_psql('postgres', $count_on_node), qr/^1 4 [1-9]\d* [1-9]\d* [1-9]\d*$/,
	'the repeating article, its claims and mentions are on its node');
$coord->safe_psql('postgres', "DELETE FROM articles WHERE id = $repeat");
is($data{$repeat_node}->safe_psql('postgres', $count_on_node), '0 0 0 0 0',
	'DELETE of the article on the coordinator deletes its claims and mentions on the node');

# ---- what it costs (notes for the README) ----
my @stream_load = both('SELECT load_article(body, title) FROM gen_articles(401, 401)');
my @stream = (0, 0);
for my $i (402 .. 421)
{
	my @s = both("SELECT load_article(body, title) FROM gen_articles($i, $i)");
	$stream[$_] += $s[$_] for 0, 1;
}
sub latency
{
	my ($db, $query) = @_;
	my $script = "\\timing on\n" . join('', map { "$query;\n" } 1 .. 20);
	my ($stdout, $stderr);
	$coord->psql($db, $script, stdout => \$stdout, stderr => \$stderr);
	my @ms = sort { $a <=> $b } ($stdout =~ /Time: ([\d.]+) ms/g);
	return $ms[ $#ms / 2 ];
}
my $claims = $coord->safe_psql('single', 'SELECT count(*) FROM claims');
note(sprintf('set load (INSERT of 150 articles, one statement): coordinator %.2f s, single server %.2f s', @set_load));
note(sprintf('streaming load (20 articles, one transaction each): coordinator %.0f ms/article, single server %.0f ms/article',
		$stream[0] * 50, $stream[1] * 50));
for my $q ([ 'similar() at 0.5', "SELECT id FROM claims WHERE similar(sentence, $q1, 0.5)" ],
	[ '<-> top-10', "SELECT id FROM claims ORDER BY sentence <-> $q2 LIMIT 10" ])
{
	note(sprintf('%s over %d claims, median of 20: coordinator %.2f ms, single server %.2f ms',
			$q->[0], $claims, latency('postgres', $q->[1]), latency('single', $q->[1])));
}

done_testing();
