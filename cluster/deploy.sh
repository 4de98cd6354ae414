#!/usr/bin/env bash
# Deploys Helios to the Kubernetes cluster of the current kubectl context, from nothing to
# https://bid.<domain>/bid and https://dashboard.<domain>. Run from anywhere: `npm run deploy` or
# `bash cluster/deploy.sh`. Safe to run again: every step applies declaratively or is skipped when done.
#
# What it does, in order (the README's "Deploying to Knative" explains each step):
#   1. the namespaces; the pinned releases of cert-manager, Knative Serving + Kourier, Knative Eventing,
#      eventing-kafka-broker (controller, KafkaSource, KafkaSink, Kafka Broker) and the Strimzi operator
#   2. cluster/k8s/*.yaml in file-name order, with the eventing/*.yaml objects and `kn func deploy` of
#      each function slotted in where their dependencies exist
#
# Required:  HELIOS_DOMAIN (bid.<domain> and dashboard.<domain> are served), HELIOS_ACME_EMAIL.
# Optional:  HELIOS_REGISTRY, HELIOS_IMAGE_TAG, HELIOS_ACME_SERVER, HELIOS_POSTGRES_PASSWORD,
#            HELIOS_REDIS_PASSWORD, HELIOS_GRAFANA_ADMIN_PASSWORD, HELIOS_DNS_WAIT_SECONDS (see the README).
# Needs:     kubectl, kn with the func plugin (`kn func`), pack, envsubst, openssl, node/npm, and a
#            logged-in container registry (`docker login` or `podman login`) for the images.
set -euo pipefail

# Pinned releases. The Knative CRD schemas the tests validate against (fixtures/knative/crds)
# come from the same minor; a test fails when these drift apart.
KNATIVE_VERSION=knative-v1.23.0
CERT_MANAGER_VERSION=v1.19.1
STRIMZI_VERSION=0.49.1

KNATIVE_SERVING=https://github.com/knative/serving/releases/download/${KNATIVE_VERSION}
KNATIVE_KOURIER=https://github.com/knative/net-kourier/releases/download/${KNATIVE_VERSION}
KNATIVE_EVENTING=https://github.com/knative/eventing/releases/download/${KNATIVE_VERSION}
KNATIVE_KAFKA=https://github.com/knative-extensions/eventing-kafka-broker/releases/download/${KNATIVE_VERSION}
CERT_MANAGER=https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}
STRIMZI=https://github.com/strimzi/strimzi-kafka-operator/releases/download/${STRIMZI_VERSION}

# The functions deployed by `kn func deploy`; profile is a Knative Service manifest (cluster/k8s/60-profile.yaml).
FUNCTIONS=(ingest bidder auction analytics)

# The only variables envsubst replaces in the manifests: anything else that looks like $X stays as is.
# shellcheck disable=SC2016 # envsubst wants the names literally, unexpanded.
TEMPLATE_VARIABLES='${HELIOS_DOMAIN} ${HELIOS_ACME_EMAIL} ${HELIOS_ACME_SERVER} ${HELIOS_REGISTRY} ${HELIOS_IMAGE_TAG} ${HELIOS_POSTGRES_PASSWORD} ${HELIOS_REDIS_PASSWORD} ${HELIOS_GRAFANA_ADMIN_PASSWORD}'

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'deploy: %s\n' "$*" >&2; exit 1; }

require_tools() {
  local tool
  for tool in kubectl kn pack envsubst openssl npm base64; do
    command -v "$tool" >/dev/null || fail "$tool is not on PATH (see the README, Deploying to Knative)"
  done
  kn func version >/dev/null 2>&1 || fail 'the kn func plugin is missing (see the README, Deploying to Knative)'
  kubectl version >/dev/null || fail 'kubectl cannot reach a cluster: check the current context'
}

# A password already in the cluster is kept: Postgres sets its password only when it first creates the
# database, so a new one on a second run would lock every client out.
existing_secret() {
  kubectl -n helios get secret "$1" -o "jsonpath={.data.$2}" 2>/dev/null | base64 -d 2>/dev/null || true
}

password_for() {
  local value="$1" secret="$2" key="$3"
  if [[ -z "$value" ]]; then value="$(existing_secret "$secret" "$key")"; fi
  if [[ -z "$value" ]]; then value="$(openssl rand -hex 24)"; fi
  # Passwords are embedded in DATABASE_URL and REDIS_URL: refuse what would need URL escaping.
  [[ "$value" =~ ^[A-Za-z0-9._~-]+$ ]] || fail "the $secret password must be URL-safe ([A-Za-z0-9._~-])"
  printf '%s' "$value"
}

read_settings() {
  : "${HELIOS_DOMAIN:?set HELIOS_DOMAIN: bid.\$HELIOS_DOMAIN and dashboard.\$HELIOS_DOMAIN will be served}"
  : "${HELIOS_ACME_EMAIL:?set HELIOS_ACME_EMAIL: the ACME account address, told about expiring certificates}"
  export HELIOS_DOMAIN HELIOS_ACME_EMAIL
  export HELIOS_ACME_SERVER="${HELIOS_ACME_SERVER:-https://acme-v02.api.letsencrypt.org/directory}"
  export HELIOS_REGISTRY="${HELIOS_REGISTRY:-ghcr.io/helios-rtb}"
  export HELIOS_IMAGE_TAG="${HELIOS_IMAGE_TAG:-$(git rev-parse --short HEAD 2>/dev/null || date +%Y%m%d%H%M%S)}"
  HELIOS_POSTGRES_PASSWORD="$(password_for "${HELIOS_POSTGRES_PASSWORD:-}" helios-postgres POSTGRES_PASSWORD)"
  HELIOS_REDIS_PASSWORD="$(password_for "${HELIOS_REDIS_PASSWORD:-}" helios-redis REDIS_PASSWORD)"
  HELIOS_GRAFANA_ADMIN_PASSWORD="$(password_for "${HELIOS_GRAFANA_ADMIN_PASSWORD:-}" helios-grafana GF_SECURITY_ADMIN_PASSWORD)"
  export HELIOS_POSTGRES_PASSWORD HELIOS_REDIS_PASSWORD HELIOS_GRAFANA_ADMIN_PASSWORD
}

# Fills the ${HELIOS_...} placeholders of one manifest and applies it. Server-side apply: the ConfigMaps
# of 10-knative-config.yaml then set only their own keys in the releases' ConfigMaps.
apply_file() {
  envsubst "$TEMPLATE_VARIABLES" <"$1" | kubectl apply --server-side --force-conflicts --field-manager=helios -f -
}

# A release manifest, by URL. Server-side too: the Strimzi CRDs are larger than client-side apply's
# last-applied annotation allows.
apply_release() {
  kubectl apply --server-side --force-conflicts --field-manager=helios -f "$1"
}

wait_for_deployments() {
  kubectl -n "$1" wait deployment --all --for=condition=Available --timeout=10m
}

image_of() { printf '%s/%s:%s' "$HELIOS_REGISTRY" "$1" "$HELIOS_IMAGE_TAG"; }

install_releases() {
  log "cert-manager ${CERT_MANAGER_VERSION}"
  apply_release "${CERT_MANAGER}/cert-manager.yaml"
  wait_for_deployments cert-manager

  log "Knative Serving ${KNATIVE_VERSION} with Kourier"
  apply_release "${KNATIVE_SERVING}/serving-crds.yaml"
  apply_release "${KNATIVE_SERVING}/serving-core.yaml"
  apply_release "${KNATIVE_KOURIER}/kourier.yaml"
  wait_for_deployments knative-serving
  wait_for_deployments kourier-system

  log "Knative Eventing ${KNATIVE_VERSION} with eventing-kafka-broker"
  apply_release "${KNATIVE_EVENTING}/eventing-crds.yaml"
  apply_release "${KNATIVE_EVENTING}/eventing-core.yaml"
  apply_release "${KNATIVE_KAFKA}/eventing-kafka-controller.yaml"
  apply_release "${KNATIVE_KAFKA}/eventing-kafka-source.yaml"
  apply_release "${KNATIVE_KAFKA}/eventing-kafka-sink.yaml"
  apply_release "${KNATIVE_KAFKA}/eventing-kafka-broker.yaml"
  wait_for_deployments knative-eventing

  log "Strimzi ${STRIMZI_VERSION} operator in namespace kafka"
  # The release's RoleBindings name the namespace `myproject`: point them at `kafka`.
  curl -fsSL "${STRIMZI}/strimzi-cluster-operator-${STRIMZI_VERSION}.yaml" |
    sed 's/namespace: myproject/namespace: kafka/' |
    kubectl -n kafka apply --server-side --force-conflicts --field-manager=helios -f -
  wait_for_deployments kafka
}

build_images() {
  log "building the function bundles (npm run build) and images (buildpacks), tag ${HELIOS_IMAGE_TAG}"
  npm run build
  local name
  for name in "${FUNCTIONS[@]}" profile; do
    kn func build --path "functions/${name}" --image "$(image_of "$name")" --push
  done
  # The dashboard is not a function, so pack builds it directly, with the builder kn func uses.
  pack build "$(image_of dashboard)" --path . --builder ghcr.io/knative/builder-jammy-base \
    --env BP_NODE_PROJECT_PATH=dashboard --env BP_NODE_RUN_SCRIPTS=build --publish
}

deploy_functions() {
  local name
  for name in "${FUNCTIONS[@]}"; do
    kn func deploy --path "functions/${name}" --image "$(image_of "$name")" --build=false --push=false
  done
}

# cert-manager's HTTP-01 challenge fails while the names do not resolve to Kourier yet, and then backs
# off for an hour: wait for DNS before creating the DomainMappings.
wait_for_dns() {
  local address waited=0 limit="${HELIOS_DNS_WAIT_SECONDS:-900}" host
  address="$(kubectl -n kourier-system get service kourier \
    -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}')"
  log "Kourier's external address: ${address:-<pending>}. Point bid.${HELIOS_DOMAIN} and dashboard.${HELIOS_DOMAIN} at it."
  for host in "bid.${HELIOS_DOMAIN}" "dashboard.${HELIOS_DOMAIN}"; do
    until getent hosts "$host" >/dev/null; do
      ((waited >= limit)) && fail "$host does not resolve yet; create its DNS record and run this script again"
      sleep 15
      waited=$((waited + 15))
    done
  done
}

main() {
  require_tools
  read_settings

  log 'namespaces'
  apply_file cluster/k8s/00-namespaces.yaml
  install_releases

  log 'Knative and cert-manager configuration'
  apply_file cluster/k8s/10-knative-config.yaml
  apply_file cluster/k8s/11-cert-manager-issuer.yaml
  # The Serving controller reads config-certmanager at start.
  kubectl -n knative-serving rollout restart deployment/controller
  wait_for_deployments knative-serving

  log 'Kafka cluster and topics'
  apply_file cluster/k8s/20-kafka.yaml
  kubectl -n kafka wait kafka/helios --for=condition=Ready --timeout=20m
  apply_file cluster/k8s/21-kafka-topics.yaml
  kubectl -n kafka wait kafkatopic --all --for=condition=Ready --timeout=5m

  log 'Secrets, configuration, Postgres and Redis'
  apply_file cluster/k8s/30-secrets.yaml
  apply_file cluster/k8s/31-config.yaml
  apply_file cluster/k8s/40-postgres.yaml
  apply_file cluster/k8s/41-redis.yaml
  kubectl -n helios rollout status statefulset/postgres --timeout=10m
  kubectl -n helios rollout status statefulset/redis --timeout=10m

  build_images

  log 'database migrations'
  # A Job's pod template cannot change: replace the previous run.
  kubectl -n helios delete job analytics-migrate --ignore-not-found
  apply_file cluster/k8s/50-analytics-migrate.yaml
  kubectl -n helios wait job/analytics-migrate --for=condition=Complete --timeout=10m

  log 'profile and dashboard'
  apply_file cluster/k8s/60-profile.yaml
  apply_file cluster/k8s/61-dashboard.yaml
  kubectl -n helios wait ksvc/profile --for=condition=Ready --timeout=10m

  log 'eventing: KafkaSinks and SinkBindings, then the functions, then what feeds them'
  apply_file eventing/kafka-sinks.yaml
  apply_file eventing/sink-bindings.yaml
  deploy_functions
  apply_file eventing/kafka-sources.yaml
  apply_file eventing/broker.yaml
  apply_file eventing/bid-requests.yaml

  log 'public names'
  wait_for_dns
  apply_file cluster/k8s/70-domain-mappings.yaml

  log 'Prometheus and Grafana'
  apply_file cluster/k8s/80-prometheus.yaml
  kubectl -n helios create configmap grafana-dashboards --from-file=cluster/k8s/dashboards/ \
    --dry-run=client -o yaml | kubectl apply --server-side --force-conflicts --field-manager=helios -f -
  apply_file cluster/k8s/81-grafana.yaml
  # Pick up a changed scrape configuration or dashboard.
  kubectl -n helios rollout restart statefulset/prometheus deployment/grafana

  kubectl -n helios wait domainmapping --all --for=condition=Ready --timeout=15m
  log "Helios is up:
  curl -X POST https://bid.${HELIOS_DOMAIN}/bid -H 'content-type: application/json' -d @<bid request>
  open https://dashboard.${HELIOS_DOMAIN}/
  kubectl -n helios port-forward svc/grafana 3000   # Grafana, user admin, password in Secret helios-grafana"
}

main "$@"
