# BI tools connect over ODBC/JDBC and know nothing of custom types: through
# a real ODBC driver (psqlODBC, with unixODBC's isql) the BI views list only
# standard column types in the driver's catalogue (SQLColumns), and queries
# return the sample's rows.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $driver = '/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so';
ok(-e $driver, 'psqlODBC driver is installed') or BAIL_OUT('install odbc-postgresql');
ok(-x '/usr/bin/isql', 'unixODBC isql is installed') or BAIL_OUT('install unixodbc');

my $node = PostgreSQL::Test::Cluster->new('odbc');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;

my $sample = slurp_file('data/china_ai_race.txt');
$sample =~ s/'/''/g;
$node->safe_psql('postgres', qq{
    CREATE EXTENSION ai_landscape;
    SELECT ai_landscape.load_article('$sample', title => 'China AI race', published => '2023-05-01');
});

# an ODBC data source for the test cluster, in the test's own folder
my $dir = $node->basedir;
open(my $inst, '>', "$dir/odbcinst.ini") or die;
print $inst "[PostgreSQL Unicode]\nDriver = $driver\n";
close $inst;
open(my $ini, '>', "$dir/odbc.ini") or die;
printf $ini "[ai]\nDriver = PostgreSQL Unicode\nServername = %s\nPort = %d\nDatabase = postgres\n"
  . "Username = %s\nConnSettings = SET search_path = ai_landscape, public\n",
  $node->host, $node->port, scalar getpwuid($<);
close $ini;

# isql in batch mode, comma-separated: returns the output lines
sub isql
{
	my ($input) = @_;
	my ($out, $err);
	local $ENV{ODBCSYSINI} = $dir;
	local $ENV{ODBCINI} = "$dir/odbc.ini";
	IPC::Run::run([ 'isql', '-b', '-d,', 'ai' ], '<', \$input, '>', \$out, '2>', \$err)
	  or die "isql failed: $err $out";
	return grep { $_ ne '' && !/^SQLRowCount/ && !/rows fetched/ } split /\n/, $out;
}

my %standard = map { $_ => 1 } qw(int8 int4 text date bool numeric);
my %expected_columns = (
	claim_facts => 14,
	entity_mentions => 10,
	money_mentions => 9,
	distinct_claims => 8);

for my $view (sort keys %expected_columns)
{
	# SQLColumns: catalog, schema, table, column, DATA_TYPE, TYPE_NAME, ...
	my @columns = map { [ split /,/ ] } isql("help $view\n");
	is(scalar @columns, $expected_columns{$view}, "$view: SQLColumns lists its columns");
	my @odd = map { "$_->[3]:$_->[5]" } grep { !$standard{ $_->[5] } || $_->[4] == 0 } @columns;
	is(join(' ', @odd), '', "$view: every column has a standard type through ODBC");
}

is(join('|', isql("SELECT count(*), sum(repetitions) FROM distinct_claims\n")),
	'23,44', 'distinct_claims: 23 statements for 44 claims');
is(join('|', isql("SELECT amount, currency, modality FROM money_mentions WHERE claim_id IN (3, 4) ORDER BY claim_id\n")),
	'15000000000,USD,forecast|50000000,USD,fact', 'money_mentions: both amounts, exact');
is(join('|', isql("SELECT entity, kind FROM entity_mentions WHERE claim_id = 11 ORDER BY start_offset\n")),
	'China,country|Preqin,company', 'entity_mentions: names and kinds');
is(join('|', isql("SELECT ordinal, modality, attributed_to FROM claim_facts WHERE ordinal IN (11, 18, 23) ORDER BY ordinal\n")),
	'11,fact,Preqin|18,meta,|23,opinion,', 'claim_facts: modality and attribution');

$node->stop;
done_testing();
