# scripts/common.sh - set-up shared by scripts/demo and scripts/test.
#
# Installs what is missing (Debian 12, as root), builds and installs the
# extension, and starts a throwaway PostgreSQL 15 cluster whose data
# directory and socket live in a temporary folder.  postgres refuses to run
# as root, so as root the cluster runs as the unprivileged user "postgres".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PG_BIN may point at another (e.g. private, relocated) PostgreSQL 15 bin folder
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PACKAGES=(postgresql-15 postgresql-server-dev-15 libicu-dev make gcc libipc-run-perl odbc-postgresql unixodbc
          locales)
# Locales the tests create databases with (sql/locale.sql: Turkish case rules)
LOCALES=(tr_TR.UTF-8)

log() { printf '== %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    local l
    for l in "${LOCALES[@]}"; do
        # locale -a spells tr_TR.UTF-8 as tr_TR.utf8
        locale -a | grep -qix "${l%%.*}.utf-\?8" && continue
        log "generating the locale $l"
        as_root localedef -i "${l%%.*}" -f UTF-8 "$l"
    done
}

build_and_install() {
    log "building and installing ai_landscape"
    make -C "$REPO" -s PG_CONFIG="$PG_BIN/pg_config" >/dev/null
    as_root make -C "$REPO" -s PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
}

# The user the cluster and the tests run as.
if [ "$(id -u)" -eq 0 ]; then RUN_AS=postgres; else RUN_AS=$(id -un); fi
as_cluster_user() {
    if [ "$(id -un)" = "$RUN_AS" ]; then "$@"; else runuser -u "$RUN_AS" -- "$@"; fi
}

start_cluster() {
    WORK=$(mktemp -d /tmp/ai_landscape.XXXXXX)
    chmod 755 "$WORK"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$WORK"
    export PGHOST=$WORK PGPORT=$((20000 + RANDOM % 20000)) PGUSER=$RUN_AS PGDATABASE=postgres
    log "starting a throwaway cluster in $WORK (port $PGPORT, user $RUN_AS)"
    as_cluster_user "$PG_BIN/initdb" -D "$WORK/data" --encoding=UTF8 --locale=C.UTF-8 \
        --auth=trust -U "$RUN_AS" >"$WORK/initdb.log" 2>&1
    as_cluster_user "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
        -o "-k $WORK -p $PGPORT -c listen_addresses=''" start >/dev/null
    trap stop_cluster EXIT
}

stop_cluster() {
    if [ -n "${WORK:-}" ] && [ -d "$WORK/data" ]; then
        as_cluster_user "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
        if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
    fi
}

setup() {
    install_packages
    build_and_install
    start_cluster
}
