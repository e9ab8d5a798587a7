# data/gazetteer.tsv -> statements for an update script that make the
# builtin rows of entities and entity_aliases those of the gazetteer shipped
# now: entities added in file order (as a fresh install numbers them) or
# changed, builtin rows no longer shipped removed; rows users added stay.
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
    print "INSERT INTO entities (name, kind, country, builtin)"
    print "SELECT s.name, s.kind, s.country, true FROM shipped_gazetteer AS s ORDER BY s.position"
    print "    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, country = excluded.country, builtin = true;"
    print "DELETE FROM entities AS e"
    print " WHERE e.builtin AND NOT EXISTS (SELECT 1 FROM shipped_gazetteer AS s WHERE s.name = e.name);"
    print "DELETE FROM entity_aliases AS a"
    print " WHERE a.builtin AND NOT EXISTS (SELECT 1 FROM shipped_gazetteer AS s JOIN entities AS e ON e.name = s.name"
    print "                                  WHERE e.id = a.entity_id AND a.alias = ANY (s.aliases));"
    print "INSERT INTO entity_aliases (entity_id, alias, builtin)"
    print "SELECT e.id, x.alias, true"
    print "  FROM shipped_gazetteer AS s JOIN entities AS e ON e.name = s.name, unnest(s.aliases) WITH ORDINALITY AS x(alias, n)"
    print " ORDER BY s.position, x.n"
    print "    ON CONFLICT (entity_id, alias) DO UPDATE SET builtin = true;"
    print "DROP TABLE shipped_gazetteer;"
}
