# recluster()'s join keeps, per claim, its word hashes, its figure key and a
# few arrays, and for every similar pair the pair and the article links
# built from it: the README's "at most 1 kB a claim, plus about 40 bytes
# for every similar pair".  A claim's text and the
# tokenizer's scratch are freed as soon as its hashes are taken, so long
# claims cost no more than short ones with as many distinct words.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('join_memory');
$node->init(extra => [ '--encoding=UTF8', '--locale=C.UTF-8' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION ai_landscape');

# $claims claims in one article, inserted directly (an article row with
# loaded_at set is not segmented), the g-th of them the SQL $sentence.
sub insert_claims
{
	my ($claims, $sentence) = @_;
	$node->safe_psql('postgres', qq{
		DELETE FROM ai_landscape.articles;
		WITH a AS (INSERT INTO ai_landscape.articles (title, body, loaded_at)
		           VALUES ('$claims claims', 'body', now()) RETURNING id)
		INSERT INTO ai_landscape.claims (article_id, ordinal, start_offset, end_offset, sentence, cluster_id)
		SELECT a.id, g, 0, 60, ($sentence)::ai_landscape.claim, g
		  FROM a, generate_series(1, $claims) g;
	});
}

# Claims of eight words of their own (from an md5) and one shared one; every
# tenth repeats the one before it with the shared word changed (similarity
# 0.89), so that the join finds one similar pair per ten claims.  $padding
# repeats the claim's own words: more text, no more words.
sub load
{
	my ($claims, $padding) = @_;
	insert_claims($claims, qq{
		SELECT w || CASE WHEN g % 10 = 0 THEN ' north' ELSE ' south' END || repeat(' ' || w, $padding) || '.'
		  FROM (SELECT string_agg('w' || substr(md5((g - (g % 10 = 0)::int)::text), 4 * i + 1, 4), ' ') AS w
		          FROM generate_series(0, 7) AS i) AS y});
}

# cluster_claims(0.6) in a new backend; returns (claims, similar pairs, kB kept).
sub join_memory
{
	my ($stdout, $stderr);
	$node->psql(
		'postgres', q{
		SET client_min_messages = debug1;
		SELECT count(*) FROM ai_landscape.cluster_claims(0.6);
	},
		stdout => \$stdout,
		stderr => \$stderr);
	my ($claims, $pairs, $kb) = $stderr =~
	  /link claims: (\d+) claims, \d+ distinct sets, \d+ candidate pairs, (\d+) similar pairs, (\d+) kB of memory/;
	return ($claims, $pairs, $kb);
}

my %kb;
foreach my $case ([ 5000, 0 ], [ 50000, 0 ], [ 5000, 100 ])
{
	my ($n, $padding) = @$case;
	load($n, $padding);
	my ($claims, $pairs, $kb) = join_memory();
	is($claims, $n, "the join read $n claims (padding $padding)");
	is($pairs, $n / 10, 'one similar pair per ten claims');
	ok(defined $kb, 'it reports the memory it kept at DEBUG1') or next;
	note("$n claims, padding $padding: $kb kB kept");
	cmp_ok($kb * 1024, '<=', 1024 * $n + 48 * $pairs + 256 * 1024,
		"at most 1 kB a claim plus 48 bytes a pair (and 256 kB): $kb kB for $n claims");
	$kb{"$n/$padding"} = $kb;
}
cmp_ok($kb{'5000/100'}, '<=', $kb{'5000/0'} * 1.05 + 64,
	"claims 100 times longer with the same words keep no more ($kb{'5000/0'} kB, $kb{'5000/100'} kB)");

# Every pair similar (a clique of 3,000 claims that share eight of their
# eleven words): the memory per similar pair, once the claims' own is taken
# off (the pairs are kept by the join, then by the article links built from
# them: about 40 bytes each)
insert_claims(3000,
	q{format('Company %s said %s will reach %s customers in region south.', g, md5(g::text), md5((-g)::text))});
my ($claims, $pairs, $kb) = join_memory();
is($claims, 3000, 'the clique: 3,000 claims');
cmp_ok($pairs, '>', 3_000_000, "most of their 4.5 million pairs are similar ($pairs)");
my $per_pair = ($kb * 1024 - 1024 * $claims) / $pairs;
note(sprintf('%d kB for %d claims and %d pairs: %.1f bytes a pair beyond 1 kB a claim', $kb, $claims, $pairs, $per_pair));
cmp_ok($per_pair, '<=', 48, 'at most 48 bytes a similar pair');

$node->stop;
done_testing();
