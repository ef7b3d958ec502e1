#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker under .kafka/ for local runs and integration tests.
# Idempotent: a broker already started here is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_HOME="${ROOT}/.kafka"
LIBS="${KAFKA_HOME}/libs"
PID_FILE="${KAFKA_HOME}/broker.pid"
LOG_FILE="${KAFKA_HOME}/broker.log"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
READY_TIMEOUT_S="${KAFKA_READY_TIMEOUT_S:-90}"

is_running() {
  [[ -f "${PID_FILE}" ]] && kill -0 "$(cat "${PID_FILE}")" 2>/dev/null
}

fetch_libs() {
  if [[ -d "${LIBS}" ]] && compgen -G "${LIBS}/kafka_2.13-*.jar" >/dev/null; then return; fi
  echo "kafka: fetching broker jars into ${LIBS}"
  mkdir -p "${LIBS}"
  mvn -q -B -f "${ROOT}/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="${LIBS}"
}

write_config() {
  mkdir -p "${KAFKA_HOME}/data"
  cat >"${KAFKA_HOME}/server.properties" <<PROPS
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${KAFKA_HOME}/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat >"${KAFKA_HOME}/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
PROPS
}

JAVA_ARGS=(-Xms256m -Xmx512m -XX:+UseG1GC -Dlog4j.configuration="file:${KAFKA_HOME}/log4j.properties" -cp "${LIBS}/*")

java_cmd() {
  java "${JAVA_ARGS[@]}" "$@"
}

format_storage_once() {
  if [[ -f "${KAFKA_HOME}/data/meta.properties" ]]; then return; fi
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  echo "kafka: formatting storage (cluster ${cluster_id})"
  java_cmd kafka.tools.StorageTool format -t "${cluster_id}" -c "${KAFKA_HOME}/server.properties" >>"${LOG_FILE}" 2>&1
}

fail() {
  echo "kafka: $1; last lines of ${LOG_FILE}:" >&2
  tail -n 40 "${LOG_FILE}" >&2 || true
  exit 1
}

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    is_running || fail "broker exited during start-up"
    if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null \
      && node "${ROOT}/scripts/kafka/await-metadata.js" "127.0.0.1:${PORT}" 2>/dev/null; then
      return
    fi
    sleep 1
  done
  fail "no answer on 127.0.0.1:${PORT} within ${READY_TIMEOUT_S} s"
}

if is_running; then
  echo "kafka: already running (pid $(cat "${PID_FILE}")) on 127.0.0.1:${PORT}"
  exit 0
fi

fetch_libs
write_config
: >"${LOG_FILE}"
format_storage_once
cd "${KAFKA_HOME}"
# setsid: the broker outlives the shell (and npm) that started it.
setsid nohup java "${JAVA_ARGS[@]}" kafka.Kafka "${KAFKA_HOME}/server.properties" >>"${LOG_FILE}" 2>&1 </dev/null &
echo $! >"${PID_FILE}"
echo "kafka: starting (pid $!), log ${LOG_FILE}"
wait_until_ready
echo "kafka: ready on 127.0.0.1:${PORT}"
