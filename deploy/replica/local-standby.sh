#!/usr/bin/env bash
# A PostgreSQL hot standby of this machine's cluster (Debian's postgresql-common), streaming
# from the primary on 127.0.0.1:5432, for the replica test and for trying replicas locally.
#
#   deploy/replica/local-standby.sh          # make it if missing, start it; prints its URL
#   deploy/replica/local-standby.sh remove   # stop and drop it
#
# It allows replication connections from 127.0.0.1 on the primary (trust, as the primary's
# other local connections on this machine), then copies the primary with pg_basebackup -R,
# which writes the standby's primary_conninfo and standby.signal. Needs root.
set -euo pipefail
VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-standby}"
HBA="/etc/postgresql/$VERSION/main/pg_hba.conf"
DATA="/var/lib/postgresql/$VERSION/$NAME"

exists() { pg_lsclusters -h | awk '{print $2}' | grep -qx "$NAME"; }

if [ "${1:-}" = "remove" ]; then
  if exists; then pg_dropcluster --stop "$VERSION" "$NAME"; fi
  exit 0
fi

# Callers capture stdout for the URL: what the tools print (and the server started here, which
# keeps the descriptors it inherits) goes to stderr, never to that pipe.
make_and_start() {
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
    echo "host replication all 127.0.0.1/32 trust" >> "$HBA"
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" main reload
  fi

  if exists && [ ! -f "$DATA/standby.signal" ]; then  # a copy that did not finish
    pg_dropcluster --stop "$VERSION" "$NAME"
  fi
  if ! exists; then
    pg_createcluster "$VERSION" "$NAME" -p "$PORT" >/dev/null
    find "$DATA" -mindepth 1 -delete  # pg_basebackup fills an empty directory
    su postgres -c "pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D '$DATA' -R -X stream -c fast"
    # The standby answers reads as soon as it has replayed the base backup, to the same
    # clients as the primary (Debian keeps each cluster's configuration apart from its data).
    echo "hot_standby = on" >> "/etc/postgresql/$VERSION/$NAME/postgresql.conf"
    cp "$HBA" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
  fi
  if ! pg_lsclusters -h | awk -v n="$NAME" '$2 == n {print $4}' | grep -q '^online'; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
  fi
}
make_and_start 1>&2

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    echo "postgres://root@127.0.0.1:$PORT"
    exit 0
  fi
  sleep 1
done
echo "the standby on port $PORT did not come up" >&2
exit 1
