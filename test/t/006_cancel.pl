# Long segmentation, loads and recluster() stop soon after a cancel, from
# statement_timeout and from pg_cancel_backend(), and leave nothing behind.
# The bounds are generous (a few seconds): they are far below what a loop
# that never checks for interrupts takes on these inputs.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(gettimeofday tv_interval usleep);

my $node = PostgreSQL::Test::Cluster->new('cancel_loads');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION ai_landscape');

# Runs SQL in a fresh session; returns (stdout, stderr, seconds).
sub timed_psql
{
	my ($sql) = @_;
	my ($stdout, $stderr);
	my $start = [gettimeofday];
	$node->psql('postgres', "\\set VERBOSITY verbose\n$sql",
		stdout => \$stdout, stderr => \$stderr, timeout => 180);
	return ($stdout, $stderr, tv_interval($start));
}

sub cancelled_by_timeout
{
	my ($name, $sql) = @_;
	my ($stdout, $stderr, $seconds) = timed_psql("SET statement_timeout = '1s';\n$sql");
	like($stderr, qr/57014: canceling statement due to statement timeout/,
		"$name: statement_timeout cancels it (57014)");
	cmp_ok($seconds, '<', 6,
		"$name: stops within a few seconds of the 1 s timeout (took " . sprintf('%.2f', $seconds) . ' s)');
}

# 1. Segmentation of a 66 MB text (several seconds uncancelled).
my $huge = q{repeat('China will spend more on chips. Analysts agree. ', 1300000)};
cancelled_by_timeout('sentences() of 66 MB',
	"SELECT count(*) FROM ai_landscape.sentences($huge);");

# 2. A load of a 66 MB article: nothing of it is stored.
cancelled_by_timeout('load_article() of 66 MB',
	"SELECT ai_landscape.load_article($huge);");
is($node->safe_psql('postgres', 'SELECT count(*) FROM ai_landscape.articles'),
	'0', 'the cancelled load left no article');

# 3. recluster() over 60,000 claims (a deferred bulk load first).
$node->safe_psql('postgres', q{
SET ai_landscape.defer_linking = on;
INSERT INTO ai_landscape.articles (title, body)
SELECT 'a' || a,
       string_agg('Xq' || md5((a * 100 + k)::text) || ' ' || md5((a * 100 + k + 1)::text)
                  || ' the and of to in ' || md5((k % 97)::text) || ' grows ' || (a % 13) || ' percent.', ' ')
  FROM generate_series(1, 3000) AS a, generate_series(1, 20) AS k
 GROUP BY a;
});
is($node->safe_psql('postgres', 'SELECT count(*) FROM ai_landscape.claims'), '60000',
	'60,000 claims loaded without links');
{
	my ($stdout, $stderr, $seconds) = timed_psql(
		"SET statement_timeout = '300ms';\nSELECT * FROM ai_landscape.recluster();");
	like($stderr, qr/57014: canceling statement due to statement timeout/,
		'recluster(): statement_timeout cancels it');
	cmp_ok($seconds, '<', 6, 'recluster(): stops within a few seconds (took ' . sprintf('%.2f', $seconds) . ' s)');
	is($node->safe_psql('postgres', 'SELECT count(duplicate_of) FROM ai_landscape.claims'),
		'0', 'the cancelled recluster() changed nothing');
}

# 4. pg_cancel_backend() from another session, during a long segmentation.
{
	my ($out, $err) = ('', '');
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('postgres'),
		  '-c', "SELECT count(*) FROM ai_landscape.sentences(repeat('One more sentence here. ', 6000000))" ],
		'>', \$out, '2>', \$err);
	my $pid = '';
	for (my $i = 0; $i < 600 && $pid eq ''; $i++)
	{
		$pid = $node->safe_psql('postgres',
			q{SELECT pid FROM pg_stat_activity WHERE query LIKE '%One more sentence%' AND state = 'active' AND pid <> pg_backend_pid()});
		usleep(50_000) if $pid eq '';
	}
	isnt($pid, '', 'the long segmentation is running');
	usleep(500_000);
	my $start = [gettimeofday];
	$node->safe_psql('postgres', "SELECT pg_cancel_backend($pid)");
	$h->finish;
	my $seconds = tv_interval($start);
	like($err, qr/canceling statement due to user request/, 'pg_cancel_backend() cancels the segmentation');
	cmp_ok($seconds, '<', 5, 'the cancel lands within a few seconds (took ' . sprintf('%.2f', $seconds) . ' s)');
}

$node->stop('immediate');
done_testing();
