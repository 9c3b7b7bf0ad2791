-- Drives one endpoint of a benchmarked server, and prints the results as one line of JSON.
-- wrk ... -s endpoint.lua URL -- <get|list|create|login|filter|include|search> <api prefix>
--   <token or form body> [ids file] [path and query, for filter, include and search]
local kind, prefix, credential, ids, path
local bodies = {
  create = '{"title":"A benchmarked item","price":9.5,"in_stock":true}',
}

function init(args)
  kind, prefix, credential, path = args[1], args[2], args[3], args[5]
  if kind == "get" then
    ids = {}
    for line in io.lines(args[4]) do ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  local bearer = { Authorization = "Bearer " .. (credential or "") }
  if kind == "get" then
    return wrk.format("GET", prefix .. "/items/" .. ids[math.random(#ids)], bearer)
  elseif kind == "list" then
    return wrk.format("GET", prefix .. "/items?limit=20", bearer)
  elseif kind == "create" then
    bearer["Content-Type"] = "application/json"
    return wrk.format("POST", prefix .. "/items", bearer, bodies.create)
  elseif kind == "filter" or kind == "include" or kind == "search" then
    return wrk.format("GET", prefix .. path, bearer)
  elseif kind == "login" then
    return wrk.format("POST", prefix .. "/auth/token",
      { ["Content-Type"] = "application/x-www-form-urlencoded" }, credential)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"socket_errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
