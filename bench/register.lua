-- wrk script for the registration phase of bench/loadtest.sh: every request is a new person
-- registering for one workshop, from an address of its own (X-Forwarded-For, behind one trusted
-- proxy), with a CSRF cookie and the same token in the form (Django accepts the unmasked
-- secret). Arguments after `--`: the token, the workshop's slug, and a tag for this run (the
-- e-mail addresses are load-<tag>-<n>@example.org, so the checks find this run's rows).
-- Prints how many were answered 302 (registered or waiting-listed) and how many otherwise.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token, slug, tag = args[1], args[2], args[3]
  counter, redirected, other = 0, 0, 0
end

function request()
  counter = counter + 1
  local n = id * 1000000 + counter
  local body = "csrfmiddlewaretoken=" .. token
    .. "&full_name=Load+Test+" .. n
    .. "&email=load-" .. tag .. "-" .. n .. "%40example.org"
    .. "&sector=government&country=VU&consent=on&website="
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. token,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(counter / 250) % 250, counter % 250 + 1),
  }
  return wrk.format("POST", "/workshops/" .. slug .. "/register/", headers, body)
end

function response(status, headers, body)
  if status == 302 then redirected = redirected + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_redirected, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_redirected = total_redirected + thread:get("redirected")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("answered 302: %d, otherwise: %d\n", total_redirected, total_other))
end
