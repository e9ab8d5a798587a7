# The extractors are linear in their input and can be cancelled.
#
# They used to count characters from the start of the text for every
# match (quadratic: amounts(repeat('$1 ', 160000)) took 20 s, times() of
# 1.28 MB 69 s) and never checked for interrupts, so a statement_timeout of
# 1 s landed after 30 s.  Each timing bound below is generous: a few times
# what the linear code needs here, and a fraction of what the old code did.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(gettimeofday tv_interval);

my $node = PostgreSQL::Test::Cluster->new('cancel');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION ai_landscape');

# Runs SQL in a fresh session; returns (psql status, stdout, stderr, seconds).
sub timed_psql
{
	my ($sql) = @_;
	my ($stdout, $stderr, $timed_out);
	my $start = [gettimeofday];
	my $ret = $node->psql(
		'postgres', "\\set VERBOSITY verbose\n$sql",
		stdout    => \$stdout,
		stderr    => \$stderr,
		timeout   => 120,
		timed_out => \$timed_out);
	return ($timed_out ? 'timed out' : $ret, $stdout, $stderr, tv_interval($start));
}

# Long texts, one call each: linear time.
my @long = (
	[ 'amounts of 480 kB (160,000 amounts)',
	  q{SELECT count(*) FROM ai_landscape.amounts(repeat('$1 ', 160000))}, 160000 ],
	[ 'times of 1.28 MB (160,000 years)',
	  q{SELECT count(*) FROM ai_landscape.times(repeat('in 2022 ', 160000))}, 160000 ],
	[ 'times of 1.28 MB (128,000 relative years)',
	  q{SELECT count(*) FROM ai_landscape.times(repeat('this year ', 128000), '2023-05-01')}, 128000 ],
);
foreach my $case (@long)
{
	my ($name, $sql, $rows) = @$case;
	my ($ret, $stdout, $stderr, $seconds) = timed_psql($sql);
	is($stdout, $rows, "$name: every row");
	cmp_ok($seconds, '<', 10, "$name: in under 10 s (took " . sprintf('%.2f', $seconds) . ' s)');
}

# A 105 MB text takes each extractor several seconds (amounts 12 s, times
# 4 s, modality 12 s measured here); with statement_timeout = 1s each call
# must stop with the timeout's error, and soon after it.
my $huge = q{repeat('It will be 15 of them, ', 4600000)};
foreach my $call ("ai_landscape.amounts($huge)", "ai_landscape.times($huge)",
	"ai_landscape.modality($huge)")
{
	my $name = (split /\(/, $call)[0];
	my ($ret, $stdout, $stderr, $seconds) =
	  timed_psql("SET statement_timeout = '1s';\nSELECT count(*) FROM $call;");
	like($stderr, qr/ERROR:  57014: canceling statement due to statement timeout/,
		"$name: statement_timeout cancels it (57014)");
	cmp_ok($seconds, '<', 5,
		"$name: the cancel lands within a few seconds of the timeout (took "
		  . sprintf('%.2f', $seconds) . ' s)');
}

# The backends of a timed-out old build would still be running.
$node->stop('immediate');
done_testing();
