#!/usr/bin/env bash
# The metrics API under load, beside nginx serving the same bytes: wrk against
#   GET /apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections
# on `erlmcp-autoscaler serve` (Release; demo source with 20, then 1,000 pods; authorization AlwaysAllow and no
# client CA, i.e. anonymous: the HPA's own requests also pay for a client certificate check and an authorizer), and
# against nginx serving that response body as a static file over TLS with the same kind of certificate (ECDSA P-256)
# on the same machine in the same run. Goal: p99 < 2 ms at 1,000 pods and at least half nginx's requests/s.
# Usage: bench/metrics-api/run.sh [duration, default 20s] [connections, default 32; 1 shows the latency of one
# request with no queue, as an HPA sees it: one request per HPA per sync]. Needs root to install nginx if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20s}
connections=${2:-32}
threads=$(( connections < 2 ? 1 : 2 ))
command -v wrk >/dev/null || { echo "wrk is required" >&2; exit 1; }
if ! command -v nginx >/dev/null; then
  apt-get install -y nginx-light >/dev/null 2>&1 || apt-get install -y nginx >/dev/null
fi

dotnet build src/Erlmcp.Autoscaler -c Release -v quiet -nologo >/dev/null
cli=(dotnet src/Erlmcp.Autoscaler/bin/Release/net10.0/erlmcp-autoscaler.dll)
work=$(mktemp -d)
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

api_port=16443
nginx_port=16444
path=/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections

# nginx's certificate: an ECDSA P-256 authority and serving certificate, as the server generates for itself.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=bench-ca \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
  -keyout "$work/nginx.key" -out "$work/nginx.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$work/san.ext"
openssl x509 -req -in "$work/nginx.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/san.ext" -out "$work/nginx.crt" 2>/dev/null
mkdir -p "$work/www" "$work/nginx"
# nginx's workers run as an unprivileged user: let them read the served file.
chmod 755 "$work" "$work/www"
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $work/nginx.crt;
    ssl_certificate_key $work/nginx.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/www;
    location = /pods.json { default_type application/json; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -s --cacert "$work/ca.crt" -o /dev/null "https://127.0.0.1:$nginx_port/" && break
  sleep 0.1
done

# wrk prints "Requests/sec: N" and, with --latency, "50% 1.23ms" lines; normalise latencies to ms.
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%10.0f %9.3f %9.3f %9.3f %s", rps, p50, p90, p99, (bad ? "non-2xx:" bad : "") }'
}

printf '%-6s %-26s %10s %9s %9s %9s\n' pods server "req/s" "p50 ms" "p90 ms" "p99 ms"
for pods in 20 1000; do
  ERLMCP_AUTOSCALER_Keda__Enabled=false ERLMCP_AUTOSCALER_Observability__MetricsPort=16090 \
    "${cli[@]}" serve --demo --demo-pods "$pods" --bind-address 127.0.0.1 --secure-port "$api_port" \
    --self-signed-ca-file "$work/api-ca.crt" --authorization-mode AlwaysAllow >"$work/serve-$pods.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf --cacert "$work/api-ca.crt" "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  # The demo source records its pods as it starts: wait until all of them are served.
  for _ in $(seq 1 50); do
    curl -sf --cacert "$work/api-ca.crt" "https://127.0.0.1:$api_port$path" -o "$work/www/pods.json" || true
    [ "$(grep -o '"describedObject"' "$work/www/pods.json" | wc -l)" -eq "$pods" ] && break
    sleep 0.2
  done
  chmod 644 "$work/www/pods.json"
  bytes=$(wc -c <"$work/www/pods.json")
  curl -sf --cacert "$work/ca.crt" "https://127.0.0.1:$nginx_port/pods.json" | cmp -s - "$work/www/pods.json" \
    || { echo "nginx does not serve the response body:" >&2; cat "$work/nginx/error.log" >&2; exit 1; }

  api=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "https://127.0.0.1:$api_port$path" | summarise)
  static=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "https://127.0.0.1:$nginx_port/pods.json" | summarise)
  printf '%-6s %-26s %s\n' "$pods" "erlmcp-autoscaler" "$api"
  printf '%-6s %-26s %s\n' "$pods" "nginx (same $bytes bytes)" "$static"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
echo "wrk -t$threads -c$connections -d$duration --latency, HTTP/1.1 over TLS, keep-alive; server, nginx and wrk share $(nproc) cores"
