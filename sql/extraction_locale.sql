--
-- The extractors are IMMUTABLE: their answers must not depend on the
-- database's LC_CTYPE.  With Turkish case rules the C library does not
-- lower-case 'I' to 'i', so <ctype.h> case functions would miss "It",
-- "BILLION" and "THIS YEAR".  (scripts/common.sh generates tr_TR.UTF-8.)
--
SELECT current_database() AS regress_db \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS ai_landscape_tr;
RESET client_min_messages;
CREATE DATABASE ai_landscape_tr TEMPLATE template0 ENCODING 'UTF8'
    LC_COLLATE 'tr_TR.UTF-8' LC_CTYPE 'tr_TR.UTF-8';
\c ai_landscape_tr
SELECT datctype FROM pg_database WHERE datname = current_database();
CREATE EXTENSION ai_landscape;
SET search_path = public, ai_landscape;
-- lower() follows the locale (dotless i): the extractors must not
SELECT lower('IT') AS turkish_lower;

SELECT * FROM modality('It highlights that regulations will put China''s AI at a disadvantage.');
SELECT * FROM modality('IT HIGHLIGHTS THAT CHIPS WILL BE SCARCE.');
SELECT * FROM modality('INVESTORS BELIEVE IT ISN''T CLEAR, ACCORDING TO IDC.');
SELECT * FROM amounts('5 BILLION YUAN, $5 MILLION');
SELECT * FROM amounts('RMB 2 BILLION, 10 PERCENT, 3 MILLION DOLLARS');
SELECT * FROM times('FIVE YEARS AGO, IN 2022, EARLY 2023 AND THIS YEAR', '2023-05-01');
SELECT * FROM times('THIS YEAR, LAST YEAR, NEXT YEAR; TWO-YEAR PLAN, 18 MONTHS', '2023-05-01');

-- the loader stores the same
SELECT load_article('IT HIGHLIGHTS THAT CHINA WILL SPEND 5 BILLION YUAN THIS YEAR.',
                    published => '2023-05-01') AS id \gset
SELECT modality, negated FROM claims WHERE article_id = :id;
SELECT amount, currency, raw FROM claim_amounts;
SELECT kind, year, raw FROM claim_times;
SELECT entity, matched FROM entity_mentions WHERE kind <> 'unknown';

\c :regress_db
DROP DATABASE ai_landscape_tr;
