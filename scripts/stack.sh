#!/usr/bin/env bash
# Private PostgreSQL + MinIO for development, tests and benchmarks.
#
#   scripts/stack.sh start DIR [--pg-port N] [--minio-port N] [--console-port N] [--fast]
#   scripts/stack.sh stop DIR
#   scripts/stack.sh status DIR
#   scripts/stack.sh env DIR              print DIR/lms.env
#   scripts/stack.sh exec [--fast] -- CMD [ARG...]
#                                         throwaway stack in a temp folder, CMD runs
#                                         with its variables exported, then all is
#                                         stopped and removed (also on failure)
#   scripts/stack.sh free-port            print a free loopback TCP port
#
# Layout of DIR: pg/ (cluster), minio/ (objects), log/, minio.pid,
# stack.ports (ports last used), secrets.env (generated once, reused) and
# lms.env (what the application reads: `set -a; . DIR/lms.env; set +a`).
#
# A port of 0 (the default) means: the port this DIR used last time if it is
# free, else a random free one. --fast turns off fsync for throwaway clusters.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINIO_BIN=${MINIO_BIN:-$ROOT/bin/minio}

die() { echo "stack: $*" >&2; exit 1; }
log() { echo "stack: $*" >&2; }

# pg_bin finds the newest PostgreSQL >= 15 server (Debian keeps it off PATH).
pg_bin() {
  if [[ -n ${PG_BIN:-} ]]; then echo "$PG_BIN"; return; fi
  local d v best=0
  for d in /usr/lib/postgresql/*/bin; do
    v=${d#/usr/lib/postgresql/}
    v=${v%/bin}
    if [[ -x $d/postgres && $v =~ ^[0-9]+$ ]] && ((v >= 15 && v > best)); then best=$v; fi
  done
  ((best > 0)) || die "PostgreSQL >= 15 server not found (run: make deps)"
  echo "/usr/lib/postgresql/$best/bin"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# as_pg runs a server command as the cluster owner: initdb and postgres refuse
# to run as root, so root hands them to the postgres system user.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

rand_hex() { od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'; }

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]] && return 0
  fi
  return 1
}

TAKEN=" "
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    # below Linux's ephemeral range (32768+), where outgoing connections live
    p=$((20000 + RANDOM % 12000))
    [[ $TAKEN == *" $p "* ]] && continue
    port_in_use "$p" && continue
    TAKEN+="$p "
    echo "$p"
    return
  done
  die "no free port found"
}

# choose_port REQUESTED LAST: an explicit port must be free; 0 reuses LAST
# when free, else picks a random one.
choose_port() {
  local want=$1 last=${2:-}
  if [[ $want != 0 ]]; then
    port_in_use "$want" && die "port $want is already in use"
    TAKEN+="$want "
    echo "$want"
  elif [[ -n $last ]] && ! port_in_use "$last"; then
    TAKEN+="$last "
    echo "$last"
  else
    free_port
  fi
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

load_state() {
  PG_PORT_LAST="" MINIO_PORT_LAST="" CONSOLE_PORT_LAST=""
  # shellcheck disable=SC1091
  [[ -f $DIR/stack.ports ]] && . "$DIR/stack.ports"
  return 0
}

ensure_secrets() {
  local f=$DIR/secrets.env
  if [[ ! -f $f ]]; then
    (
      umask 077
      cat >"$f" <<EOF
PG_PASSWORD=$(rand_hex 16)
MINIO_USER=lms$(rand_hex 4)
MINIO_PASSWORD=$(rand_hex 20)
SECRET_KEY=$(rand_hex 32)
EOF
    )
  fi
  # shellcheck disable=SC1090
  . "$f"
}

# ---------------------------------------------------------------- PostgreSQL

pg_running() {
  [[ -f $DIR/pg/PG_VERSION ]] || return 1
  as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1
}

# pg_port_running reads the port of the running postmaster from its pid file.
pg_port_running() { as_pg sed -n 4p "$DIR/pg/postmaster.pid"; }

# check_traversable: the postgres user must reach DIR through every parent.
check_traversable() {
  is_root || return 0
  runuser -u postgres -- test -x "$DIR" 2>/dev/null && return 0
  chmod 755 "$DIR"
  runuser -u postgres -- test -x "$DIR" 2>/dev/null && return 0
  local d=$DIR
  while [[ $d != / ]]; do
    d=$(dirname "$d")
    runuser -u postgres -- test -x "$d" 2>/dev/null ||
      die "user postgres cannot enter $d; run 'chmod o+x $d' or put the stack elsewhere (make run VAR=/some/dir)"
  done
}

pg_init() {
  [[ -f $DIR/pg/PG_VERSION ]] && return
  log "initdb $DIR/pg"
  check_traversable
  rm -rf "$DIR/pg"
  mkdir -m 700 "$DIR/pg"
  local pw=$DIR/pg.pwfile
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pw")
  if is_root; then chown postgres: "$DIR/pg" "$pw"; fi
  as_pg "$(pg_bin)/initdb" -D "$DIR/pg" -U lms --pwfile="$pw" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$DIR/log/initdb.log" 2>&1 ||
    { rm -f "$pw"; cat "$DIR/log/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pw"
  as_pg tee -a "$DIR/pg/postgresql.conf" >/dev/null <<'EOF'

# --- scripts/stack.sh: loopback only, no unix socket ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
logging_collector = off
log_min_duration_statement = 1000
EOF
}

pg_start() {
  local port=$1 fast=$2 opts
  opts="-p $port"
  if [[ $fast == 1 ]]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  touch "$DIR/log/postgres.log"
  if is_root; then chown postgres: "$DIR/log/postgres.log"; fi
  log "postgres on 127.0.0.1:$port"
  as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" -l "$DIR/log/postgres.log" \
    -o "$opts" -w -t 60 start >/dev/null ||
    { tail -n 20 "$DIR/log/postgres.log" >&2; die "postgres did not start"; }
}

pg_create_db() {
  local url="postgres://lms:$PG_PASSWORD@127.0.0.1:$1"
  local psql
  psql="$(pg_bin)/psql"
  [[ -x $psql ]] || psql=psql
  if [[ -z $("$psql" "$url/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = 'lms'") ]]; then
    "$psql" "$url/postgres" -qc 'CREATE DATABASE lms' >/dev/null
  fi
}

pg_stop() {
  pg_running || return 0
  log "stopping postgres"
  as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast -w -t 60 stop >/dev/null
}

# --------------------------------------------------------------------- MinIO

minio_pid() {
  local pid
  [[ -f $DIR/minio.pid ]] || return 1
  pid=$(<"$DIR/minio.pid")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "server $DIR/minio" || return 1
  echo "$pid"
}

minio_port_running() {
  local pid
  pid=$(minio_pid) || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" | sed -n '/^--address$/{n;s/.*://p;}'
}

minio_healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/minio/health/live"; }

minio_start() {
  local port=$1 console=$2 i
  [[ -x $MINIO_BIN ]] || die "$MINIO_BIN not found (run: make deps)"
  mkdir -p "$DIR/minio"
  log "minio on 127.0.0.1:$port (console $console)"
  # setsid: Ctrl-C in the terminal (make run) must not reach the server.
  # The inner bash records its own pid, then becomes minio.
  # shellcheck disable=SC2016
  env MINIO_ROOT_USER="$MINIO_USER" MINIO_ROOT_PASSWORD="$MINIO_PASSWORD" \
    MINIO_UPDATE=off MINIO_CALLHOME_ENABLE=off \
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$DIR/minio.pid" \
    "$MINIO_BIN" server "$DIR/minio" \
    --address "127.0.0.1:$port" --console-address "127.0.0.1:$console" \
    </dev/null >>"$DIR/log/minio.log" 2>&1 &
  for ((i = 0; i < 120; i++)); do
    minio_healthy "$port" 2>/dev/null && return
    if ((i > 2)) && ! minio_pid >/dev/null; then break; fi
    sleep 0.5
  done
  tail -n 20 "$DIR/log/minio.log" >&2
  die "minio did not become healthy"
}

minio_make_bucket() {
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$MINIO_USER:$MINIO_PASSWORD" \
    "http://127.0.0.1:$1/lms")
  [[ $code == 200 || $code == 409 ]] || die "creating bucket lms: HTTP $code"
}

minio_stop() {
  local pid i
  pid=$(minio_pid) || { rm -f "$DIR/minio.pid"; return 0; }
  log "stopping minio ($pid)"
  kill "$pid"
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$DIR/minio.pid"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$DIR/minio.pid"
}

# ------------------------------------------------------------------ commands

write_env() {
  local pg=$1 s3=$2 console=$3
  cat >"$DIR/stack.ports" <<EOF
PG_PORT_LAST=$pg
MINIO_PORT_LAST=$s3
CONSOLE_PORT_LAST=$console
EOF
  (
    umask 077
    cat >"$DIR/lms.env.tmp" <<EOF
# Written by scripts/stack.sh; load with: set -a; . $DIR/lms.env; set +a
# MinIO console: http://127.0.0.1:$console (user = LMS_S3_ACCESS_KEY)
LMS_DATABASE_URL=postgres://lms:$PG_PASSWORD@127.0.0.1:$pg/lms?sslmode=disable
LMS_S3_ENDPOINT=127.0.0.1:$s3
LMS_S3_ACCESS_KEY=$MINIO_USER
LMS_S3_SECRET_KEY=$MINIO_PASSWORD
LMS_S3_BUCKET=lms
LMS_S3_TLS=false
LMS_SECRET_KEY=$SECRET_KEY
LMS_DATA_DIR=$DIR
EOF
  )
  mv "$DIR/lms.env.tmp" "$DIR/lms.env"
}

cmd_start() {
  [[ $# -ge 1 ]] || die "usage: stack.sh start DIR [--pg-port N] [--minio-port N] [--console-port N] [--fast]"
  DIR=$(abs_dir "$1"); shift
  local want_pg=0 want_s3=0 want_console=0 fast=0
  while [[ $# -gt 0 ]]; do
    case $1 in
      --pg-port) want_pg=$2; shift 2 ;;
      --minio-port) want_s3=$2; shift 2 ;;
      --console-port) want_console=$2; shift 2 ;;
      --fast) fast=1; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  mkdir -p "$DIR/log"
  load_state
  ensure_secrets

  # Ports first, so that a taken port fails before anything starts.
  local pg="" s3="" console="" pg_up=0 s3_up=0
  if pg_running; then
    pg_up=1
    pg=$(pg_port_running)
    log "postgres already running on 127.0.0.1:$pg"
    [[ $want_pg == 0 || $want_pg == "$pg" ]] || log "warning: asked for port $want_pg; run stack.sh stop $DIR first to change it"
  else
    pg=$(choose_port "$want_pg" "$PG_PORT_LAST")
  fi
  TAKEN+="$pg "
  if s3=$(minio_port_running) && [[ -n $s3 ]] && minio_healthy "$s3"; then
    s3_up=1
    console=$CONSOLE_PORT_LAST
    log "minio already running on 127.0.0.1:$s3"
    [[ $want_s3 == 0 || $want_s3 == "$s3" ]] || log "warning: asked for port $want_s3; run stack.sh stop $DIR first to change it"
  else
    minio_stop
    s3=$(choose_port "$want_s3" "$MINIO_PORT_LAST")
    TAKEN+="$s3 "
    console=$(choose_port "$want_console" "$CONSOLE_PORT_LAST")
  fi

  if ((!pg_up)); then
    pg_init
    pg_start "$pg" "$fast"
  fi
  pg_create_db "$pg"
  ((s3_up)) || minio_start "$s3" "$console"
  minio_make_bucket "$s3"
  write_env "$pg" "$s3" "$console"
  log "ready: $DIR/lms.env"
}

cmd_stop() {
  [[ $# -eq 1 ]] || die "usage: stack.sh stop DIR"
  [[ -d $1 ]] || return 0
  DIR=$(cd "$1" && pwd)
  minio_stop
  pg_stop
}

cmd_status() {
  [[ $# -eq 1 ]] || die "usage: stack.sh status DIR"
  [[ -d $1 ]] || die "$1: no such folder"
  DIR=$(cd "$1" && pwd)
  local rc=0 p
  if pg_running; then echo "postgres: running on 127.0.0.1:$(pg_port_running)"; else echo "postgres: stopped"; rc=3; fi
  if p=$(minio_port_running); then echo "minio:    running on 127.0.0.1:$p (pid $(minio_pid))"; else echo "minio:    stopped"; rc=3; fi
  return $rc
}

cmd_env() {
  [[ $# -eq 1 ]] || die "usage: stack.sh env DIR"
  [[ -f $1/lms.env ]] || die "$1/lms.env not found (run: stack.sh start $1)"
  cat "$1/lms.env"
}

exec_cleanup() {
  DIR=$1
  minio_stop || true
  pg_stop || true
  rm -rf "$1"
}

cmd_exec() {
  local fast=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --fast) fast=(--fast); shift ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  [[ $# -ge 1 ]] || die "usage: stack.sh exec [--fast] -- CMD [ARG...]"
  local tmp
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/lms-stack.XXXXXX")
  chmod 755 "$tmp"
  # shellcheck disable=SC2064 # expand $tmp now
  trap "exec_cleanup '$tmp'" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cmd_start "$tmp" "${fast[@]}"
  set -a
  # shellcheck disable=SC1091
  . "$tmp/lms.env"
  set +a
  local rc=0
  "$@" || rc=$?
  return $rc
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    exec) cmd_exec "$@" ;;
    free-port) free_port ;;
    *) sed -n '2,19s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
  esac
}

main "$@"
