--
-- sentences(): ICU sentence breaking plus the project's abbreviation rules.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;

-- every sentence, with its offsets checked against the body it came from
CREATE FUNCTION pg_temp.split(body text)
RETURNS TABLE (ordinal int, start_offset int, end_offset int, sentence text, offsets_ok boolean)
LANGUAGE sql AS $$
    SELECT s.ordinal, s.start_offset, s.end_offset, s.sentence,
           substr(body, s.start_offset + 1, s.end_offset - s.start_offset) = s.sentence
      FROM ai_landscape.sentences(body) AS s
$$;

-- abbreviations that must not end a sentence
SELECT * FROM pg_temp.split('Tencent, ByteDance, and Ant Group Co. to break new ground in payments. It worked.');
SELECT * FROM pg_temp.split('The U.S. Treasury disagreed. Markets fell.');
SELECT * FROM pg_temp.split('Mr. Li founded the firm. Ms. Wang and Dr. Zhou joined.');
SELECT * FROM pg_temp.split('Spending will reach $15.5 billion this year. That is a lot.');
SELECT * FROM pg_temp.split('Some fruit, e.g. apples, is sold by weight. Other fruit is not.');
SELECT * FROM pg_temp.split('AI is the No. 1 priority of the government. Chips come second.');
SELECT * FROM pg_temp.split('George W. Bush met Apple Inc. Chief Executive Tim Cook.');
-- ordinary sentence ends are still ends
SELECT * FROM pg_temp.split('Is it real? Yes! It is. "Quoted sentence." Next.');
-- no final period; one word; only white space; empty
SELECT * FROM pg_temp.split('China is three years behind the US in AI');
SELECT * FROM pg_temp.split('Word');
SELECT count(*) FROM ai_landscape.sentences(E'  \n\t  ');
SELECT count(*) FROM ai_landscape.sentences('');
SELECT count(*) FROM ai_landscape.sentences(NULL);
-- a blank line always ends a sentence; so does a line break; trailing white space is excluded
SELECT * FROM pg_temp.split(E'A heading without a period\n\nThe first paragraph starts here.   \n\n  And ends here.  ');
SELECT * FROM pg_temp.split(E'Title line\nBody line one. Body line two.\n');
-- a line of only invisible characters (a zero-width space) is not a sentence
SELECT * FROM pg_temp.split(E'First.\n\u200B\nSecond.');
-- Chinese and Japanese end sentences at 。！？ with or without spaces; offsets are characters
SELECT * FROM pg_temp.split('中国的人工智能产业正在快速发展。美国仍然领先！差距有多大？');
SELECT * FROM pg_temp.split('人工知能の研究が進んでいる。 日本も投資している。');
SELECT * FROM pg_temp.split('Mixed: 中国很强。 The US too.');
-- 10,000 sentences: all found, in order, each offset pair consistent with
-- its sentence and its neighbour (the sentences are joined by one space)
WITH body AS (
    SELECT string_agg(format('Sentence number %s says that Mr. Li spent $%s.5 billion.', i, i), ' ') AS b
      FROM generate_series(1, 10000) AS i
), s AS (
    SELECT x.*, lag(x.end_offset) OVER (ORDER BY x.ordinal) AS previous_end
      FROM body, ai_landscape.sentences(body.b) AS x
)
SELECT count(*) AS sentences,
       count(*) FILTER (WHERE sentence = format('Sentence number %s says that Mr. Li spent $%s.5 billion.', ordinal, ordinal)) AS as_expected,
       count(*) FILTER (WHERE end_offset - start_offset = length(sentence)
                          AND start_offset = coalesce(previous_end + 1, 0)) AS offsets_ok,
       min(ordinal) AS first, max(ordinal) AS last,
       max(end_offset) = (SELECT length(b) FROM body) AS ends_at_end
  FROM s;
