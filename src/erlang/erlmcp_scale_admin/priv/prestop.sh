#!/bin/sh
# Kubernetes preStop hook for an erlmcp pod running erlmcp_scale_admin.
#
# Waits until the autoscaler's coordinator has drained this node (GET /phase answers
# "drained" or "leaving"), or until DRAIN_DEADLINE_S seconds have passed, then returns so
# the kubelet sends SIGTERM. A scale-down made by the coordinator drains the pod before it
# deletes it, so the hook returns at once; any other deletion (rollout, eviction) gives
# the coordinator up to the deadline to shed the connections gradually.
#
#   READINESS_PORT    the agent's readiness_port (default 9091)
#   DRAIN_DEADLINE_S  keep it below terminationGracePeriodSeconds (default 120)
#   POLL_S            seconds between two looks (default 2)
# Needs curl or wget in the image.
set -u
port="${READINESS_PORT:-9091}"
deadline="${DRAIN_DEADLINE_S:-120}"
poll="${POLL_S:-2}"
url="http://127.0.0.1:${port}/phase"

phase() {
    if command -v curl >/dev/null 2>&1; then
        curl -s --max-time 2 "$url"
    else
        wget -q -T 2 -O - "$url" 2>/dev/null
    fi
}

start=$(date +%s)
while :; do
    current="$(phase)"
    case "$current" in
        drained*|leaving*)
            echo "prestop: node is ${current%%[[:space:]]*}, stopping"
            exit 0 ;;
    esac
    if [ $(( $(date +%s) - start )) -ge "$deadline" ]; then
        echo "prestop: deadline of ${deadline}s reached while ${current:-unreachable}, stopping"
        exit 0
    fi
    sleep "$poll"
done
