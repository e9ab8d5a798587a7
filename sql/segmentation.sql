--
-- sentences(): ICU sentence breaking plus the project's rules for wrapped lines,
-- abbreviations, initials, lists, ellipses and citations.
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
-- a blank line always ends a sentence; trailing white space is excluded
SELECT * FROM pg_temp.split(E'A heading without a period\n\nThe first paragraph starts here.   \n\n  And ends here.  ');
-- a short line without a stop (a heading) ends a block
SELECT * FROM pg_temp.split(E'Title line\nBody line one. Body line two.\n');
-- a line break inside a paragraph is white space (hard-wrapped newswire text):
-- the sentence keeps its line breaks and its offsets
SELECT * FROM pg_temp.split(E'Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao,\nalthough normal humidity levels have not been restored,\nthe commission said in its weekly review.\n    The dry period means the temporao will be late this year.\n    Arrivals for the week ended February 22 were 155,221 bags\nof 60 kilos, the commission said.');
SELECT * FROM pg_temp.split(E'The company said it met Mr.\nLi in Beijing to discuss\nthe U.S. export rules on\nMonday. The talks went\nwell, it said.\r\nNo date was set for the\nnext round.');
-- list items and headings on their own lines
SELECT * FROM pg_temp.split(E'Export controls\nKey points:\n- China will spend $15 billion on AI this year\n- The U.S. still leads in chips\n1. Talent\n2. Data');
-- the same paragraphs, one a line or wrapped at 40 columns with blank lines between, split alike
WITH forms(body, wrapped) AS (VALUES
    (E'He moved to the U.S. Then he founded a chip startup with Pitt, Briggs & Co. It closed in 2019.\nThe vote ended at 6 P.M. Mr. Li left before the count.',
     E'He moved to the U.S. Then he founded a\nchip startup with Pitt, Briggs & Co. It\nclosed in 2019.\n\nThe vote ended at 6 P.M. Mr. Li left\nbefore the count.'))
SELECT (SELECT array_agg(regexp_replace(sentence, '\s+', ' ', 'g') ORDER BY ordinal) FROM ai_landscape.sentences(body)) =
       (SELECT array_agg(regexp_replace(sentence, '\s+', ' ', 'g') ORDER BY ordinal) FROM ai_landscape.sentences(wrapped)) AS same_sentences,
       (SELECT count(*) FROM ai_landscape.sentences(wrapped)) AS sentences
  FROM forms;
-- the hard cases: abbreviations that end a sentence, initials, lists, names with "!",
-- numeric references, ellipses, citations
SELECT * FROM pg_temp.split('He moved to the U.S. Then he founded a chip startup. She lived in the U.S. for 20 years.');
SELECT * FROM pg_temp.split('They closed the deal with Pitt, Briggs & Co. It closed yesterday. The vote ended at 6 P.M. Mr. Li left.');
SELECT * FROM pg_temp.split('We make a good team, you and I. Did you see Albert I. Jones yesterday?');
SELECT * FROM pg_temp.split('1.) The first item 2.) The second item');
SELECT * FROM pg_temp.split('a. The first item b. The second item c. The third list item');
SELECT * FROM pg_temp.split('• 9. Baidu • 10. Alibaba');
SELECT * FROM pg_temp.split('Please turn to p. 55. Huawei ranked No. 5. She works at Yahoo! in Beijing. The Jeopardy! host left.');
SELECT * FROM pg_temp.split('The thing is . . . I did not mean it. I never meant that.... She left.');
SELECT * FROM pg_temp.split('"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55). The patent is N°. 1026.253.553. That is all.');
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
