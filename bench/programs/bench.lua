-- Lua workload: recursion, tables, closures, string building and a small OOP simulation.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(27))

local t = {}
for i = 1, 300000 do t[i] = (i * 7919) % 100003 end
table.sort(t)
local s = 0
for i = 1, #t, 97 do s = s + t[i] end
print("sort", s)

local words = {}
for i = 1, 60000 do words[#words + 1] = string.format("w%05d", (i * 31) % 20011) end
local counts = {}
for _, w in ipairs(words) do counts[w] = (counts[w] or 0) + 1 end
local distinct, maxc = 0, 0
for _, c in pairs(counts) do distinct = distinct + 1; if c > maxc then maxc = c end end
local joined = table.concat(words, ",", 1, 2000)
print("strings", distinct, maxc, #joined, joined:sub(1, 20), select(2, joined:gsub("w0", "")))

local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:len2() return self.x * self.x + self.y * self.y end
local acc = Point.new(0, 0)
for i = 1, 400000 do acc = acc:add(Point.new(i % 13 - 6, i % 7 - 3)) end
print("points", acc.x, acc.y, acc:len2())

local function counter()
  local c = 0
  return function(d) c = c + d; return c end
end
local f, total = counter(), 0
for i = 1, 500000 do total = total + f(i % 5) end
print("closures", total)

local m = {}
for i = 1, 120 do m[i] = {} for j = 1, 120 do m[i][j] = ((i * j) % 17) / 7 end end
local r = 0
for i = 1, 120 do for j = 1, 120 do local x = 0 for k = 1, 120 do x = x + m[i][k] * m[k][j] end r = r + x end end
print("matrix", string.format("%.6f", r))
