#!/usr/bin/env bash
# Makes the local PostgreSQL and MariaDB servers ready for Godwit's tests and demo:
#   - installs them with apt-get when they are missing (Debian),
#   - turns on change capture (PostgreSQL wal_level=logical; MariaDB log-bin,
#     binlog_format=ROW, binlog_row_image=FULL, server-id),
#   - restarts a server only when a setting actually changed, then waits until it answers.
# Safe to run again: it changes nothing on a machine that is already ready.
set -euo pipefail

log() { printf 'services: %s\n' "$*"; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "$1 needs root (run this script with sudo)"
}

apt_install() {
  need_root "installing $*"
  if [ -z "${GODWIT_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    GODWIT_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$what did not become ready within 60 s"
}

# ---------------------------------------------------------------- PostgreSQL
pg_ready() { psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }

setup_postgres() {
  local installed_now=
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "PostgreSQL is not installed; installing it with apt-get"
    apt_install postgresql postgresql-contrib
    installed_now=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local confdir=/etc/postgresql/$version/main
  [ -d "$confdir" ] || die "no PostgreSQL cluster config at $confdir"

  if [ -n "$installed_now" ]; then
    # A fresh Debian cluster uses peer/scram auth; the tests connect as postgres over loopback.
    sed -i '1i host all all 127.0.0.1/32 trust' "$confdir/pg_hba.conf"
    sed -i '1i local all all trust' "$confdir/pg_hba.conf"
    printf "listen_addresses = '127.0.0.1'\nport = 5432\n" > "$confdir/conf.d/80-godwit-listen.conf"
  fi

  local cdc_conf=$confdir/conf.d/95-godwit-cdc.conf
  local want
  want=$(printf '%s\n' \
    '# written by Godwit ops/services.sh: logical decoding for change capture' \
    'wal_level = logical' \
    'max_replication_slots = 20' \
    'max_wal_senders = 20')
  local restart=
  if [ ! -f "$cdc_conf" ] || [ "$(cat "$cdc_conf")" != "$want" ]; then
    need_root "writing $cdc_conf"
    printf '%s\n' "$want" > "$cdc_conf"
    restart=1
  fi

  if ! pg_ready; then
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  elif [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')" != logical ]; then
    restart=1
  fi
  if [ -n "$restart" ] && pg_ready && [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')" != logical ]; then
    log "restarting PostgreSQL $version for wal_level=logical"
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  fi
  wait_for "PostgreSQL on 127.0.0.1:5432" pg_ready
  [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')" = logical ] \
    || die "PostgreSQL wal_level is not logical after restart; check $cdc_conf"
  log "PostgreSQL $version ready (wal_level=logical)"
}

# ------------------------------------------------------------------- MariaDB
my() { mariadb --protocol=TCP -h 127.0.0.1 -P 3306 -uroot "$@"; }
my_ready() { my -e 'select 1' >/dev/null 2>&1; }

start_mariadb() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}

stop_mariadb() {
  if [ -f /run/mysqld/mysqld.pid ]; then
    local pid
    pid=$(cat /run/mysqld/mysqld.pid)
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 1
    done
    die "MariaDB (pid $pid) did not stop within 60 s"
  fi
  start-stop-daemon --stop --oknodo --retry 60 --exec /usr/sbin/mariadbd
}

setup_mariadb() {
  local installed_now=
  if [ ! -x /usr/sbin/mariadbd ]; then
    log "MariaDB is not installed; installing it with apt-get"
    apt_install mariadb-server mariadb-client
    installed_now=1
  fi

  local cnf=/etc/mysql/my.cnf
  local confdir=/etc/mysql/conf.d
  mkdir -p "$confdir"
  if ! grep -Eq "^\s*!includedir\s+$confdir/?\s*$" "$cnf" 2>/dev/null; then
    need_root "editing $cnf"
    printf '\n!includedir %s/\n' "$confdir" >> "$cnf"
  fi
  local cdc_conf=$confdir/95-godwit-cdc.cnf
  local want
  want=$(printf '%s\n' \
    '# written by Godwit ops/services.sh: row-based binlog for change capture' \
    '[mysqld]' \
    'log-bin = mysql-bin' \
    'binlog_format = ROW' \
    'binlog_row_image = FULL' \
    'server-id = 1' \
    'binlog_expire_logs_seconds = 86400' \
    'bind-address = 127.0.0.1' \
    'port = 3306' \
    'local-infile = 1' \
    'max_connections = 300')
  if [ ! -f "$cdc_conf" ] || [ "$(cat "$cdc_conf")" != "$want" ]; then
    need_root "writing $cdc_conf"
    printf '%s\n' "$want" > "$cdc_conf"
  fi

  if ! my_ready; then
    log "starting MariaDB"
    start_mariadb
    # A fresh Debian install lets root in only through the socket.
    wait_for "MariaDB socket" mariadb -uroot -e 'select 1'
    if [ -n "$installed_now" ] || ! my_ready; then
      mariadb -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
    fi
  fi
  wait_for "MariaDB on 127.0.0.1:3306" my_ready

  local current
  current=$(my -N -e 'select concat_ws(",", @@log_bin, @@binlog_format, @@binlog_row_image, @@local_infile)')
  if [ "$current" != "ON,ROW,FULL,ON" ]; then
    log "restarting MariaDB for log-bin/ROW/FULL (found log_bin,format,image,local_infile = $current)"
    stop_mariadb
    start_mariadb
    wait_for "MariaDB on 127.0.0.1:3306" my_ready
    current=$(my -N -e 'select concat_ws(",", @@log_bin, @@binlog_format, @@binlog_row_image, @@local_infile)')
    [ "$current" = "ON,ROW,FULL,ON" ] \
      || die "MariaDB settings are $current after restart, want ON,ROW,FULL,ON; check $cdc_conf"
  fi
  log "MariaDB $(my -N -e 'select version()') ready (log_bin=ON, binlog_format=ROW, binlog_row_image=FULL)"
}

setup_postgres
setup_mariadb
