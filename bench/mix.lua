-- A mixed read load for the memory check: API pages of several sizes and depths, pages, 304s.
local paths = {}
for page = 1, 40 do
  paths[#paths + 1] = "/api/v1/priorities/?page_size=50&page=" .. page
end
for plan = 1, 40 do
  paths[#paths + 1] = "/work-plans/demo-work-plan-" .. plan .. "/"
end
paths[#paths + 1] = "/"
paths[#paths + 1] = "/meetings/"
paths[#paths + 1] = "/forums/"
paths[#paths + 1] = "/api/v1/forums/"
paths[#paths + 1] = "/healthz"

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
