# A crash in the middle of a bulk load loses only the batch in flight.  A
# session loads 3,000 generated articles in batches of 100, one transaction
# each, with deferred linking; the server is stopped with -m immediate while
# a batch is being inserted.  After recovery every article is complete (its
# seven claims, loaded_at, and the extraction rows its claims yield) or
# absent; the GIN and GiST indexes return what a sequential scan returns; and
# loading the rest, then recluster(), gives the links of a database that
# loaded the same articles without a crash.
use strict;
use warnings;
use File::Temp qw(tempdir);
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $articles = 3000;
my $batch = 100;
my $sentences = 7;    # per generated article

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
for my $db (qw(crashed reference))
{
    $node->safe_psql('postgres', "CREATE DATABASE $db");
    $node->safe_psql($db, 'CREATE EXTENSION ai_landscape');
    $node->safe_psql($db, slurp_file('test/t/gen_articles.sql'));
    $node->safe_psql($db, 'CREATE INDEX ON ai_landscape.claims USING gist (sentence)');
}

sub batches_sql
{
    my ($first, $last) = @_;
    my $sql = "SET ai_landscape.defer_linking = on;\n";
    for (my $i = $first; $i <= $last; $i += $batch)
    {
        my $end = $i + $batch - 1;
        $sql .= "INSERT INTO ai_landscape.articles (title, body) SELECT * FROM gen_articles($i, $end);\n";
    }
    return $sql;
}

# the load, in the background, until the server goes down under it
my $dir = tempdir(CLEANUP => 1);
open(my $fh, '>', "$dir/load.sql") or die $!;
print $fh batches_sql(1, $articles);
close $fh;
my ($load_out, $load_err) = ('', '');
my $load = IPC::Run::start(
    [ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('crashed'), '-f', "$dir/load.sql" ],
    '>', \$load_out, '2>', \$load_err);
$node->poll_query_until('crashed', q{
    SELECT (SELECT count(*) FROM ai_landscape.articles) >= 800
       AND EXISTS (SELECT 1 FROM pg_stat_activity
                    WHERE pid <> pg_backend_pid() AND state = 'active'
                      AND query LIKE 'INSERT INTO ai_landscape.articles%')})
  or die 'the load did not reach 800 articles';
$node->stop('immediate');
$load->finish;
like($load_err, qr/server closed the connection unexpectedly|terminating connection/,
    'the load was cut off by the crash');
$node->start;

# All or nothing, batch by batch: articles 1..k*100, each complete.
my $loaded = $node->safe_psql('crashed', 'SELECT count(*) FROM ai_landscape.articles');
ok($loaded >= 800 && $loaded < $articles, "the crash came in the middle of the load ($loaded articles kept)");
is($loaded % $batch, 0, 'whole batches survive');
is($node->safe_psql('crashed', q{
        SELECT min(substr(title, 11)::int) || '..' || max(substr(title, 11)::int) FROM ai_landscape.articles}),
    "1..$loaded", 'the batches that survive are the first ones');
is($node->safe_psql('crashed', qq{
        SELECT count(*) FROM ai_landscape.articles AS a
         WHERE a.loaded_at IS NULL
            OR (SELECT count(*) FROM ai_landscape.claims AS c WHERE c.article_id = a.id) <> $sentences
            OR (SELECT max(c.ordinal) FROM ai_landscape.claims AS c WHERE c.article_id = a.id) <> $sentences}),
    '0', "every article kept has loaded_at and its $sentences claims");
is($node->safe_psql('crashed', q{
        SELECT count(*) FILTER (WHERE modality IS NULL) || ' without modality, '
               || count(*) FILTER (WHERE sentence::text LIKE '%raised $%' AND NOT EXISTS
                      (SELECT 1 FROM ai_landscape.claim_amounts AS m WHERE m.claim_id = c.id)) || ' without their amount, '
               || count(*) FILTER (WHERE sentence::text LIKE '% million in 20%' AND NOT EXISTS
                      (SELECT 1 FROM ai_landscape.claim_times AS t WHERE t.claim_id = c.id)) || ' without their year'
          FROM ai_landscape.claims AS c}),
    '0 without modality, 0 without their amount, 0 without their year', 'every claim kept has its extraction rows');

# The extraction rows are exactly what extracting again gives.
my $extracted_query = q{
    SELECT md5(concat_ws(E'\n',
        (SELECT string_agg(concat_ws('|', claim_id, entity_id, start_offset, matched), ',' ORDER BY claim_id, start_offset, matched)
           FROM ai_landscape.claim_entities),
        (SELECT string_agg(concat_ws('|', claim_id, amount, currency, start_offset), ',' ORDER BY claim_id, start_offset)
           FROM ai_landscape.claim_amounts),
        (SELECT string_agg(concat_ws('|', claim_id, kind, year, raw, start_offset), ',' ORDER BY claim_id, start_offset, raw)
           FROM ai_landscape.claim_times),
        (SELECT string_agg(concat_ws('|', id, modality, negated, attribution), ',' ORDER BY id)
           FROM ai_landscape.claims)))};
my $extracted = $node->safe_psql('crashed', $extracted_query);
$node->safe_psql('crashed', 'SELECT ai_landscape.reextract()');
is($node->safe_psql('crashed', $extracted_query), $extracted, 'the extraction rows kept equal a new extraction');

# Each index returns what the table holds.  Dropping the other index inside a
# rolled-back transaction makes the planner use the one under test.
my %scans = (
    'GIN bitmap scan' => [ 'DROP INDEX ai_landscape.claims_sentence_idx; SET LOCAL enable_seqscan = off;',
        qr/Bitmap Index Scan on claims_sentence_gin/ ],
    'GiST bitmap scan' => [ 'DROP INDEX ai_landscape.claims_sentence_gin; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off;',
        qr/Bitmap Index Scan on claims_sentence_idx/ ],
    'GiST index scan' => [ 'DROP INDEX ai_landscape.claims_sentence_gin; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off;',
        qr/Index Scan using claims_sentence_idx/ ],
);
my @probes = (
    [ 'This is generated report number 7.', 0.8 ],
    [ 'Hotel romeo raised $10 million in 2000 and said the mike echo model beat the golf benchmark.', 0.5 ],
    [ 'India foxtrot raised $58 million in 2013 and said the echo kilo model beat the juliet benchmark.', 0.6 ],
    [ 'Tango golf raised $95 million in 2000 and said the delta bravo model beat the victor benchmark.', 0.9 ],
);

sub indexes_match_table
{
    my ($db, $when) = @_;
    for my $probe (@probes)
    {
        my ($text, $threshold) = @$probe;
        (my $quoted = $text) =~ s/'/''/g;
        my $query = qq{SELECT string_agg(id::text, ',' ORDER BY id) FROM ai_landscape.claims
                        WHERE ai_landscape.similar(sentence, '$quoted', $threshold)};
        my $expected = $node->safe_psql($db, "SET enable_indexscan = off; SET enable_bitmapscan = off; $query");
        isnt($expected, '', "$when: a sequential scan finds '$text' at $threshold");
        for my $scan (sort keys %scans)
        {
            my ($setup, $plan) = @{ $scans{$scan} };
            like($node->safe_psql($db, "BEGIN; $setup EXPLAIN (COSTS OFF) $query; ROLLBACK;"), $plan,
                "$when: the $scan is planned");
            is($node->safe_psql($db, "BEGIN; $setup $query; ROLLBACK;"), $expected,
                "$when: the $scan returns what the sequential scan returns");
        }
    }
}
indexes_match_table('crashed', 'after the crash');

# Load the rest, link everything, and compare with a load that never crashed.
$node->command_ok(
    [ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('crashed'), '-c', batches_sql($loaded + 1, $articles) ],
    'the rest of the articles load after the crash');
$node->safe_psql('reference', batches_sql(1, $articles));
my $recluster = q{SELECT concat_ws(' ', claims, clusters, duplicates, claims_changed, articles_changed) FROM ai_landscape.recluster()};
my $reference_totals = $node->safe_psql('reference', $recluster);
is($node->safe_psql('crashed', $recluster), $reference_totals,
    "recluster() after the crash gives the totals of a load without one ($reference_totals)");
like($reference_totals, qr/^${\($articles * $sentences)} /, 'every claim is there');

# The same links, named by article and position: ids differ by the batch the crash lost.
my $links_query = q{
    SELECT md5(string_agg(concat_ws('|', a.title, c.ordinal, da.title, d.ordinal, ka.title, k.ordinal, na.title),
                          ',' ORDER BY c.id))
      FROM ai_landscape.claims AS c
      JOIN ai_landscape.articles AS a ON a.id = c.article_id
      LEFT JOIN ai_landscape.claims AS d ON d.id = c.duplicate_of
      LEFT JOIN ai_landscape.articles AS da ON da.id = d.article_id
      LEFT JOIN ai_landscape.claims AS k ON k.id = c.cluster_id
      LEFT JOIN ai_landscape.articles AS ka ON ka.id = k.article_id
      LEFT JOIN ai_landscape.articles AS na ON na.id = a.near_duplicate_of};
is($node->safe_psql('crashed', $links_query), $node->safe_psql('reference', $links_query),
    'every claim has the duplicate, cluster and article links of the load without a crash');
is($node->safe_psql('crashed', 'SELECT count(*) FROM ai_landscape.claim_amounts'),
    $node->safe_psql('reference', 'SELECT count(*) FROM ai_landscape.claim_amounts'), 'and the same amounts');
indexes_match_table('crashed', 'after the rest');

$node->stop;
done_testing();
