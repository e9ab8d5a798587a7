# The roles CREATE EXTENSION ships: a login role granted ai_landscape_reader
# queries everything and changes nothing; one granted ai_landscape_loader
# also loads (load_article, INSERT, COPY) and runs recluster()/reextract();
# a role with neither cannot even take the loaders' lock.  The roles belong
# to the cluster: a second database reuses them, DROP EXTENSION leaves them.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('roles');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;


$node->safe_psql('postgres', 'CREATE DATABASE one');
$node->safe_psql('postgres', 'CREATE DATABASE two');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ai\_landscape\_%'}),
    '0', 'no roles before the extension');
$node->safe_psql('one', 'CREATE EXTENSION ai_landscape');
is($node->safe_psql('postgres', q{
        SELECT string_agg(rolname || ' ' || rolcanlogin || ' ' || rolsuper || ' ' || rolinherit, ', ' ORDER BY rolname)
          FROM pg_roles WHERE rolname LIKE 'ai\_landscape\_%'}),
    'ai_landscape_loader false false true, ai_landscape_reader false false true', 'CREATE EXTENSION creates both roles, NOLOGIN');
is($node->safe_psql('postgres', q{SELECT pg_has_role('ai_landscape_loader', 'ai_landscape_reader', 'USAGE')}),
    't', 'a loader is a reader');


$node->safe_psql('postgres', q{
    CREATE ROLE alice LOGIN IN ROLE ai_landscape_reader;
    CREATE ROLE bob LOGIN IN ROLE ai_landscape_loader;
    CREATE ROLE carol LOGIN;
});
$node->safe_psql('one', "SELECT ai_landscape.load_article('$sample', title => 'China AI race')");

# run SQL as a role; returns (exit code, stdout, stderr)
sub as_role
{
    my ($role, $db, $sql) = @_;
    my ($out, $err) = ('', '');
    my $rc = $node->psql($db, $sql, stdout => \$out, stderr => \$err,
        extra_params => [ '-U', $role, '-v', 'VERBOSITY=verbose' ]);
    return ($rc, $out, $err);
}

sub allowed
{
    my ($role, $db, $sql, $expected, $name) = @_;
    my ($rc, $out, $err) = as_role($role, $db, $sql);
    is("$rc|$out", "0|$expected", $name) or diag($err);
}

sub denied
{
    my ($role, $db, $sql, $name) = @_;
    my ($rc, $out, $err) = as_role($role, $db, $sql);
    ok($rc != 0 && $err =~ /ERROR:  42501: permission denied/, $name) or diag("rc $rc: $err");
}

my $csv = $node->basedir . '/article.txt';
open(my $fh, '>', $csv) or die;
print $fh "Copied by a loader. Tencent is expected to spend \$2 billion on AI chips.\n";
close($fh);

# --- the reader
my $tables = $node->safe_psql('one', q{
    SELECT string_agg(format('%I', relname), ' ') FROM pg_class
     WHERE relnamespace = 'ai_landscape'::regnamespace AND relkind IN ('r', 'v') });
my $selects = join(' UNION ALL ', map { "SELECT count(*) >= 0 FROM ai_landscape.$_" } split / /, $tables);
allowed('alice', 'one', "SELECT bool_and(x) FROM ($selects) AS t(x)", 't', 'reader: SELECT on every table and view');
allowed('alice', 'one', 'SELECT count(*) FROM ai_landscape.claims', '44', 'reader: reads claims');
allowed('alice', 'one', 'SELECT count(*) FROM ai_landscape.distinct_claims', '23', 'reader: reads views');
allowed('alice', 'one', q{
    SET search_path = public, ai_landscape;
    SELECT count(*) FROM claims WHERE similar(sentence, 'China is three years behind the US in AI', 0.5)},
    '2', 'reader: similar()');
allowed('alice', 'one', q{
    SET search_path = public, ai_landscape;
    SELECT id FROM claims ORDER BY sentence <-> 'Others argue that innovation cannot be bought.', id LIMIT 1},
    '23', 'reader: <-> ordering');
allowed('alice', 'one', q{SELECT count(*) > 0 FROM ai_landscape.cluster_claims(0.6)}, 't',
    'reader: cluster_claims() (changes nothing)');
denied('alice', 'one', q{SELECT ai_landscape.load_article('A reader loads. It must fail.')}, 'reader: load_article denied');
denied('alice', 'one', q{INSERT INTO ai_landscape.articles (body) VALUES ('A reader inserts.')}, 'reader: INSERT denied');
denied('alice', 'one', "\\copy ai_landscape.articles (body) FROM '$csv'", 'reader: COPY denied');
denied('alice', 'one', 'SELECT * FROM ai_landscape.recluster()', 'reader: recluster() denied');
denied('alice', 'one', 'SELECT ai_landscape.reextract()', 'reader: reextract() denied');
denied('alice', 'one', 'SELECT ai_landscape.extract_claims(NULL)', 'reader: extract_claims() denied');
denied('alice', 'one', 'SELECT ai_landscape.extract_mentions(NULL)', 'reader: extract_mentions() denied');
denied('alice', 'one', 'SELECT ai_landscape.lock_claims()', 'reader: lock_claims() denied');
denied('alice', 'one', 'BEGIN; LOCK TABLE ai_landscape.claims IN SHARE ROW EXCLUSIVE MODE; COMMIT;',
    'reader: cannot take the loaders\' lock directly');
denied('alice', 'one', 'UPDATE ai_landscape.claims SET duplicate_of = NULL', 'reader: UPDATE claims denied');
denied('alice', 'one', 'DELETE FROM ai_landscape.claims', 'reader: DELETE claims denied');
denied('alice', 'one', 'DELETE FROM ai_landscape.articles', 'reader: DELETE articles denied');
denied('alice', 'one', q{INSERT INTO ai_landscape.entities (name, kind) VALUES ('Reader Inc', 'company')},
    'reader: gazetteer INSERT denied');
denied('alice', 'one', q{SELECT nextval('ai_landscape.claims_id_seq')}, 'reader: claims_id_seq denied');
denied('alice', 'one', 'SELECT ai_landscape.accept_icu_version()', 'reader: accept_icu_version() denied');
is($node->safe_psql('one', 'SELECT count(*) FROM ai_landscape.articles'), '1', 'the reader changed nothing');

# --- the loader
allowed('bob', 'one',
    q{SELECT ai_landscape.load_article('Loaded by a loader. China is three years behind the US in AI but may not need three years to catch up.')},
    '2', 'loader: load_article');
allowed('bob', 'one', q{INSERT INTO ai_landscape.articles (body) VALUES ('Inserted by a loader. Baidu raised $1 billion.')},
    '', 'loader: INSERT into articles');
allowed('bob', 'one', "\\copy ai_landscape.articles (body) FROM '$csv'", '', 'loader: COPY into articles');
is($node->safe_psql('one', q{
        SELECT string_agg(a.id || ':' || (SELECT count(*) FROM ai_landscape.claims AS c WHERE c.article_id = a.id), ' ' ORDER BY a.id)
          FROM ai_landscape.articles AS a}),
    '1:44 2:2 3:2 4:2', 'the loader\'s articles were segmented');
is($node->safe_psql('one', q{
        SELECT d.ordinal FROM ai_landscape.claims AS d JOIN ai_landscape.claims AS o ON o.id = d.duplicate_of
         WHERE d.article_id = 2 AND o.article_id = 1}),
    '2', 'the loader\'s claim was linked to its near-duplicate');
is($node->safe_psql('one', q{SELECT string_agg(raw, ' ' ORDER BY raw) FROM ai_landscape.money_mentions WHERE article_id > 1}),
    '$1 billion $2 billion', 'what the loader\'s claims mention was extracted');
allowed('bob', 'one', 'SELECT claims, claims_changed FROM ai_landscape.recluster()', '50|0', 'loader: recluster()');
allowed('bob', 'one', 'SELECT ai_landscape.reextract()', '50', 'loader: reextract()');
allowed('bob', 'one', q{
    BEGIN;
    SELECT ai_landscape.load_article('A load inside a transaction. It holds the table lock.') > 0;
    SELECT string_agg(locktype || ' ' || mode, ', ') FROM pg_locks
     WHERE pid = pg_backend_pid() AND (locktype = 'advisory' OR relation = 'ai_landscape.claims'::regclass)
       AND mode LIKE 'Share%';
    COMMIT;}, "t\nrelation ShareRowExclusiveLock", 'a load holds SHARE ROW EXCLUSIVE on claims, no advisory lock');
denied('bob', 'one', 'DELETE FROM ai_landscape.articles', 'loader: DELETE articles denied');
denied('bob', 'one', q{UPDATE ai_landscape.articles SET body = 'changed'}, 'loader: UPDATE of a body denied');
denied('bob', 'one', 'TRUNCATE ai_landscape.claims CASCADE', 'loader: TRUNCATE denied');
denied('bob', 'one', q{INSERT INTO ai_landscape.entities (name, kind) VALUES ('Loader Inc', 'company')},
    'loader: gazetteer INSERT denied');
denied('bob', 'one', 'SELECT ai_landscape.accept_icu_version()', 'loader: accept_icu_version() denied');

# --- neither role
denied('carol', 'one', 'SELECT ai_landscape.lock_claims()', 'no role: lock_claims() denied');
denied('carol', 'one', 'BEGIN; LOCK TABLE ai_landscape.claims IN SHARE ROW EXCLUSIVE MODE; COMMIT;',
    'no role: cannot take the loaders\' lock');
denied('carol', 'one', 'SELECT count(*) FROM ai_landscape.claims', 'no role: cannot read');
$node->safe_psql('postgres', 'GRANT CREATE ON DATABASE two TO carol');
denied('carol', 'two', 'CREATE EXTENSION ai_landscape', 'not trusted: an ordinary role cannot create the extension');

# --- a second database reuses the roles; DROP EXTENSION leaves them
my ($rc, $err) = ('', '');
$rc = $node->psql('two', 'CREATE EXTENSION ai_landscape', stderr => \$err);
is("$rc|$err", '0|', 'CREATE EXTENSION in a second database: no error, no notice');
allowed('bob', 'two', q{SELECT ai_landscape.load_article('Loaded in the second database.')}, '1',
    'loader: loads in the second database');
allowed('alice', 'two', 'SELECT count(*) FROM ai_landscape.claims', '1', 'reader: reads in the second database');
$node->safe_psql('one', 'DROP EXTENSION ai_landscape');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_roles WHERE rolname LIKE 'ai\_landscape\_%'}),
    '2', 'DROP EXTENSION leaves the roles (the second database still uses them)');
allowed('bob', 'two', q{SELECT ai_landscape.load_article('Still loading in the second database.')}, '2',
    'loader: still loads in the second database');
$node->safe_psql('one', 'CREATE EXTENSION ai_landscape');
allowed('bob', 'one', q{SELECT ai_landscape.load_article('Loaded after the extension was created again.')}, '1',
    'loader: loads after DROP and CREATE EXTENSION');

# --- a role of that name that can log in was not made by the extension: refused
$node->safe_psql('postgres', 'CREATE DATABASE three');
$node->safe_psql('postgres', 'ALTER ROLE ai_landscape_loader LOGIN');
$rc = $node->psql('three', 'CREATE EXTENSION ai_landscape', stderr => \$err,
    extra_params => [ '-v', 'VERBOSITY=verbose' ]);
ok($rc != 0 && $err =~ /ERROR:  42710: role ai_landscape_loader exists and is not a plain NOLOGIN role/
      && $err =~ /HINT:  .*ALTER ROLE ai_landscape_loader NOLOGIN/,
    'an existing role that can log in is refused, with a hint') or diag($err);
$node->safe_psql('postgres', 'ALTER ROLE ai_landscape_loader NOLOGIN');
$node->safe_psql('postgres', 'ALTER ROLE ai_landscape_reader CREATEROLE');
$rc = $node->psql('three', 'CREATE EXTENSION ai_landscape', stderr => \$err,
    extra_params => [ '-v', 'VERBOSITY=verbose' ]);
ok($rc != 0 && $err =~ /ERROR:  42710: role ai_landscape_reader exists and is not a plain NOLOGIN role/,
    'an existing role with CREATEROLE is refused') or diag($err);
$node->safe_psql('postgres', 'ALTER ROLE ai_landscape_reader NOCREATEROLE');
$node->safe_psql('three', 'CREATE EXTENSION ai_landscape');
pass('with NOLOGIN again the extension is created');

# --- once no database has the extension (nor its leftover schema), the roles can be dropped
$node->safe_psql($_, 'DROP EXTENSION ai_landscape') for ('one', 'two', 'three');
$rc = $node->psql('one', 'DROP ROLE ai_landscape_reader', stderr => \$err);
ok($rc != 0 && $err =~ /privileges for schema ai_landscape/,
    'the schema DROP EXTENSION leaves keeps the reader\'s USAGE') or diag($err);
$node->safe_psql($_, 'DROP SCHEMA ai_landscape') for ('one', 'two', 'three');
$node->safe_psql('postgres', 'REVOKE CREATE ON DATABASE two FROM carol; DROP ROLE alice, bob, carol');
$rc = $node->psql('postgres', 'DROP ROLE ai_landscape_loader, ai_landscape_reader', stderr => \$err);
is("$rc|$err", '0|', 'DROP ROLE removes the roles once no database uses them');

$node->stop;
done_testing();
