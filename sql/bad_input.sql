--
-- Bad and unusual input: every case ends in a clear ERROR with its SQLSTATE,
-- or in the right answer; none crashes the backend.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;

-- an error's SQLSTATE, message and hint, as one row
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    hint text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(nullif(' HINT: ' || hint, ' HINT: '), '');
END $$;

--
-- The binary form of a claim (claim_recv).  A bytea's binary form is its
-- bytes: COPY them out in binary, COPY them back into a claim column.  The
-- binary form of a claim is its text, as for text: there is no header and
-- no version byte, so "wrong version" data is a payload that is not text.
--
CREATE TEMP TABLE recv_target (c claim);
CREATE FUNCTION pg_temp.recv_of(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file text := current_setting('data_directory') || '/bad_input_claim.copy';
    hint text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', bytes, file);
    TRUNCATE recv_target;
    EXECUTE format('COPY recv_target FROM %L WITH (FORMAT binary)', file);
    RETURN 'accepted: ' || (SELECT c::text FROM recv_target);
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(nullif(' HINT: ' || hint, ' HINT: '), '');
END $$;

SELECT label, pg_temp.recv_of(bytes) AS result
  FROM (VALUES ('well-formed',                     '\x48c3a96c6c6f2e'::bytea),
               ('what claim_send produces',        claim_send('Héllo “world”.')),
               ('truncated: last character cut',   '\x616263e4b8'),
               ('truncated: lone lead byte',       '\xc3'),
               ('lone continuation byte',          '\x80'),
               ('overlong slash',                  '\xc0af'),
               ('overlong NUL',                    '\xc080'),
               ('UTF-16 surrogate (CESU-8)',       '\xeda080'),
               ('above U+10FFFF',                  '\xf4908080'),
               ('invalid byte FF',                 '\x61ff62'),
               ('a NUL byte',                      '\x610062'),
               ('on-disk image (format 1, length)', '\x0105000000616263'),
               ('empty',                           '\x'),
               ('white space only',                '\x20090a'),
               ('zero-width space only',           '\xe2808b')) AS t(label, bytes);

-- another client encoding: the bytes are that encoding's, converted as for text
SET client_encoding = 'LATIN1';
SELECT pg_temp.recv_of('\x636166e9') LIKE 'accepted: %' AS latin1_e_acute_accepted;
SELECT c = convert_from('\x636166c3a9', 'UTF8')::claim AS stored_as_utf8 FROM recv_target;
SELECT pg_temp.recv_of('\x636166c3a9') LIKE 'accepted: %' AS utf8_bytes_read_as_latin1_accepted;
SELECT c = convert_from('\x636166c383c2a9', 'UTF8')::claim AS two_latin1_characters FROM recv_target;
RESET client_encoding;

--
-- A 1 MB body with no sentence break: one sentence, as long as the body
-- (white space trimmed), segmented, compared and extracted without error.
--
SELECT count(*) AS sentences, max(end_offset - start_offset) AS chars
  FROM sentences(repeat('a ', 524288));
SELECT count(*) AS sentences, max(end_offset - start_offset) AS chars
  FROM sentences(repeat('x', 1048576));
SELECT length(repeat('word ', 209715)::claim) AS chars,
       cardinality(shingles(repeat('word ', 209715)::claim)) AS shingles,
       similarity(repeat('word ', 209715)::claim, 'word') AS similarity_to_word;
SELECT (SELECT count(*) FROM amounts(repeat('word ', 209715))) AS amounts,
       (SELECT count(*) FROM times(repeat('word ', 209715))) AS times,
       (SELECT modality FROM modality(repeat('word ', 209715))) AS modality;
BEGIN;
SELECT ai_landscape.load_article(repeat('word ', 209715) || 'end') AS article \gset
SELECT count(*) AS claims, max(length(sentence)) AS chars
  FROM ai_landscape.claims WHERE article_id = :article;
ROLLBACK;

--
-- Every Unicode category: what the normalized form keeps, what counts as a
-- word, and that a claim of it is accepted (or refused, if it is invisible).
--
SELECT label, normalized(t::claim) AS normalized,
       length(normalized(t::claim)) AS normalized_chars, tokens(t::claim) AS tokens,
       length(t::claim) AS chars
  FROM (VALUES
    ('combining mark, composed by NFKC',   E'Cafe\u0301'),
    ('combining marks stacked',            E'a\u0301\u0316\u0327'),
    ('Arabic (RTL)',                       'مرحبا بالعالم'),
    ('Hebrew (RTL) with RLM',              E'שלום\u200F עולם'),
    ('bidi override (dropped)',            E'\u202Eabc\u202C'),
    ('emoji',                              E'AI \U0001F916 wins'),
    ('ZWJ sequence (the ZWJ is dropped)',  E'\U0001F469\u200D\U0001F4BB coder'),
    ('flag (regional indicators)',         E'\U0001F1E8\U0001F1F3 China'),
    ('skin tone modifier',                 E'\U0001F44D\U0001F3FD ok'),
    ('replacement character U+FFFD',       E'bad \uFFFD byte'),
    ('noncharacter U+FFFE',                E'x\uFFFEy'),
    ('noncharacter U+FDD0',                E'x\uFDD0y'),
    ('noncharacter U+10FFFF',              E'x\U0010FFFFy'),
    ('private use U+E000',                 E'x\uE000y'),
    ('CJK',                                '中国的人工智能'),
    ('Devanagari with virama',             'हिन्दी'),
    ('Thai (no spaces)',                   'ปัญญาประดิษฐ์'),
    ('math alphanumerics (NFKC: ASCII)',   E'\U0001D400\U0001D401'),
    ('full-width (NFKC: ASCII)',           'ＡＩ')) AS t(label, t);

-- invisible only: refused like white space
SELECT label, pg_temp.error_of(format('SELECT %L::claim', t)) AS result
  FROM (VALUES ('zero-width joiner only',     E'\u200D'),
               ('bidi marks only',            E'\u200F\u202E\u202C'),
               ('soft hyphen only',           E'\u00AD'),
               ('variation selector only',    E'\uFE0F'),
               ('BOM only',                   E'\uFEFF')) AS t(label, t);

-- an escape for a surrogate or beyond U+10FFFF never reaches the extension
SELECT pg_temp.error_of($$SELECT E'\uD800'::claim$$) AS lone_surrogate;
SELECT pg_temp.error_of($$SELECT E'\U00110000'::claim$$) AS beyond_unicode;

--
-- Control characters: white-space controls fold to one space; the others
-- are kept (the claim prints what was stored) and are not words.
--
SELECT label, normalized(t::claim) AS normalized, tokens(t::claim) AS tokens
  FROM (VALUES ('tab, newline, CR',          E'a\tb\nc\rd'),
               ('vertical tab, form feed',   E'a\x0Bb\x0Cc'),
               ('NEL, line/paragraph sep',   E'a\u0085b\u2028c\u2029d'),
               ('SOH and US inside',         E'a\x01b\x1Fc'),
               ('DEL inside',                E'a\x7Fb'),
               ('C1 control inside',         E'a\u009Bb'),
               ('escape sequence',           E'\x1B[31mred\x1B[0m')) AS t(label, t);
SELECT pg_temp.error_of($$SELECT E'a\x00b'::claim$$) AS nul_in_literal;
SELECT pg_temp.error_of($$SELECT chr(0)::claim$$) AS chr_zero;

--
-- Databases that are not UTF8 are refused at CREATE EXTENSION.
--
CREATE DATABASE ai_landscape_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE ai_landscape_latin1_bad ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c ai_landscape_sql_ascii
CREATE EXTENSION ai_landscape;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\c ai_landscape_latin1_bad
CREATE EXTENSION ai_landscape;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS extensions FROM pg_extension WHERE extname = 'ai_landscape';
\c contrib_regression
DROP DATABASE ai_landscape_sql_ascii;
DROP DATABASE ai_landscape_latin1_bad;
