-- wrk script: prints "PCT p50 p95 p99 max" in milliseconds once the run is done (wrk --latency shows no p95).
done = function(summary, latency, requests)
  io.write(string.format("PCT %.2f %.2f %.2f %.2f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
