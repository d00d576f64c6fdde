-- Arguments, environment, time formatting and the exit status.
print("argc", #arg, "script", arg[0])
for i = 1, #arg do print(i, "[" .. arg[i] .. "]") end
for _, k in ipairs({ "GREETING", "EMPTY", "EQUALS", "HOME", "PATH", "NOPE" }) do print(k, os.getenv(k)) end
print(type(os.time()), type(os.clock()), os.time({ year = 2000, month = 1, day = 1, hour = 0 }) ~= nil)
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365 + 3661), os.date("!*t", 0).year, os.time({ year = 2020, month = 2, day = 30, hour = 12 }) - os.time({ year = 2020, month = 3, day = 1, hour = 12 }))
print(os.difftime(10, 4), select("#", os.getenv("NOPE")))
io.stderr:write("to stderr\n")
io.stdout:write("flushed ", "before exit\n")
local status = tonumber(arg[1] or "0")
if arg[2] == "error" then error("failing on purpose: " .. status) end
os.exit(status)
