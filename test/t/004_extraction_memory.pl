# extract_claims() works in batches, each with memory of its own: the most
# memory the backend holds while it runs does not grow with the number of
# claims.  (It used to build each batch's arrays in SPI's procedure context,
# which lives until the call ends: about 100 bytes more per claim.)
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('memory');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION ai_landscape');

# Two articles of 4,000 and 40,000 claims, inserted directly (an article
# row with loaded_at set is not segmented), each claim with a name, an
# amount, a year and an attribution to extract.
foreach my $claims (4000, 40000)
{
	$node->safe_psql('postgres', qq{
		WITH a AS (INSERT INTO ai_landscape.articles (title, body, loaded_at)
		           VALUES ('$claims claims', 'body of $claims claims', now()) RETURNING id)
		INSERT INTO ai_landscape.claims (article_id, ordinal, start_offset, end_offset, sentence, cluster_id)
		SELECT a.id, g, 0, 60,
		       format('Baidu will spend \$%s billion on AI in 2025, Robin Li said.', g)::ai_landscape.claim, g
		  FROM a, generate_series(1, $claims) g;
	});
}

# extract_claims() of one article in a new backend; returns (output, claims, kB).
sub extract
{
	my ($title) = @_;
	my ($stdout, $stderr);
	$node->psql(
		'postgres', qq{
		SET client_min_messages = debug1;
		SET work_mem = '64kB';	-- the claims query sorts: keep that within 64 kB too
		SELECT ai_landscape.extract_claims(ARRAY[(SELECT id FROM ai_landscape.articles WHERE title = '$title')]);
	},
		stdout => \$stdout,
		stderr => \$stderr);
	my ($claims, $kb) = $stderr =~
	  /extract_claims: (\d+) claims in \d+ batches, at most (\d+) kB of memory/;
	return ($stdout, $claims, $kb);
}

my ($small_out, $small_claims, $small_kb) = extract('4000 claims');
my ($large_out, $large_claims, $large_kb) = extract('40000 claims');
is($small_out, '4000', 'extract_claims read 4,000 claims');
is($large_out, '40000', 'extract_claims read 40,000 claims');
ok(defined $small_kb && defined $large_kb, 'extract_claims reports the memory it used at DEBUG1');
note("most memory: $small_kb kB for 4,000 claims, $large_kb kB for 40,000 claims");
cmp_ok($large_kb - $small_kb, '<', 1024,
	"ten times the claims take less than 1 MB more memory ($small_kb kB, $large_kb kB)");

is( $node->safe_psql(
		'postgres', q{
		SELECT (SELECT count(*) FROM ai_landscape.claim_entities ce
		          JOIN ai_landscape.entities e ON e.id = ce.entity_id WHERE e.name = 'Baidu')
		       || ' ' || (SELECT count(*) FROM ai_landscape.claim_amounts)
		       || ' ' || (SELECT count(*) FROM ai_landscape.claim_times)
		       || ' ' || (SELECT count(*) FROM ai_landscape.claims c
		                   JOIN ai_landscape.entities e ON e.id = c.attributed_to
		                  WHERE c.modality = 'forecast' AND e.name = 'Robin Li')}),
	'44000 44000 44000 44000',
	'every claim got its entity, amount, time, modality and attribution');

$node->stop;
done_testing();
