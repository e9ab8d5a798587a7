# data/gazetteer.tsv -> statements for an update script that make the
# gazetteer rows those a fresh install of this version has: shipped entities
# numbered by their line in the file, as the install script numbers them (a
# pg_dump keeps only rows that are not builtin, and its rows refer to entities
# by id, so a restore into a fresh install needs the same ids), with the
# kind, country and aliases of the file; shipped rows no longer in the file
# removed.  Rows users added stay; those whose id a shipped entity takes move
# to new ids, and what refers to them follows.  Written for updates from 1.0,
# which records no edits of shipped rows: an update from 1.1 on must also keep
# the edits that builtin = false on a shipped id and absent_builtin_* record.
BEGIN {
    FS = "\t"
    print ""
    print "-- the gazetteer shipped in data/gazetteer.tsv"
    print "CREATE TABLE shipped_gazetteer (position integer PRIMARY KEY, name text NOT NULL UNIQUE, kind text NOT NULL,"
    print "                                country text, aliases text[] NOT NULL);"
}
/^#/ || NF < 2 { next }
$1 == "name" && $2 == "kind" { next }
{
    for (i = 1; i <= NF; i++) gsub(/'/, "''", $i)
    country = ($3 == "") ? "NULL" : "'" $3 "'"
    n = split($4, parts, "|")
    aliases = ""
    for (i = 1; i <= n; i++)
        if (parts[i] != "")
            aliases = aliases (aliases == "" ? "" : ", ") "'" parts[i] "'"
    printf "INSERT INTO shipped_gazetteer VALUES (%d, '%s', '%s', %s, ARRAY[%s]::text[]);\n", ++position, $1, $2, country, aliases
}
END {
    print "-- the triggers of these tables are for users' changes, not the extension's"
    print "ALTER TABLE entities DISABLE TRIGGER USER;"
    print "ALTER TABLE entity_aliases DISABLE TRIGGER USER;"
    print "DELETE FROM entities AS e"
    print " WHERE e.builtin AND NOT EXISTS (SELECT 1 FROM shipped_gazetteer AS s WHERE s.name = e.name);"
    print "UPDATE entities AS e SET kind = s.kind, country = s.country, builtin = true"
    print "  FROM shipped_gazetteer AS s"
    print " WHERE e.name = s.name AND (e.kind, e.country, e.builtin) IS DISTINCT FROM (s.kind, s.country, true);"
    print ""
    print "-- entities to renumber: shipped ones to their line, others out of the shipped range"
    print "CREATE TABLE entity_moves (old_id bigint PRIMARY KEY, new_id bigint NOT NULL UNIQUE);"
    print "INSERT INTO entity_moves"
    print "SELECT e.id, s.position FROM entities AS e JOIN shipped_gazetteer AS s ON s.name = e.name WHERE e.id <> s.position;"
    print "INSERT INTO entity_moves"
    print "SELECT e.id, greatest((SELECT max(s.position) FROM shipped_gazetteer AS s), (SELECT max(x.id) FROM entities AS x))"
    print "             + row_number() OVER (ORDER BY e.id)"
    print "  FROM entities AS e"
    print " WHERE e.id <= (SELECT max(s.position) FROM shipped_gazetteer AS s)"
    print "   AND NOT EXISTS (SELECT 1 FROM shipped_gazetteer AS s WHERE s.name = e.name);"
    print "-- in two steps, through negative ids that no row has; each statement moves an"
    print "-- entity and what refers to it together, and the foreign keys are checked at its end"
    move("-m.old_id", "m.old_id")
    move("m.new_id", "-m.old_id")
    print "DROP TABLE entity_moves;"
    print ""
    print "INSERT INTO entities (id, name, kind, country, builtin)"
    print "SELECT s.position, s.name, s.kind, s.country, true FROM shipped_gazetteer AS s"
    print " WHERE NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.name = s.name)"
    print " ORDER BY s.position;"
    print "DELETE FROM entity_aliases AS a"
    print " WHERE a.builtin AND NOT EXISTS (SELECT 1 FROM shipped_gazetteer AS s"
    print "                                  WHERE s.position = a.entity_id AND a.alias = ANY (s.aliases));"
    print "INSERT INTO entity_aliases (entity_id, alias, builtin)"
    print "SELECT s.position, x.alias, true"
    print "  FROM shipped_gazetteer AS s, unnest(s.aliases) WITH ORDINALITY AS x(alias, n)"
    print " ORDER BY s.position, x.n"
    print "    ON CONFLICT (entity_id, alias) DO UPDATE SET builtin = true;"
    print "SELECT pg_catalog.setval('entities_id_seq', (SELECT max(e.id) FROM entities AS e));"
    print "ALTER TABLE entities ENABLE TRIGGER USER;"
    print "ALTER TABLE entity_aliases ENABLE TRIGGER USER;"
    print "DROP TABLE shipped_gazetteer;"
}

# one statement that gives the entities of entity_moves the id "to", found by "from"
function move(to, from) {
    print "WITH aliases AS ("
    print "    UPDATE entity_aliases AS x SET entity_id = " to " FROM entity_moves AS m WHERE x.entity_id = " from " RETURNING 1"
    print "), mentions AS ("
    print "    UPDATE claim_entities AS x SET entity_id = " to " FROM entity_moves AS m WHERE x.entity_id = " from " RETURNING 1"
    print "), attributions AS ("
    print "    UPDATE claims AS x SET attributed_to = " to " FROM entity_moves AS m WHERE x.attributed_to = " from " RETURNING 1"
    print ")"
    print "UPDATE entities AS e SET id = " to " FROM entity_moves AS m WHERE e.id = " from ";"
}
