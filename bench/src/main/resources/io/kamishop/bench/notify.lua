-- wrk script: sends every signed sandbox notification of a file exactly once, split over wrk's
-- threads, and reports per thread when all its answers are in. Usage:
--   wrk -t T -c C -d <limit> -s notify.lua http://host:port -- <file> <T>
-- Each line of <file> is "<JSON body>\t<hex signature>". A thread prints one line when it is done:
--   kamishop-notify <thread> <answered success> <answered otherwise> <first send µs> <last answer µs>
-- (CLOCK_MONOTONIC, comparable across threads), then stops; the harness ends wrk when every thread
-- has reported, since wrk itself would wait for its -d limit.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } kamishop_timespec;
  int clock_gettime(int clock, kamishop_timespec *tp);
]]
local timespec = ffi.new("kamishop_timespec")
local function now_us()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local created = 0
function setup(thread)
  created = created + 1
  thread:set("id", created)
end

local mine = {}
local claimed, taken, ok, failed = 0, 0, 0, 0
local first_us

function init(args)
  local path, threads = args[1], tonumber(args[2])
  local line_no = 0
  for line in io.lines(path) do
    if line_no % threads == id - 1 then
      local body, signature = line:match("^(.-)\t(%x+)$")
      mine[#mine + 1] = wrk.format("POST", "/api/payments/sandbox/notify",
        { ["Content-Type"] = "application/json", ["X-Sandbox-Signature"] = signature }, body)
    end
    line_no = line_no + 1
  end
end

-- wrk asks delay() before each request: a connection claims a notification here, or idles once
-- they are all claimed (its delay outlasts the run).
function delay()
  if claimed < #mine then
    claimed = claimed + 1
    return 0
  end
  return 3600000
end

-- Only a claimed request advances: wrk also calls request() once before the run to check its
-- format, and that one is never sent.
function request()
  if taken == claimed then
    return mine[1] or wrk.format("GET", "/healthz")
  end
  taken = taken + 1
  first_us = first_us or now_us()
  return mine[taken]
end

function response(status, headers, body)
  if status == 200 and body == "success" then
    ok = ok + 1
  else
    failed = failed + 1
  end
  if ok + failed == #mine then
    io.write(string.format("kamishop-notify %d %d %d %d %d\n", id, ok, failed, first_us, now_us()))
    io.flush()
    wrk.thread:stop()
  end
end
