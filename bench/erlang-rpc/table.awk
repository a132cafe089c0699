# Turns the drivers' result lines ("DRIVER key=value ...", several rounds) into one table of medians.
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function percents(list,    n, v, i, out) {
  n = split(list, v, " "); out = ""
  for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") sprintf("%.0f", 100 * v[i])
  return out
}
function range(list,    n, v, i, lo, hi) {
  n = split(list, v, " "); lo = hi = v[1] + 0
  for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
  return lo "-" hi
}
{
  delete f
  for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  key = $1 " " f["in_flight"]
  if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
  for (name in f) values[key, name] = values[key, name] " " f[name]
  rate_in_round[key, ++rounds_of[key]] = f["calls_per_s"]
}
END {
  print "| driver | in flight | calls/s (median) | calls/s (range) | p50 (µs) | p99 (µs) | .NET / Erlang, median (each round) |"
  print "|--------|-----------|------------------|-----------------|----------|----------|------------------------------------|"
  for (k = 1; k <= keys; k++) {
    key = order[k]; split(key, part, " ")
    rate = median(values[key, "calls_per_s"])
    # Each round's .NET rate over the Erlang rate measured just before it, under the same load; then the median.
    ratio = ""; ratios = ""
    if (part[1] == "dotnet" && ("erlang " part[2]) in seen) {
      for (r = 1; r <= rounds_of[key]; r++) ratios = ratios " " rate_in_round[key, r] / rate_in_round["erlang " part[2], r]
      ratio = sprintf("%.0f%% (%s)", 100 * median(ratios), percents(ratios))
    }
    printf "| %s | %d | %d | %s | %d | %d | %s |\n", part[1], part[2], rate, range(values[key, "calls_per_s"]),
      median(values[key, "p50_us"]), median(values[key, "p99_us"]), ratio
  }
  for (k = 1; k <= keys; k++) {
    key = order[k]
    if (values[key, "cpu_us_per_call"] != "")
      printf "%s: %.1f µs of CPU and %d bytes allocated per call (whole process, median)\n", key, median(values[key, "cpu_us_per_call"]), median(values[key, "alloc_bytes_per_call"])
  }
}
