-- wrk script for the heartbeat benchmark: each request is the next
-- heartbeat of the next simulated learner (round robin within a thread).
-- Learners play honestly: the interval they report is the whole seconds
-- of wall-clock time since their previous heartbeat, of a lecture whose
-- segments they fetched (cmd/lmsload records that), from the start and
-- again from the start at its end.
--   wrk -s scripts/heartbeat.lua URL -- LEARNERS_FILE THREAD_COUNT
-- wrk shares the machine with the server, so each learner's request line
-- and headers are built once and only the body is formatted per request.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  local host = wrk.headers["Host"] or (wrk.host .. ":" .. wrk.port)
  learners = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then
      local token, lesson, seconds = line:match("^(%S+)%s+(%d+)%s+(%d+)$")
      table.insert(learners, {seq = 0, pos = 0, last = 0, len = tonumber(seconds),
        pb = "wrk" .. id .. "-" .. i .. "-" .. os.time(),
        head = "POST /api/v1/lessons/" .. lesson .. "/heartbeat HTTP/1.1\r\nHost: " .. host ..
          "\r\nContent-Type: application/json\r\nAuthorization: Bearer " .. token ..
          "\r\nContent-Length: "})
    end
    i = i + 1
  end
  next_learner = 1
end

function request()
  local l = learners[next_learner]
  next_learner = next_learner % #learners + 1
  local now = os.time()
  l.seq = l.seq + 1
  local played = ""
  if l.last > 0 and now > l.last then
    local stop = math.min(l.pos + (now - l.last), l.len)
    played = string.format('[{"start":%d,"end":%d}]', l.pos, stop)
    l.pos = stop
    if l.pos >= l.len then l.pos = 0 end
  else
    played = "[]"
  end
  if l.last == 0 or now > l.last then l.last = now end
  local body = string.format(
    '{"playback_id":"%s","seq":%d,"position":%d,"played":%s,"rate":1,"visible":true}',
    l.pb, l.seq, l.pos, played)
  return l.head .. #body .. "\r\n\r\n" .. body
end
