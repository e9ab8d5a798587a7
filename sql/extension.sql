--
-- The extension as an object: every public object documented, drop and
-- create again in one database, UTF8 required.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;

-- every object of the extension has a COMMENT (none is listed here)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS undocumented
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'ai_landscape')
   AND d.deptype = 'e'
   AND d.classid <> 'pg_type'::regclass  -- array types and row types of the tables
   AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
   AND NOT (d.classid = 'pg_class'::regclass
            AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('S', 'i'))
 ORDER BY 1;
SELECT t.typname AS undocumented_type
  FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass
 WHERE d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'ai_landscape')
   AND obj_description(t.oid, 'pg_type') IS NULL;
-- and every column of its tables
SELECT c.relname, a.attname AS undocumented_column
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'ai_landscape'::regnamespace AND c.relkind IN ('r', 'v', 'm')
   AND col_description(c.oid, a.attnum) IS NULL;

-- the tables are registered so that pg_dump keeps their rows
SELECT unnest(extconfig)::regclass AS dumped FROM pg_extension WHERE extname = 'ai_landscape' ORDER BY 1;

-- every function is IMMUTABLE, STRICT and PARALLEL SAFE (so that it can be
-- pushed to remote servers), except these: loaders, triggers and functions
-- that read tables or settings, and the GIN and GiST options functions
-- (PostgreSQL calls them with NULL)
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p WHERE p.pronamespace = 'ai_landscape'::regnamespace
   AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')
 ORDER BY p.proname, p.oid;
SELECT count(*) > 30 AS many_functions_are FROM pg_proc p
 WHERE p.pronamespace = 'ai_landscape'::regnamespace
   AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's';

-- drop and create again in the same database (PostgreSQL leaves the schema
-- that CREATE EXTENSION made: it is not a member of the extension)
DROP EXTENSION ai_landscape;
SELECT count(*) AS schemas_left FROM pg_namespace WHERE nspname = 'ai_landscape';
CREATE EXTENSION ai_landscape;
SELECT ai_landscape.load_article('Created again. It works.') > 0 AS loads;
DROP EXTENSION ai_landscape;
CREATE EXTENSION ai_landscape;
SELECT count(*) AS claims_after_recreate FROM ai_landscape.claims;

-- a database that is not UTF8 is refused at CREATE EXTENSION
CREATE DATABASE ai_landscape_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c ai_landscape_latin1
\set VERBOSITY default
CREATE EXTENSION ai_landscape;
\c contrib_regression
DROP DATABASE ai_landscape_latin1;
