-- wrk script: POST /v1/checkins, each request with the next of many pre-minted user tokens
-- (TOKENS_FILE, one JWT per line), so that most requests are first check-ins (201) rather
-- than heartbeats (200). Thread i of n takes tokens i, i+n, i+2n...; counts statuses.
local tokens = {}
local threads = {}
local nthreads = 0

function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("TOKENS_FILE"), "r"))
  for line in f:lines() do tokens[#tokens + 1] = line end
  f:close()
  step = tonumber(os.getenv("WRK_THREADS") or "2")
  pos = tid - step
  c200, c201, cother = 0, 0, 0
end

function request()
  pos = pos + step
  if pos > #tokens then pos = tid end
  return wrk.format("POST", "/v1/checkins",
                    {["Authorization"] = "Bearer " .. tokens[pos]}, nil)
end

function response(status, headers, body)
  if status == 201 then c201 = c201 + 1
  elseif status == 200 then c200 = c200 + 1
  else cother = cother + 1 end
end

function done(summary, latency, requests)
  local a, b, o = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("c201"); b = b + t:get("c200"); o = o + t:get("cother")
  end
  io.write(string.format("statuses: 201=%d 200=%d other=%d\n", a, b, o))
end
