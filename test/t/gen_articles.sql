-- Deterministic news-like articles for the TAP tests: gen_articles(first, last) gives
-- articles first..last, each a numbered first sentence and six sentences
-- drawn from a pool of 500 (an amount, a year, and one word that changes with
-- the article): repeats, near-duplicates and extraction rows in every batch.
CREATE FUNCTION public.gen_articles(first integer, last integer) RETURNS TABLE (title text, body text)
LANGUAGE sql IMMUTABLE AS $$
    WITH w AS (SELECT '{alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel,india,juliet,kilo,lima,mike,november,oscar,papa,quebec,romeo,sierra,tango,uniform,victor,whiskey,xray,yankee,zulu}'::text[] AS v)
    SELECT 'generated ' || i,
           'This is generated report number ' || i || '. ' ||
           (SELECT string_agg(initcap(v[1 + s % 26]) || ' ' || v[1 + s / 26 % 26] || ' raised $' || (10 + s % 90)
                              || ' million in ' || (2000 + s % 25) || ' and said the ' || v[1 + s * 7 % 26] || ' '
                              || v[1 + s * 11 % 26] || ' model beat the ' || v[1 + (s + i) % 26] || ' benchmark.',
                              ' ' ORDER BY j)
              FROM generate_series(1, 6) AS j, LATERAL (SELECT (i * 37 + j * 101) % 500 AS s) AS x)
      FROM w, generate_series(first, last) AS i
$$;
