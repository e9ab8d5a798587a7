# scripts/valgrind.sh - the server under valgrind, for ./scripts/test --valgrind.
# Sourced after common.sh's setup: valgrind_restart puts the running cluster
# under valgrind (memcheck, every backend traced); valgrind_check stops it and
# fails if valgrind reported any error, listing those in our code.  JIT is off:
# LLVM is not our code, and valgrind cannot follow the code it generates.
PACKAGES+=(valgrind)
VALGRIND_SUPP=$REPO/test/valgrind.supp

valgrind_restart() {
    log "restarting the cluster under valgrind (slow: expect minutes per suite)"
    as_cluster_user "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null
    mkdir -p "$WORK/valgrind"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$WORK/valgrind"
    # pg_ctl -p starts this in place of postgres
    cat >"$WORK/postgres-valgrind" <<WRAPPER
#!/bin/sh
exec valgrind --quiet --tool=memcheck --trace-children=yes --error-limit=no --num-callers=40 \\
    --read-var-info=no --leak-check=no --fullpath-after= --gen-suppressions=all \\
    --suppressions="$VALGRIND_SUPP" --log-file="$WORK/valgrind/%p.log" \\
    "$PG_BIN/postgres" "\$@"
WRAPPER
    chmod 755 "$WORK/postgres-valgrind"
    as_cluster_user "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 600 \
        -p "$WORK/postgres-valgrind" -o "-k $WORK -p $PGPORT -c listen_addresses='' -c jit=off" start >/dev/null
}

# The error blocks of a valgrind log (prefix stripped, one blank line after each).
valgrind_errors() {
    sed -E 's/^==[0-9]+== ?//' "$@" | awk '
        /^$/ { if (block != "" && block !~ /^(HEAP SUMMARY|ERROR SUMMARY|Warning: )/) print block "\n"; block = ""; next }
        /^\{$/, /^\}$/ { next }     # the generated suppression of the error just printed
        { block = block (block == "" ? "" : "\n") $0 }
        END { if (block != "" && block !~ /^(HEAP SUMMARY|ERROR SUMMARY|Warning: )/) print block "\n" }'
}

valgrind_check() {
    as_cluster_user "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -t 600 stop >/dev/null || true
    local logs=("$WORK"/valgrind/*.log) total ours
    # --quiet prints errors only (no summary): count the error blocks
    total=$(valgrind_errors "${logs[@]}" | awk 'BEGIN {RS = ""} {n++} END {print n + 0}')
    ours=$(valgrind_errors "${logs[@]}" | awk -v src="$REPO/src/" 'BEGIN {RS = ""} index($0, src) || /ai_landscape\.so/ {n++} END {print n + 0}')
    log "valgrind: ${#logs[@]} processes traced, $total errors, $ours in the extension's code"
    if [ "$total" -ne 0 ]; then
        valgrind_errors "${logs[@]}" | awk -v src="$REPO/src/" 'BEGIN {RS = ""; ORS = "\n\n"} index($0, src) || /ai_landscape\.so/' >&2
        log "every error, with a suppression for each, is in $WORK/valgrind/ (kept)"
        KEEP=1
        return 1
    fi
}
