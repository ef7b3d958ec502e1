#!/usr/bin/env bash
# Stops the broker that scripts/kafka/start.sh started; does nothing when none runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PID_FILE="${ROOT}/.kafka/broker.pid"
GRACE_S="${KAFKA_STOP_GRACE_S:-30}"

if [[ ! -f "${PID_FILE}" ]]; then
  echo "kafka: not running"
  exit 0
fi
pid="$(cat "${PID_FILE}")"
if ! kill -0 "${pid}" 2>/dev/null; then
  echo "kafka: not running (stale pid file removed)"
  rm -f "${PID_FILE}"
  exit 0
fi

echo "kafka: stopping pid ${pid}"
kill -TERM "${pid}"
for ((waited = 0; waited < GRACE_S; waited++)); do
  kill -0 "${pid}" 2>/dev/null || break
  sleep 1
done
if kill -0 "${pid}" 2>/dev/null; then
  echo "kafka: still running after ${GRACE_S} s, killing"
  kill -KILL "${pid}"
fi
rm -f "${PID_FILE}"
echo "kafka: stopped"
