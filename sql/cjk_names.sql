--
-- Names in Chinese and Japanese.  ICU's dictionary splits a name it does not
-- know into characters (科大讯飞 -> 科|大|讯|飞) or joins its edge to a
-- neighbour (从小米 -> 从小|米), differently in different sentences, so the
-- gazetteer matches CJK names character by character.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
DELETE FROM articles;

-- what ICU does with them
SELECT tokens('科大讯飞发布了新模型。') AS iflytek,
       tokens('他们从小米购买了手机。') AS from_xiaomi,
       tokens('美国从中芯国际进口芯片。') AS from_smic;

SELECT load_article(E'科大讯飞发布了新一代人工智能模型。\n'
                    '他们从小米购买了手机。\n'
                    '美国从中芯国际进口芯片。\n'
                    '阿里巴巴和腾讯正在争夺中国大型语言模型市场的领先地位。\n'
                    '这对华为了解欧洲市场很重要。\n'
                    '百度创始人李彦宏表示，文心一言将在三年内赶上美国的水平。\n'
                    'ソフトバンクは日本の人工知能に投資する。\n'
                    '印度尼西亚和印度都在投资。\n'
                    '中华为世界和平作出贡献。',  -- a limit: 华为 inside 中华 为 ("China for")
                    title => 'CJK names') AS cjk_id \gset
SELECT c.ordinal, m.matched, m.entity, m.kind, m.start_offset, m.end_offset
  FROM entity_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.article_id = :cjk_id ORDER BY c.ordinal, m.start_offset;
-- offsets are characters of the sentence
SELECT bool_and(substr(c.sentence::text, m.start_offset + 1, m.end_offset - m.start_offset) = m.matched) AS offsets_right
  FROM entity_mentions m JOIN claims c ON c.id = m.claim_id WHERE c.article_id = :cjk_id;

-- every CJK alias of the gazetteer, in a sentence of its own, is found whole
CREATE TEMP TABLE cjk_aliases AS
SELECT row_number() OVER (ORDER BY e.name, a.alias) AS n, e.id AS entity_id, e.name, a.alias
  FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
 WHERE a.alias ~ '[一-鿿ぁ-ヿ]';
SELECT count(*) >= 80 AS many_cjk_aliases FROM cjk_aliases;
SELECT load_article((SELECT string_agg('据报道，' || alias || '的消息已经传出。', E'\n' ORDER BY n) FROM cjk_aliases),
                    title => 'every CJK alias') AS all_id \gset
SELECT a.name, a.alias, array_agg(m.matched || '=' || coalesce(m.entity, '?')) AS found
  FROM cjk_aliases a
  JOIN claims c ON c.article_id = :all_id AND c.ordinal = a.n
  LEFT JOIN entity_mentions m ON m.claim_id = c.id
 GROUP BY a.n, a.name, a.alias
HAVING NOT bool_or(m.entity = a.name AND m.matched = a.alias)
 ORDER BY a.n;

-- similarity: a sentence with one name changed is a near-duplicate, even
-- when ICU splits one name into characters and keeps the other whole; in a
-- very short sentence the split name's characters weigh too much (a limit)
CREATE TEMP TABLE pairs (kind text, a claim, b claim);
INSERT INTO pairs VALUES
  ('one name changed', '百度今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。',
                       '科大讯飞今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。'),
  ('one name changed', '百度今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。',
                       '腾讯今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。'),
  ('one name changed', '华为发布了新一代人工智能芯片，性能接近英伟达的产品。',
                       '科大讯飞发布了新一代人工智能芯片，性能接近英伟达的产品。'),
  ('one name changed', '华为发布了新一代人工智能芯片，性能接近英伟达的产品。',
                       '阿里巴巴发布了新一代人工智能芯片，性能接近英伟达的产品。'),
  ('one name changed', '阿里巴巴和腾讯正在争夺中国大型语言模型市场的领先地位。',
                       '科大讯飞和腾讯正在争夺中国大型语言模型市场的领先地位。'),
  ('one name changed', '科大讯飞的创始人表示，公司将在三年内赶上美国的水平。',
                       '华为的创始人表示，公司将在三年内赶上美国的水平。'),
  ('one name changed', 'ソフトバンクは日本の人工知能企業に百億円を投資すると発表した。',
                       'トヨタは日本の人工知能企業に百億円を投資すると発表した。'),
  ('short: a limit',   '百度上涨了。', '科大讯飞上涨了。'),
  ('unrelated',        '百度今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。',
                       '华为发布了新一代人工智能芯片，性能接近英伟达的产品。'),
  ('unrelated',        '阿里巴巴和腾讯正在争夺中国大型语言模型市场的领先地位。',
                       '科大讯飞的创始人表示，公司将在三年内赶上美国的水平。'),
  ('unrelated',        '百度今年将在人工智能领域投入一百五十亿美元，以追赶美国的科技巨头。',
                       '阿里巴巴和腾讯正在争夺中国大型语言模型市场的领先地位。'),
  ('unrelated',        'ソフトバンクは日本の人工知能企業に百億円を投資すると発表した。',
                       '華為は新しい人工知能チップを発表し、性能はエヌビディアに近い。');
SELECT kind, round(similarity(a, b)::numeric, 3) AS similarity, a % b AS near_duplicate, left(b::text, 12) AS b
  FROM pairs ORDER BY kind, similarity DESC;
SELECT kind, count(*) AS pairs, min(similarity(a, b)) >= 0.6 AS all_at_least_06, max(similarity(a, b)) < 0.6 AS all_below_06
  FROM pairs GROUP BY kind ORDER BY kind;
