-- Builds on wrk_report.lua (read from the same folder), and counts the responses served as kept
-- by the page cache (X-Page-Cache: hit or miss, or none). A Cookie header given with -H signs
-- every request in as one member.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_report.lua")

local threads = {}
local read_paths = init

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  read_paths(args)
  hits = 0
  misses = 0
  others = 0
end

function response(status, headers, body)
  local kept = headers["X-Page-Cache"] or headers["x-page-cache"]
  if kept == "hit" then hits = hits + 1 elseif kept == "miss" then misses = misses + 1 else others = others + 1 end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
  end
  report(summary, latency, string.format('"kept": {"hit": %d, "miss": %d, "none": %d}, ', h, m, o))
end
