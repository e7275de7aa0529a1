-- wrk script for the SCORM benchmark: each request is the next commit of
-- the next simulated learner (round robin within a thread), as the golf
-- example's LMSCommit sends it at a page turn.
--   wrk -s scripts/scorm.lua URL -- LEARNERS_FILE THREAD_COUNT DELAY_MS
-- DELAY_MS paces each connection (0: as fast as it can).
math.randomseed(os.time())
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  pause = tonumber(args[3])
  local host = wrk.headers["Host"] or (wrk.host .. ":" .. wrk.port)
  suspend = string.rep("p3q1a2;", 300) -- ~2 KB, as quiz-heavy packages keep
  learners = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then
      local token, lesson, sco = line:match("^(%S+)%s+(%d+)%s+(%d+)$")
      table.insert(learners, {seq = 0, page = 0, session = "wrk" .. id .. "-" .. i .. "-" .. os.time(),
        head = "POST /api/v1/scorm/" .. lesson .. "/scos/" .. sco .. "/commit HTTP/1.1\r\nHost: " .. host ..
          "\r\nContent-Type: application/json\r\nAuthorization: Bearer " .. token ..
          "\r\nContent-Length: "})
    end
    i = i + 1
  end
  next_learner = 1
end

-- Learners do not commit in step: each wait is drawn uniformly from
-- [0, 2 × DELAY_MS], so a connection's mean rate is one per DELAY_MS
-- and the connections drift apart instead of firing together each second.
function delay()
  if pause == 0 then return 0 end
  return math.random(0, 2 * pause)
end

function request()
  local l = learners[next_learner]
  next_learner = next_learner % #learners + 1
  l.seq = l.seq + 1
  l.page = (l.page + 1) % 16
  local body = string.format(
    '{"session":"%s","seq":%d,"values":[["cmi.core.lesson_location","%d"],["cmi.core.lesson_status","incomplete"],' ..
    '["cmi.suspend_data","%s%d"],["cmi.core.session_time","0000:00:10.00"]]}',
    l.session, l.seq, l.page, suspend, l.seq)
  return l.head .. #body .. "\r\n\r\n" .. body
end
