-- wrk script for bench/scale_bench.py: requests paths read from the file named by WRK_PATHS
-- (one per line, chosen at random), with an optional "Name: value" header in WRK_HEADER, and
-- prints one JSON line of figures at the end.
local paths = {}
local header_name, header_value

function init(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  local header = os.getenv("WRK_HEADER") or ""
  header_name, header_value = header:match("^([^:]+):%s*(.*)$")
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local headers = {}
  if header_name then headers[header_name] = header_value end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
