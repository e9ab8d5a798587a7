# pg_dump keeps the extension's rows: a dump restored into a new database
# has the same articles and claims (not segmented a second time), and the
# sequences go on from where they were.  Rows also survive a crash.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;

$node->safe_psql('postgres', 'CREATE DATABASE source');
$node->safe_psql('source', qq{
    CREATE EXTENSION ai_landscape;
    SELECT ai_landscape.load_article('$sample', title => 'China AI race');
    SELECT ai_landscape.load_article('A second article. China is three years behind the US in AI but may not need three years to catch up.');
    -- a user's table with a prefix-filtered GIN index on a vocabulary
    CREATE TABLE notes (id int PRIMARY KEY, c ai_landscape.claim);
    INSERT INTO notes SELECT id, sentence FROM ai_landscape.claims;
    SELECT ai_landscape.create_vocabulary('notes_words', 'notes', 'c', 20);
    CREATE INDEX notes_prefix ON notes USING gin (c ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'notes_words'));
    -- and the loaders' index tuned
    SELECT ai_landscape.tune_claims_index(30);
});
my $claims_index = q{SELECT indexdef FROM pg_indexes WHERE indexname = 'claims_sentence_gin'};
like($node->safe_psql('source', $claims_index), qr/vocabulary=claims_/, 'the loaders\' index is tuned in the source');

my $claims_query = q{
    SELECT string_agg(concat_ws('|', id, article_id, ordinal, start_offset, end_offset,
                                sentence::text, duplicate_of), E'\n' ORDER BY id)
      FROM ai_landscape.claims};
my $articles_query = q{
    SELECT string_agg(concat_ws('|', id, title, body, encode(content_hash, 'hex'), loaded_at), E'\n' ORDER BY id)
      FROM ai_landscape.articles};

my $claims_before = $node->safe_psql('source', $claims_query);
my $articles_before = $node->safe_psql('source', $articles_query);
is($node->safe_psql('source', 'SELECT count(*) FROM ai_landscape.claims'), '46', 'source has 46 claims');

my $dump = $node->basedir . '/source.sql';
$node->command_ok([ 'pg_dump', '-d', $node->connstr('source'), '-f', $dump ], 'pg_dump');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('restored'), '-f', $dump ],
    'restore with psql');

is($node->safe_psql('restored', $claims_query), $claims_before, 'claims restored identically, not segmented again');
is($node->safe_psql('restored', $articles_query), $articles_before, 'articles restored identically');
# the vocabulary comes back before the index that needs it, and the index answers as before
my $notes_query = q{
    SET enable_seqscan = off;
    SELECT string_agg(n.id || ':' || (SELECT string_agg(m.id::text, ',' ORDER BY m.id) FROM notes m
                                       WHERE ai_landscape.similar(m.c, n.c, 0.6)), ' ' ORDER BY n.id)
      FROM notes n};
is($node->safe_psql('restored', q{SELECT string_agg(words || ' ' || source, '; ' ORDER BY created_at) FROM ai_landscape.vocabularies}),
    '20 public.notes.c, 100% sample; 30 ai_landscape.claims.sentence, 100% sample', 'the vocabularies are restored');
is($node->safe_psql('restored', q{SELECT count(*) FROM ai_landscape.vocabulary_words}), '50', 'with their words');
unlike($node->safe_psql('restored', $claims_index), qr/vocabulary/,
    'a restore creates the loaders\' index as CREATE EXTENSION does (README: run tune_claims_index() again)');
like($node->safe_psql('restored', q{SET enable_seqscan = off; EXPLAIN SELECT id FROM notes WHERE ai_landscape.similar(c, 'China', 0.6)}),
    qr/Bitmap Index Scan on notes_prefix/, 'the restored prefix index is used');
is($node->safe_psql('restored', $notes_query), $node->safe_psql('source', $notes_query),
    'the restored prefix index finds what it found before the dump');
is($node->safe_psql('restored', $notes_query =~ s/enable_seqscan = off/enable_bitmapscan = off/r),
    $node->safe_psql('restored', $notes_query), 'and what a sequential scan finds');

is($node->safe_psql('restored', "SELECT ai_landscape.load_article('$sample')"), '1',
    'reloading the sample after restore returns its id');
is($node->safe_psql('restored', q{SELECT ai_landscape.load_article('A new article after the restore.')}),
    '3', 'the article sequence continues after the restored rows');
is($node->safe_psql('restored', q{SELECT min(id) FROM ai_landscape.claims WHERE sentence::text = 'A new article after the restore.'}),
    '47', 'the claim sequence continues after the restored rows');

# the claim text form round-trips exactly through COPY text and binary formats
my $copy_file = $node->basedir . '/claims.bin';
$node->safe_psql('source', qq{
    CREATE TABLE copy_back (c ai_landscape.claim);
    COPY (SELECT sentence FROM ai_landscape.claims) TO '$copy_file' WITH (FORMAT binary);
    COPY copy_back FROM '$copy_file' WITH (FORMAT binary);
});
is($node->safe_psql('source', q{
        SELECT (SELECT count(*) FROM copy_back) || ' rows, ' || count(*) || ' differences'
          FROM (SELECT c::text FROM copy_back EXCEPT ALL SELECT sentence::text FROM ai_landscape.claims) AS d}),
    '46 rows, 0 differences', 'binary COPY round-trips every claim exactly');

# crash: stop without a checkpoint, recover from WAL
$node->stop('immediate');
$node->start;
is($node->safe_psql('source', $claims_query), $claims_before, 'claims survive a crash');

$node->stop;
done_testing();
