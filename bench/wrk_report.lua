-- Cycles through the paths listed in the file given after `--`, and prints the run's figures
-- as one JSON line for the harness to read. live_report.lua builds on this file.
local paths = {}
local index = 0

function init(args)
  local file = io.open(args[1], "r")
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

-- The JSON line; `extra` (fields with a trailing ", ") goes after the byte count.
function report(summary, latency, extra)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, %s' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, extra,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end

function done(summary, latency, requests)
  report(summary, latency, "")
end
