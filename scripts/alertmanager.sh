#!/usr/bin/env bash
# A private Alertmanager (Debian's prometheus-alertmanager) for the `service` tests (tests/analyze_service):
# 127.0.0.1:19093 only, clustering off, its config, data and log in DIR. The config groups by alertname
# and network with short waits (so a test sees grouping and resolution in seconds) and sends every group
# to a webhook receiver on 127.0.0.1:19094 that a test may run (nothing listens there otherwise; the
# failed notifications are only logged). Never touches a system service.
#
#   scripts/alertmanager.sh start DIR    start it (no-op when it already runs); waits until it is ready
#   scripts/alertmanager.sh stop DIR     stop it and wait until it has exited
#   scripts/alertmanager.sh status DIR   exit 0 and say so when it answers, 1 otherwise
#
# Environment: NETKEEL_ALERTMANAGER_PORT (19093), NETKEEL_ALERTMANAGER_WEBHOOK_PORT (19094),
# NETKEEL_ALERTMANAGER_START_TIMEOUT (30 s), ALERTMANAGER (prometheus-alertmanager on PATH).
set -euo pipefail

# shellcheck source=scripts/pidfile_service.sh
source "$(dirname "${BASH_SOURCE[0]}")/pidfile_service.sh"

service_arguments alertmanager "$@"

port=${NETKEEL_ALERTMANAGER_PORT:-19093}
webhook_port=${NETKEEL_ALERTMANAGER_WEBHOOK_PORT:-19094}
start_timeout=${NETKEEL_ALERTMANAGER_START_TIMEOUT:-30}
alertmanager=${ALERTMANAGER:-$(command -v prometheus-alertmanager || echo /usr/bin/prometheus-alertmanager)}
url="http://127.0.0.1:${port}"

answers() {
  curl -sf --max-time 2 "$url/-/ready" >/dev/null 2>&1
}

start() {
  if pid_of_service >/dev/null; then
    echo "alertmanager: already running (pid $(pid_of_service)), $url"
    return 0
  fi
  if [[ ! -x $alertmanager ]]; then
    echo "alertmanager: $alertmanager not found; install prometheus-alertmanager (scripts/install-deps.sh)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -rf "$dir/data"  # no silences or notification log from an earlier run
  cat >"$dir/alertmanager.yml" <<CONFIG
route:
  receiver: test-webhook
  group_by: [alertname, network]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: test-webhook
    webhook_configs:
      - url: http://127.0.0.1:${webhook_port}/
        send_resolved: true
CONFIG
  launch_and_wait "$dir/alertmanager.log" "$start_timeout" "$url" "$alertmanager" \
    --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" \
    --web.listen-address="127.0.0.1:${port}" --cluster.listen-address=""
}

run_service_action "$url"
