# data/gazetteer.tsv -> INSERT statements for the install script.
# Columns: name, kind, country, aliases separated by "|". Lines starting
# with "#" and the header are skipped. Rows are marked builtin, so that
# pg_dump keeps only the rows users add.
BEGIN {
    FS = "\t"
    print ""
    print "-- the gazetteer shipped in data/gazetteer.tsv"
}
/^#/ || NR == 2 && $1 == "name" || NF < 2 { next }
$1 == "name" && $2 == "kind" { next }
{
    for (i = 1; i <= NF; i++) gsub(/'/, "''", $i)
    country = ($3 == "") ? "NULL" : "'" $3 "'"
    printf "INSERT INTO entities (name, kind, country, builtin) VALUES ('%s', '%s', %s, true);\n", $1, $2, country
    n = split($4, aliases, "|")
    for (i = 1; i <= n; i++)
        if (aliases[i] != "")
            printf "INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, '%s', true FROM entities WHERE name = '%s';\n", aliases[i], $1
}
