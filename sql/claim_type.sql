--
-- The claim type: text I/O, normalization, comparison, hashing, errors.
--
CREATE EXTENSION ai_landscape;
SET search_path = public, ai_landscape;

-- an error's SQLSTATE and message, as one row
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- output is exactly the input, white space and typography included
SELECT '  China’s  “AI” race — now.  '::claim AS claim,
       length('  China’s  “AI” race — now.  '::claim) AS chars;

-- the normalized form: NFKC, case fold, quotes and dashes folded, spaces collapsed
SELECT input, normalized(input::claim) AS normalized
  FROM (VALUES ('China’s  AI race.'),
               (E'\t“Quoted”   text\n'),
               ('en–dash, em—dash, minus−sign, hy‐phen'),
               ('ＡＩ ｆｕｌｌ－ｗｉｄｔｈ'),
               ('ﬁnance ﬂows'),
               ('Straße GROSS'),
               ('zero​width'),
               ('中国的人工智能产业正在快速发展。'),
               ('ＡＩ技術は急速に進歩している。'),
               ('ÉCOLE Été')) AS t(input);

-- the issue's example
SELECT 'China’s  AI race.'::claim = 'china''s ai race.'::claim AS equal;
SELECT 'China’s  AI race.'::claim <> 'china''s ai race.'::claim AS not_equal;
SELECT 'China leads.'::claim = 'China lags.'::claim AS equal;

-- ordering is the code-point order of the normalized form
SELECT c FROM (VALUES ('b'::claim), ('A'), ('c'), ('B '), ('a'), ('Ä')) AS t(c) ORDER BY c, c::text;
SELECT 'a'::claim < 'B'::claim AS lt, 'b'::claim <= 'B'::claim AS le,
       'C'::claim > 'b'::claim AS gt, 'c'::claim >= 'C'::claim AS ge,
       claim_cmp('x', 'X') AS cmp_eq, claim_cmp('a', 'b') AS cmp_lt, claim_cmp('b', 'a') AS cmp_gt;

-- casts, both ways, on assignment
CREATE TABLE t_claims (c claim);
INSERT INTO t_claims VALUES ('From a literal.'), ('From text.'::text), ('From varchar.'::varchar);
SELECT c, c::text AS as_text, pg_typeof(c::text) FROM t_claims ORDER BY c;

-- UNIQUE, GROUP BY and DISTINCT treat normalized-equal claims as one
CREATE UNIQUE INDEX ON t_claims (c);
SELECT pg_temp.error_of($$INSERT INTO t_claims VALUES ('FROM  A LITERAL.')$$);
SELECT count(*) AS rows, count(DISTINCT c) AS distinct_claims
  FROM (VALUES ('It’s here.'::claim), ('it''s HERE.'), ('It is here.')) AS t(c);
SELECT min(c::text) AS first_spelling, count(*)
  FROM (VALUES ('It’s here.'::claim), ('it''s HERE.'), ('It is here.')) AS t(c)
 GROUP BY c ORDER BY 1;

-- hash join and hash aggregate use the hash opclass
SET enable_mergejoin = off; SET enable_nestloop = off; SET enable_sort = off;
EXPLAIN (COSTS OFF)
SELECT * FROM t_claims a JOIN t_claims b ON a.c = b.c;
SELECT a.c, b.c FROM t_claims a JOIN (VALUES ('FROM TEXT.'::claim)) AS b(c) ON a.c = b.c;
EXPLAIN (COSTS OFF)
SELECT c, count(*) FROM t_claims GROUP BY c;
RESET enable_mergejoin; RESET enable_nestloop; RESET enable_sort;

-- hash partitioning puts normalized-equal claims in the same partition
CREATE TABLE t_parted (c claim) PARTITION BY HASH (c);
CREATE TABLE t_parted_0 PARTITION OF t_parted FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE t_parted_1 PARTITION OF t_parted FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE t_parted_2 PARTITION OF t_parted FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE t_parted_3 PARTITION OF t_parted FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO t_parted SELECT v FROM (VALUES ('China’s AI race.'), ('CHINA''S AI RACE.'),
    ('  china''s  ai  race. '), ('Another claim.'), ('ANOTHER claim.')) AS t(v);
SELECT normalized(c), count(DISTINCT tableoid) AS partitions, count(*)
  FROM t_parted GROUP BY 1 ORDER BY 1;

-- equal claims always hash equal: a few thousand generated pairs of variants
CREATE TEMP TABLE variant_pairs AS
WITH base AS (
    SELECT i, format('Claim %s: China’s “%s” — AI spending of $%s billion isn''t %s.',
                     i, md5(i::text), i % 97, substr(md5((i * 7)::text), 1, 8)) AS s
      FROM generate_series(1, 1000) AS i
)
SELECT i, s AS a, v AS b FROM base,
    LATERAL (VALUES (upper(s)),
                    (lower(replace(replace(s, '’', ''''), '—', '-'))),
                    (E'  \t' || replace(s, ' ', E'  \n ') || E'\n'),
                    (replace(replace(replace(s, '“', '"'), '”', '"'), '—', '–')),
                    (translate(s, 'CAI', 'ＣＡＩ'))) AS v(v);
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE a::claim = b::claim) AS equal,
       count(*) FILTER (WHERE claim_hash(a::claim) = claim_hash(b::claim)) AS same_hash,
       count(*) FILTER (WHERE claim_hash_extended(a::claim, 42) = claim_hash_extended(b::claim, 42)) AS same_hash64,
       count(*) FILTER (WHERE claim_cmp(a::claim, b::claim) = 0) AS cmp_zero
  FROM variant_pairs;
-- and different claims are different (the base sentences are pairwise distinct)
SELECT count(DISTINCT a::claim) AS distinct_bases, count(DISTINCT claim_hash(a::claim)) AS distinct_hashes
  FROM variant_pairs;
-- hash and equality agree in both directions over all variant pairs
SELECT count(*) AS disagreements
  FROM variant_pairs p, variant_pairs q
 WHERE p.i = q.i + 1 AND (p.a::claim = q.b::claim) <> (claim_hash(p.a::claim) = claim_hash(q.b::claim));

-- tokens: ICU words of the normalized form, punctuation dropped
SELECT tokens('China’s tech sector, e.g. Baidu, spent $15.5 billion!');
SELECT tokens('中国的人工智能产业正在快速发展。');
SELECT tokens('人工知能の研究が進んでいる。');
SELECT tokens('...!!!');

-- binary send/recv round-trips the original text
SELECT claim_send('Héllo “world”.') = convert_to('Héllo “world”.', 'UTF8') AS send_is_utf8_text;
-- (the server writes the file into its own data directory)
SELECT current_setting('data_directory') || '/claim_binary.copy' AS binfile \gset
CREATE TEMP TABLE binary_src (c claim);
INSERT INTO binary_src VALUES ('  China’s  “AI” race.  '), ('中国的人工智能。'), ('plain');
COPY binary_src TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE binary_dst (c claim);
COPY binary_dst FROM :'binfile' WITH (FORMAT binary);
SELECT d.c::text = s.c::text AS same_text, d.c = s.c AS same_claim
  FROM binary_src s JOIN binary_dst d ON d.c::text = s.c::text;

-- bad input: a clear error with SQLSTATE 22P02
SELECT pg_temp.error_of($$SELECT ''::claim$$);
SELECT pg_temp.error_of($$SELECT E' \t\n '::claim$$);
SELECT pg_temp.error_of($$SELECT '​'::claim$$);   -- a zero-width space only
SELECT pg_temp.error_of($$SELECT ''::text::claim$$);
SELECT pg_temp.error_of($$INSERT INTO t_claims VALUES ('   ')$$);
-- NULL in, NULL out
SELECT NULL::claim IS NULL AS null_claim, normalized(NULL) IS NULL AS null_normalized;

DROP TABLE t_claims, t_parted;
