#!/usr/bin/env python3
"""Freshness driver: changes one node's open client connections at a time and measures how long the metrics API
takes to serve the new count.

  freshness.py API_URL CA_FILE NAMESPACE ITERATIONS POD=LISTENER_PORT...

Each iteration picks the next pod in turn, opens or closes a random number (1-10) of TCP connections to its node's
echo listener, and polls GET {API_URL}/apis/custom.metrics.k8s.io/v1beta2/namespaces/NAMESPACE/pods/*/erlmcp_connections
over one keep-alive HTTPS connection until that pod's value is the new count. The time is taken from just before the
first connect or close to the response that shows the value. Prints one line per 10 iterations to stderr and the
summary (p50, p90, p99, max, in ms) to stdout.
"""
import http.client
import json
import random
import socket
import ssl
import sys
import time
import urllib.parse

PATIENCE_S = 30.0


def quantity(text):
    """A Kubernetes quantity in canonical form as served for connection counts: an integer, maybe with k/M/G."""
    factors = {"k": 10**3, "M": 10**6, "G": 10**9}
    return int(text[:-1]) * factors[text[-1]] if text[-1] in factors else int(text)


class Api:
    def __init__(self, url, ca_file, namespace):
        parsed = urllib.parse.urlparse(url)
        context = ssl.create_default_context(cafile=ca_file)
        self.connection = http.client.HTTPSConnection(parsed.hostname, parsed.port, context=context)
        self.path = f"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{namespace}/pods/*/erlmcp_connections"

    def values(self):
        """Pod name -> connections; empty when no pod has a fresh value (the API answers 404 then)."""
        self.connection.request("GET", self.path)
        response = self.connection.getresponse()
        body = response.read()
        if response.status == 404:
            return {}
        if response.status != 200:
            raise RuntimeError(f"GET {self.path}: {response.status} {body[:300]!r}")
        return {item["describedObject"]["name"]: quantity(item["value"]) for item in json.loads(body)["items"]}

    def wait_for(self, pod, expected):
        deadline = time.perf_counter() + PATIENCE_S
        while True:
            values = self.values()
            if values.get(pod) == expected:
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise RuntimeError(f"pod {pod} still shows {values.get(pod)} after {PATIENCE_S} s, expected {expected}")


def percentile(sorted_values, p):
    """Nearest rank."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def main():
    url, ca_file, namespace, iterations = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ports = dict((pod, int(port)) for pod, port in (arg.split("=") for arg in sys.argv[5:]))
    pods = sorted(ports)
    api = Api(url, ca_file, namespace)
    open_connections = {pod: [] for pod in pods}
    random.seed(20261126)
    for pod in pods:
        api.wait_for(pod, 0)

    latencies = []
    for i in range(iterations):
        pod = pods[i % len(pods)]
        held = open_connections[pod]
        change = random.randint(1, 10)
        opening = len(held) < change or random.random() < 0.5
        started = time.perf_counter()
        if opening:
            for _ in range(change):
                held.append(socket.create_connection(("127.0.0.1", ports[pod])))
        else:
            for _ in range(change):
                held.pop().close()
        seen = api.wait_for(pod, len(held))
        latencies.append((seen - started) * 1000)
        if (i + 1) % 10 == 0:
            print(f"{i + 1}/{iterations}: last {latencies[-1]:.0f} ms", file=sys.stderr)
        time.sleep(random.uniform(0.0, 0.3))

    ordered = sorted(latencies)
    print(f"changes={len(ordered)} p50={percentile(ordered, 50):.0f}ms p90={percentile(ordered, 90):.0f}ms "
          f"p99={percentile(ordered, 99):.0f}ms max={ordered[-1]:.0f}ms mean={sum(ordered) / len(ordered):.0f}ms")


if __name__ == "__main__":
    main()
