#!/usr/bin/env bash
# Makes a private CA and a serving certificate for the autoscaler's Services with openssl, into generated/:
#   tls.crt, tls.key   the serving certificate and key (the secretGenerator's kubernetes.io/tls Secret)
#   ca.crt             the CA certificate (also in the Secret, for KEDA's TriggerAuthentication)
#   apiservice-cabundle.yaml  a patch setting the three APIServices' caBundle to ca.crt
# The CA's private key is deleted once it has signed: rotating means running this again (a new CA and
# certificate) and re-applying the overlay. Usage: generate.sh [--days N] (default 365).
set -euo pipefail

days=365
while [ $# -gt 0 ]; do
  case "$1" in
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "generate.sh: unknown argument '$1' (expected --days N)" >&2; exit 2 ;;
  esac
done
case "$days" in
  ''|*[!0-9]*) echo "generate.sh: --days '$days' is not a positive whole number" >&2; exit 2 ;;
esac

command -v openssl >/dev/null 2>&1 || { echo "generate.sh: openssl is required" >&2; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/generated"
namespace=erlmcp-autoscaler
services=(erlmcp-autoscaler-api erlmcp-autoscaler-keda)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

sans=""
for service in "${services[@]}"; do
  sans="${sans:+$sans,}DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local"
done

openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$work/ca.key" -out "$work/ca.crt" -days "$days" -subj "/CN=erlmcp-autoscaler-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$work/tls.key" -out "$work/tls.csr" -subj "/CN=erlmcp-autoscaler-api.$namespace.svc" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
  "$sans" > "$work/serving.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -out "$work/tls.crt" -days "$days" -extfile "$work/serving.ext" 2>/dev/null
openssl verify -CAfile "$work/ca.crt" "$work/tls.crt" >/dev/null

mkdir -p "$out"
cp "$work/tls.crt" "$work/tls.key" "$work/ca.crt" "$out/"
bundle="$(base64 < "$work/ca.crt" | tr -d '\n')"
{
  echo "# Written by generate.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ): the generated CA as the APIServices' caBundle."
  first=1
  for apiservice in v1beta2.custom.metrics.k8s.io v1beta1.custom.metrics.k8s.io v1beta1.external.metrics.k8s.io; do
    [ $first -eq 1 ] || echo "---"
    first=0
    printf 'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: %s\nspec:\n  caBundle: %s\n' "$apiservice" "$bundle"
  done
} > "$out/apiservice-cabundle.yaml"
echo "generate.sh: wrote $out (CA and serving certificate valid for $days days; SANs $sans)"
