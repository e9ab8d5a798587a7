# A streaming replica answers from the extension's indexes.  The standby is
# made by pg_basebackup before the extension exists, so the extension, its
# rows and both indexes (GIN built empty and filled by inserts; GiST built
# over loaded rows, then filled by inserts) reach it only through WAL.  On the
# standby the near-duplicate, KNN and distinct_claims queries return the
# primary's rows, through the indexes, and those rows are the ones a
# sequential scan finds.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1, extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$primary->start;
$primary->backup('before_extension');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'before_extension', has_streaming => 1);
$standby->start;

my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;
$primary->safe_psql('postgres', 'CREATE EXTENSION ai_landscape');
$primary->safe_psql('postgres', slurp_file('test/t/gen_articles.sql'));
$primary->safe_psql('postgres', qq{
    SELECT ai_landscape.load_article('$sample', title => 'China AI race');
    SELECT ai_landscape.load_article('A second article. China is three years behind the US in AI but may not need three years to catch up.');
});
# a bulk load: claims stored as one set, linked by one recluster()
$primary->safe_psql('postgres', q{
    SET ai_landscape.defer_linking = on;
    INSERT INTO ai_landscape.articles (title, body) SELECT * FROM gen_articles(1, 300);
    SELECT count(*) FROM ai_landscape.recluster();
});

my $near = q{SELECT string_agg(id::text, ',' ORDER BY id) FROM ai_landscape.claims
              WHERE ai_landscape.similar(sentence, 'Hotel romeo raised $10 million in 2000 and said the mike echo model beat the golf benchmark.', 0.5)};
my $near_text = q{SELECT string_agg(id::text, ',' ORDER BY id) FROM ai_landscape.claims
                   WHERE ai_landscape.similar(sentence, 'China is three years behind the US in AI.', 0.5)};
my $probe = q{'India foxtrot raised $58 million in 2013 and said the echo bravo model beat the juliet benchmark.'};
my $knn = qq{SELECT string_agg(id || ' ' || round(d::numeric, 4), ',' ORDER BY d, id)
               FROM (SELECT id, sentence OPERATOR(ai_landscape.<->) $probe AS d FROM ai_landscape.claims
                      ORDER BY sentence OPERATOR(ai_landscape.<->) $probe LIMIT 5) AS k};
my $knn_distances = qq{SELECT string_agg(round(d::numeric, 4)::text, ',' ORDER BY d)
                         FROM (SELECT sentence OPERATOR(ai_landscape.<->) $probe AS d FROM ai_landscape.claims
                                ORDER BY 1 LIMIT 5) AS k};
my $distinct = 'SELECT count(*) FROM ai_landscape.distinct_claims';
my $index_only = 'SET enable_seqscan = off;';
my $heap_only = 'SET enable_indexscan = off; SET enable_bitmapscan = off;';

# Run on the primary with a sequential scan, then on the standby through the index.
sub same_rows
{
    my ($query, $what) = @_;
    my $expected = $primary->safe_psql('postgres', $heap_only . $query);
    isnt($expected, '', "$what: the primary finds rows");
    is($standby->safe_psql('postgres', $index_only . $query), $expected,
        "$what: the standby returns the primary's rows through the index");
}

sub standby_plan_like
{
    my ($query, $pattern, $what) = @_;
    like($standby->safe_psql('postgres', "$index_only EXPLAIN (COSTS OFF) $query"), $pattern, $what);
}

$primary->wait_for_catchup($standby, 'replay', $primary->lsn('insert'));
is($standby->safe_psql('postgres', 'SELECT count(*) FROM ai_landscape.articles'), '302', 'the standby has every article');
same_rows($near, 'near-duplicates of a generated claim (GIN)');
same_rows($near_text, 'near-duplicates of a sample claim (GIN)');
standby_plan_like($near, qr/Bitmap Index Scan on claims_sentence_gin/, 'the standby plans similar() on the GIN index');
is($standby->safe_psql('postgres', $distinct), $primary->safe_psql('postgres', $distinct),
    'distinct_claims counts the same statements on the standby');

# GiST: built over the loaded rows, then filled by inserts that link as they load
$primary->safe_psql('postgres', 'CREATE INDEX ON ai_landscape.claims USING gist (sentence)');
$primary->safe_psql('postgres', q{
    INSERT INTO ai_landscape.articles (title, body) SELECT * FROM gen_articles(301, 400);
    SELECT ai_landscape.load_article('A third article. OpenAI raised $10 billion from Microsoft in 2023.');
});
$primary->wait_for_catchup($standby, 'replay', $primary->lsn('insert'));

same_rows($knn_distances, 'the distances of the 5 nearest claims (GiST KNN)');
is($standby->safe_psql('postgres', $index_only . $knn), $primary->safe_psql('postgres', $index_only . $knn),
    "the standby's 5 nearest claims are the primary's");
standby_plan_like("SELECT id FROM ai_landscape.claims ORDER BY sentence OPERATOR(ai_landscape.<->) 'India foxtrot' LIMIT 5",
    qr/Index Scan using claims_sentence_idx on claims/, 'the standby plans KNN on the GiST index');
same_rows($near, 'near-duplicates of a generated claim after more loads (GiST)');
standby_plan_like($near, qr/Index Scan on claims_sentence_idx/, 'the standby plans similar() on the GiST index');
same_rows(q{SELECT string_agg(id::text, ',' ORDER BY id) FROM ai_landscape.claims
             WHERE sentence OPERATOR(ai_landscape.=) 'OpenAI raised $10 billion from Microsoft in 2023.'}, 'equality (GIN)');
standby_plan_like(q{SELECT id FROM ai_landscape.claims WHERE sentence OPERATOR(ai_landscape.=) 'A third article.'},
    qr/Bitmap Index Scan on claims_sentence_gin/, 'the standby plans = on the GIN index');
is($standby->safe_psql('postgres', $distinct), $primary->safe_psql('postgres', $distinct),
    'distinct_claims counts the same statements on the standby after more loads');
is($standby->safe_psql('postgres', 'SELECT count(*) FROM ai_landscape.claims'),
    $primary->safe_psql('postgres', 'SELECT count(*) FROM ai_landscape.claims'), 'the standby has every claim');

# a standby is read-only: loading there is refused, not half done
my ($rc, $out, $err) = $standby->psql('postgres', q{SELECT ai_landscape.load_article('On the standby.')});
like($err, qr/cannot execute INSERT in a read-only transaction/, 'a load on the standby is refused');

$standby->stop;
$primary->stop;
done_testing();
