-- Writes a file in the preopened /sandbox, reads it back, and shows env and arguments.
print("hello from lua", _VERSION)
local f = assert(io.open("/sandbox/out.txt", "w"))
for i = 1, 5 do f:write(string.format("line %d %g\n", i, i / 3)) end
f:close()
for l in io.lines("/sandbox/out.txt") do io.write("[", l, "]\n") end
print(os.getenv("GREETING"), #arg, arg[1])
