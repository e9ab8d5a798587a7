# pg_dump keeps changes to the shipped gazetteer: a shipped entity or alias
# that was edited, renamed or deleted, and a name freed by a deletion and
# taken again, come back the same after a restore (plain script, custom
# format).  The recorded ICU version comes back too.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('gazetteer');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE source');
$node->safe_psql('source', q{
    CREATE EXTENSION ai_landscape;
    SET search_path = ai_landscape;
    UPDATE entities SET country = 'XX' WHERE name = 'Taiwan';                 -- edited
    UPDATE entities SET name = 'Kingdom of the Netherlands' WHERE name = 'Netherlands';  -- renamed
    DELETE FROM entities WHERE name = 'Russia';                               -- deleted, aliases with it
    INSERT INTO entities (name, kind, country) VALUES ('Russia', 'country', 'RU');  -- the name taken again
    INSERT INTO entity_aliases (entity_id, alias) SELECT id, 'Russian Federation' FROM entities WHERE name = 'Russia';
    DELETE FROM entity_aliases WHERE alias = 'Chinese';                       -- a shipped alias deleted
    UPDATE entity_aliases SET alias = 'U.S.A' WHERE alias = 'U.S.A.';         -- a shipped alias changed
    INSERT INTO entities (name, kind, country) VALUES ('Aleph Alpha', 'company', 'DE');  -- a new entity
    INSERT INTO entity_aliases (entity_id, alias) SELECT id, 'Aleph' FROM entities WHERE name = 'Aleph Alpha';
    SELECT load_article('Taiwan and the Kingdom of the Netherlands make chips. The Russian Federation and Aleph met in the U.S.A and Chinese labs watched.');
});

my %snapshot = (
    entities => q{SELECT string_agg(concat_ws('|', id, name, kind, country, builtin), E'\n' ORDER BY id) FROM ai_landscape.entities},
    aliases  => q{SELECT string_agg(concat_ws('|', entity_id, alias, builtin), E'\n' ORDER BY entity_id, alias) FROM ai_landscape.entity_aliases},
    mentions => q{SELECT string_agg(concat_ws('|', claim_id, entity_id, matched), E'\n' ORDER BY claim_id, start_offset) FROM ai_landscape.claim_entities},
    icu      => q{SELECT icu_version FROM ai_landscape.icu_recorded},
    absent   => q{SELECT (SELECT string_agg(entity_id::text, ' ' ORDER BY entity_id) FROM ai_landscape.absent_builtin_entities)
                         || ' / ' || (SELECT string_agg(alias, ' ' ORDER BY alias) FROM ai_landscape.absent_builtin_aliases)},
);

# what the source says, checked against the changes made
is($node->safe_psql('source', q{
        SELECT string_agg(coalesce(e.name, m.matched) || '=' || coalesce(e.country, '-'), ', ' ORDER BY m.claim_id, m.start_offset)
          FROM ai_landscape.claim_entities AS m LEFT JOIN ai_landscape.entities AS e ON e.id = m.entity_id}),
    'Taiwan=XX, Kingdom of the Netherlands=NL, Russia=RU, Aleph Alpha=DE, United States=US, Chinese=-',
    'the source matches the changed gazetteer ("Chinese" is no alias any more: an unknown name)');
is($node->safe_psql('source', q{
        SELECT ARRAY['Chinese', 'U.S.A.', 'Russian'] <@ array_agg(alias)
               AND (SELECT count(*) FROM ai_landscape.absent_builtin_entities) = 1
          FROM ai_landscape.absent_builtin_aliases}),
    't', 'the deleted entity, a deleted alias, a changed one and the deleted entity\'s aliases are recorded');
# the data was made under an older ICU (simulated): the restore must keep that
$node->safe_psql('source', q{UPDATE ai_landscape.icu_recorded SET icu_version = '1.0'});

my %before = map { $_ => $node->safe_psql('source', $snapshot{$_}) } keys %snapshot;

my $plain = $node->basedir . '/source.sql';
my $custom = $node->basedir . '/source.dump';
$node->command_ok([ 'pg_dump', '-d', $node->connstr('source'), '-f', $plain ], 'pg_dump, plain');
$node->command_ok([ 'pg_dump', '-Fc', '-d', $node->connstr('source'), '-f', $custom ], 'pg_dump, custom format');

my @restores = (
    [ 'plain', [ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $plain ] ],
    [ 'pg_restore', [ 'pg_restore', '--exit-on-error', $custom ] ],
);
my $n = 0;
for my $r (@restores)
{
    my ($how, $command) = @$r;
    my $db = 'restored' . $n++;
    $node->safe_psql('postgres', "CREATE DATABASE $db");
    $node->command_ok([ @$command, '-d', $node->connstr($db) ], "restore with $how");
    for my $what (sort keys %snapshot)
    {
        is($node->safe_psql($db, $snapshot{$what}), $before{$what}, "$how: $what as in the source");
    }
}

# after the restore the checks still work: the older ICU is refused until accepted
my ($rc, $err) = ('', '');
$rc = $node->psql('restored0', q{SELECT ai_landscape.load_article('After the restore.')}, stderr => \$err);
like($err, qr/claims were made with ICU 1\.0/, 'the restored data keeps its ICU version and is checked');
$node->safe_psql('restored0', 'SELECT ai_landscape.accept_icu_version()');
# and a later change is dumped again (a restored changed row stays changed)
is($node->safe_psql('restored0', q{
        SELECT count(*) FROM ai_landscape.entities WHERE NOT builtin
           AND name IN ('Taiwan', 'Kingdom of the Netherlands', 'Russia', 'Aleph Alpha')}),
    '4', 'restored changes are still not builtin');

$node->stop;
done_testing();
