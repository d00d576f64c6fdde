-- File I/O in the preopened /sandbox: write, append, read formats, seek, lines, rename, remove,
-- and the failures a sandboxed program sees (missing files, paths outside every preopen).
local dir = "/sandbox/work"
local function show(...) print(select("#", ...), ...) end

-- write then append
local f = assert(io.open(dir .. "/data.txt", "w"))
f:write("alpha 1\n", "beta 22\n", 3.5, " ", 42, "\n")
f:close()
f = assert(io.open(dir .. "/data.txt", "a"))
f:write("gamma 333\n")
f:close()

-- read formats: line, number, all, count, and line with its newline
f = assert(io.open(dir .. "/data.txt", "r"))
print(f:read("l"))
print(f:read("L"))
print(f:read("n", "n"))
print(f:read(1), f:read(5))
print(f:read("a"))
print(f:read("a"), f:read("l"), f:read(0))
print("seek", f:seek("set", 6), f:read(1), f:seek("cur"), f:seek("end"), f:seek("cur", -4), f:read("l"))
f:close()
print(io.type(f), io.type(io.stdout), io.type(42))

-- io.lines with formats, and the file's own lines iterator
for a, b in io.lines(dir .. "/data.txt", 5, "l") do print("[" .. a .. "]", b) end
local n = 0
for l in assert(io.open(dir .. "/data.txt")):lines("L") do n = n + #l end
print("bytes via lines", n)

-- read+write mode, overwrite in the middle
f = assert(io.open(dir .. "/data.txt", "r+"))
f:seek("set", 2)
f:write("PH")
f:close()
for l in io.lines(dir .. "/data.txt") do io.write(l, "|") end
print()

-- many small writes, buffering modes
f = assert(io.open(dir .. "/many.txt", "w"))
f:setvbuf("no")
for i = 1, 200 do f:write(i, i % 10 == 0 and "\n" or ",") end
f:setvbuf("full", 1024)
for i = 1, 200 do f:write(string.char(65 + i % 26)) end
f:close()
local all = assert(io.open(dir .. "/many.txt")):read("a")
print(#all, all:sub(1, 30), all:sub(-30))

-- rename and remove
show(os.rename(dir .. "/many.txt", dir .. "/renamed.txt"))
show(io.open(dir .. "/many.txt"))
show(os.remove(dir .. "/renamed.txt"))
show(os.remove(dir .. "/renamed.txt"))
show(os.rename(dir .. "/nope", dir .. "/nope2"))
show(os.remove(dir))   -- a non-empty directory
f = assert(io.open(dir .. "/gone.txt", "w")); f:write("x"); f:close()
show(os.rename(dir .. "/gone.txt", "/sandbox/moved.txt"))

-- outside every preopen, and a read-only open written to
show(io.open("/etc/passwd"))
show(io.open("/sandbox/../outside/secret.txt"))
show(io.open("/sandbox/link_out"))
show(io.open("/sandbox/missing/file.txt", "w"))
f = assert(io.open("/sandbox/hello.txt"))
show(f:write("no"))
print(f:read("a"))
f:close()

-- io.output / io.input redirection
io.output(dir .. "/out.txt")
io.write("via io.write\n", 1, " ", 2.0, "\n")
io.close()
io.output(io.stdout)
io.input(dir .. "/out.txt")
print(io.read("L"), io.read("n", "n"))
io.close(io.input())
io.input(io.stdin)
