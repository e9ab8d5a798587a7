# Version 1.0 updates to the current version.  1.0 is installed from its
# frozen script, loaded, updated with ALTER EXTENSION ai_landscape UPDATE,
# then queried and loaded again: the rows stay, loads work, and recluster()
# brings the links to what a fresh install computes for the same articles.
# The updated schema must be the one a fresh install creates: pg_dump
# --binary-upgrade prints every member of the extension (functions with their
# bodies and settings, types, operators, tables, indexes, triggers, views,
# comments, grants), so a change to src/ai_landscape.sql that the update
# script does not make fails here, with the difference printed.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);
use File::Temp qw(tempdir);
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# The released script never changes: sql_versions/ai_landscape--1.0.sql is
# src/ai_landscape.sql and the gazetteer as of commit fcbe946.
is(sha256_hex(slurp_file('sql_versions/ai_landscape--1.0.sql')),
    '2f043b88606d5393978c684eb8952146ec82ec5c1ccf3cac873f3205411ba83f', 'the 1.0 install script is the released one');

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $current = $node->safe_psql('postgres',
    q{SELECT default_version FROM pg_available_extensions WHERE name = 'ai_landscape'});
isnt($current, '1.0', "the current version ($current) is not 1.0");
# every released version has update scripts that lead to the current one
my @released = split /\n/, $node->safe_psql('postgres', qq{
    SELECT version FROM pg_available_extension_versions
     WHERE name = 'ai_landscape' AND version <> '$current' ORDER BY version});
ok(grep({ $_ eq '1.0' } @released), '1.0 can be installed');
is($node->safe_psql('postgres', qq{
        SELECT count(*) FROM pg_extension_update_paths('ai_landscape')
         WHERE target = '$current' AND path IS NULL AND source <> '$current'}),
    '0', "every released version updates to $current");

my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;
# Articles loaded before the update, and more loaded after it.  Two sentences
# differ only in an amount: 1.0 links them, this version does not.
my @before = (
    "SELECT ai_landscape.load_article('$sample', title => 'China AI race', published => '2023-06-01')",
    q{SELECT ai_landscape.load_article('OpenAI raised $10 billion from Microsoft in 2023. Analysts expect more deals this year.', published => '2023-02-01')},
    q{SELECT ai_landscape.load_article('OpenAI raised $13 billion from Microsoft in 2023. Baidu said it would release Ernie soon.', published => '2023-03-01')},
    # an entity a user adds takes the id after the shipped ones
    q{INSERT INTO ai_landscape.entities (name, kind, country) VALUES ('Acme Robotics', 'company', 'US');
      INSERT INTO ai_landscape.entity_aliases (entity_id, alias)
      SELECT id, 'Acme' FROM ai_landscape.entities WHERE name = 'Acme Robotics';
      SELECT ai_landscape.load_article('Acme raised $5 million, according to Preqin. Nvidia sold chips to Acme Robotics.')},
);
my @after = (
    q{SELECT ai_landscape.load_article('After the update: OpenAI raised $10 billion from Microsoft in 2023.', published => '2023-07-01')},
    # one statement, two articles: the statement-level trigger loads them as a set
    q{INSERT INTO ai_landscape.articles (title, body, published)
      VALUES ('set 1', 'Nvidia sold more chips to China in 2022. China is three years behind the US in AI.', '2023-08-01'),
             ('set 2', 'China is three years behind the US in AI, analysts said. Nvidia sold more chips in 2022.', '2023-08-02')},
    # a deferred bulk load, linked by recluster()
    q{SET ai_landscape.defer_linking = on;
      INSERT INTO ai_landscape.articles (title, body)
      VALUES ('bulk', 'Baidu said it would release Ernie soon. Alibaba invested $1 billion in 2023.');
      SELECT count(*) FROM ai_landscape.recluster()},
);

$node->safe_psql('postgres', 'CREATE DATABASE from_1_0');
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('from_1_0', q{CREATE EXTENSION ai_landscape VERSION '1.0'});
$node->safe_psql('from_1_0', $_) for @before;
is($node->safe_psql('from_1_0', q{SELECT extversion FROM pg_extension WHERE extname = 'ai_landscape'}),
    '1.0', '1.0 installed from its script');

# Entities by id and name: a pg_dump keeps only the entities users added and
# refers to entities by id, so an update must number the shipped entities as
# a fresh install does (in the order of data/gazetteer.tsv) and move the ones
# users added out of their way.
my %query;
$query{claims} = q{
    SELECT string_agg(concat_ws('|', id, article_id, ordinal, start_offset, end_offset, sentence::text,
                                duplicate_of, cluster_id, modality, negated, attribution,
                                (SELECT e.name FROM ai_landscape.entities AS e WHERE e.id = c.attributed_to)),
                      E'\n' ORDER BY id)
      FROM ai_landscape.claims AS c};
$query{articles} = q{
    SELECT string_agg(concat_ws('|', id, title, published, body, encode(content_hash, 'hex'),
                                loaded_at IS NOT NULL, near_duplicate_of), E'\n' ORDER BY id)
      FROM ai_landscape.articles};
$query{extracted} = q{
    SELECT concat_ws(E'\n',
        (SELECT string_agg(concat_ws('|', m.claim_id, e.name, m.start_offset, m.end_offset, m.matched), E'\n'
                           ORDER BY m.claim_id, m.start_offset, m.matched)
           FROM ai_landscape.claim_entities AS m LEFT JOIN ai_landscape.entities AS e ON e.id = m.entity_id),
        (SELECT string_agg(concat_ws('|', claim_id, amount, amount_high, currency, raw, start_offset), E'\n'
                           ORDER BY claim_id, start_offset) FROM ai_landscape.claim_amounts),
        (SELECT string_agg(concat_ws('|', claim_id, percent, raw, start_offset), E'\n'
                           ORDER BY claim_id, start_offset) FROM ai_landscape.claim_percentages),
        (SELECT string_agg(concat_ws('|', claim_id, kind, year, qualifier, value, unit, raw, start_offset), E'\n'
                           ORDER BY claim_id, start_offset, raw) FROM ai_landscape.claim_times))};
$query{gazetteer} = q{
    SELECT concat_ws(E'\n',
        (SELECT string_agg(concat_ws('|', id, name, kind, country, builtin), E'\n' ORDER BY id)
           FROM ai_landscape.entities),
        (SELECT string_agg(concat_ws('|', a.entity_id, e.name, a.alias, a.builtin), E'\n' ORDER BY a.entity_id, a.alias)
           FROM ai_landscape.entity_aliases AS a JOIN ai_landscape.entities AS e ON e.id = a.entity_id),
        (SELECT count(*) || ' entities, ' || count(DISTINCT name) || ' names' FROM ai_landscape.entities))};
$query{entity_ids} = q{
    SELECT concat_ws(E'\n',
        (SELECT string_agg(concat_ws('|', claim_id, entity_id, start_offset), ',' ORDER BY claim_id, start_offset, entity_id)
           FROM ai_landscape.claim_entities),
        (SELECT string_agg(concat_ws('|', id, attributed_to), ',' ORDER BY id)
           FROM ai_landscape.claims WHERE attributed_to IS NOT NULL))};
my $figure_pair = q{
    SELECT (a.duplicate_of IS NOT DISTINCT FROM b.id) || ' ' || (a.cluster_id = b.cluster_id)
      FROM ai_landscape.claims AS a, ai_landscape.claims AS b
     WHERE a.sentence::text LIKE 'OpenAI raised $13 billion%' AND b.sentence::text LIKE 'OpenAI raised $10 billion%'};

my $acme = q{
    SELECT e.id || ': ' || count(m.*) || ' mentions'
      FROM ai_landscape.entities AS e LEFT JOIN ai_landscape.claim_entities AS m ON m.entity_id = e.id
     WHERE e.name = 'Acme Robotics' GROUP BY e.id};
is($node->safe_psql('from_1_0', $acme), '132: 2 mentions', "1.0: the user's entity follows the 131 shipped ones");

my %rows;
$rows{$_} = $node->safe_psql('from_1_0', $query{$_}) for qw(claims articles extracted);
like($rows{claims}, qr/^1\|1\|1\|/, '1.0 loaded claims');
isnt($rows{extracted}, '', '1.0 extracted entities, amounts and times');
is($node->safe_psql('from_1_0', $figure_pair), 'true true', '1.0 links two claims that differ in an amount');

# The new library runs the 1.0 SQL until the update: what 1.0 named and this
# library no longer has says what to do.
for my $call ('cluster_claims(0.6)', 'recluster()')
{
    my ($rc, $out, $err) = $node->psql('from_1_0', "SELECT * FROM ai_landscape.$call");
    like($err, qr/needs the update of the extension.*\n.*HINT:  Run ALTER EXTENSION ai_landscape UPDATE/,
        "1.0's $call asks for the update");
}

$node->safe_psql('from_1_0', 'ALTER EXTENSION ai_landscape UPDATE');
is($node->safe_psql('from_1_0', q{SELECT extversion FROM pg_extension WHERE extname = 'ai_landscape'}),
    $current, "updated to $current");
is($node->safe_psql('from_1_0', $query{$_}), $rows{$_}, "the update keeps the $_ rows")
    for qw(claims articles extracted);

# Loads work after the update: one at a time, a set per statement, deferred.
$node->safe_psql('from_1_0', $_) for @after;
is($node->safe_psql('from_1_0', q{
        SELECT count(*) FILTER (WHERE loaded_at IS NULL) || ' unloaded, '
               || count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ai_landscape.claims AS c WHERE c.article_id = a.id))
               || ' without claims of ' || count(*)
          FROM ai_landscape.articles AS a}),
    '0 unloaded, 0 without claims of 8', 'every article loaded after the update has its claims');
is($node->safe_psql('from_1_0', $figure_pair), 'false false',
    'recluster() after the update unlinks claims whose amounts differ');
is($node->safe_psql('from_1_0', q{
        SELECT string_agg(article_id::text, ',' ORDER BY id) FROM ai_landscape.claims
         WHERE ai_landscape.similar(sentence, 'China is three years behind the US in AI.', 0.6)}),
    '1,1,6,7', 'near-duplicate query after the update: twice in the sample, once in each article of the set');

# The same articles, in the same order, on a fresh install of this version.
# After recluster() (in @after) and reextract(), as README "Upgrading" says,
# the updated database holds what the fresh one holds: links by this
# version's rules, mentions by its extractors and gazetteer.
$node->safe_psql('from_1_0', 'SELECT ai_landscape.reextract()');
$node->safe_psql('fresh', 'CREATE EXTENSION ai_landscape');
$node->safe_psql('fresh', $_) for @before, @after;
for my $what (qw(claims articles extracted gazetteer entity_ids))
{
    is($node->safe_psql('from_1_0', $query{$what}), $node->safe_psql('fresh', $query{$what}),
        "updated and fresh installs hold the same $what rows");
}

is($node->safe_psql('from_1_0', $acme), '133: 2 mentions',
    "the update moves the user's entity out of the way of the 132 shipped ones, with its mentions");

# A pg_dump of the updated database restores into a fresh install.
my $dir = tempdir(CLEANUP => 1);
$node->command_ok([ 'pg_dump', '-d', $node->connstr('from_1_0'), '-f', "$dir/from_1_0.dump.sql" ],
    'pg_dump of the updated database');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('restored'),
        '-f', "$dir/from_1_0.dump.sql" ], 'restore with psql');
for my $what (qw(claims articles extracted gazetteer entity_ids))
{
    is($node->safe_psql('restored', $query{$what}), $node->safe_psql('from_1_0', $query{$what}),
        "the restored database holds the $what rows of the updated one");
}

# The schemas, member by member: 1.0 updated with its rows, and every other
# released version updated from an empty install.
my @updated = ('from_1_0');
for my $version (grep { $_ ne '1.0' } @released)
{
    (my $db = "from_$version") =~ s/\W/_/g;
    $node->safe_psql('postgres', "CREATE DATABASE $db");
    $node->safe_psql($db, "CREATE EXTENSION ai_landscape VERSION '$version'; ALTER EXTENSION ai_landscape UPDATE");
    push @updated, $db;
}
my $fresh_schema = schema_of('fresh');
for my $db (@updated)
{
    my $diff = '';
    IPC::Run::run([ 'diff', '-u', schema_of($db), $fresh_schema ], '>', \$diff);
    ok($diff eq '', "ALTER EXTENSION UPDATE in $db gives the schema of a fresh $current install")
      or diag("the update scripts in sql_versions/ must make these changes "
          . "(- updated, + fresh install):\n$diff");
}
my $config_query = q{
    SELECT string_agg(c::regclass || ' ' || extcondition[n], E'\n' ORDER BY n)
      FROM pg_extension, unnest(extconfig) WITH ORDINALITY AS u(c, n)
     WHERE extname = 'ai_landscape'};
is($node->safe_psql('from_1_0', $config_query), $node->safe_psql('fresh', $config_query),
    'pg_dump keeps the same tables with the same conditions');

$node->stop;
done_testing();

# pg_dump --binary-upgrade of a database, normalized, in a file
sub schema_of
{
    my ($db) = @_;
    my $dump = "$dir/$db.sql";
    $node->command_ok(
        [ 'pg_dump', '--schema-only', '--binary-upgrade', '-d', $node->connstr($db), '-f', $dump ],
        "pg_dump --binary-upgrade of $db");
    my $normalized = "$dir/$db.normalized.sql";
    open(my $fh, '>', $normalized) or die $!;
    print $fh normalize_dump(slurp_file($dump));
    close $fh;
    return $normalized;
}

# What differs between two databases with the same schema: object ids,
# transaction ids, sequence positions and the dump's session key.
sub normalize_dump
{
    my ($text) = @_;
    my @keep = grep {
        !/^SELECT pg_catalog\.binary_upgrade_set_next_/
          && !/^SELECT pg_catalog\.setval\(/
          && !/^SET relfrozenxid = /
          && !/^WHERE oid = '\d+';$/
          && !/^\\(?:un)?restrict /
    } split /\n/, $text;
    s/'\{[\d,]*\}'/'{oids}'/g for @keep;
    return join("\n", @keep) . "\n";
}
