-- Tables, sorting, closures, metatables, integer and float arithmetic.
local t = {}
math.randomseed(12345)
for i = 1, 2000 do t[i] = math.random(1, 100000) end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print("sorted", ok, t[1], t[1000], t[2000], math.random(), math.random(10))
local words = {}
for w in ("pear apple fig banana cherry date elderberry grape kiwi lemon"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(table.concat(words, " "))
table.sort(words, function(a, b) return a > b end)
print(table.concat(words, " ", 2, 5))
local recs = {}
for i = 1, 50 do recs[i] = { id = i, key = (i * 37) % 11 } end
table.sort(recs, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
local ids = {}
for i = 1, 12 do ids[i] = recs[i].id .. ":" .. recs[i].key end
print(table.concat(ids, " "))
print(table.unpack({ 1, 2, 3 }), select("#", table.unpack({}, 1, 3)), table.pack(1, nil, 3).n)
local m = { 1, 2, 3, 4, 5 }
table.insert(m, 6); table.insert(m, 1, 0); print(table.remove(m), table.remove(m, 1), table.concat(m, ","))
print(table.concat(table.move({ 1, 2, 3 }, 1, 3, 2, { 9 }), ","))

-- closures
local function counter(step)
  local n = 0
  return function() n = n + step; return n end, function() return n end
end
local inc, get = counter(3)
inc(); inc()
local inc2 = counter(10)
inc2()
print("closures", get(), inc(), inc2())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
print(fns[1](), fns[3](), fns[5]())
local function memo(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v end
    return v
  end
end
local fib
fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print("fib", fib(50), fib(90))
local function ack(mm, n)
  if mm == 0 then return n + 1 end
  if n == 0 then return ack(mm - 1, 1) end
  return ack(mm - 1, ack(mm, n - 1))
end
print("ack", ack(2, 300), ack(3, 5))

-- metatables
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, V) end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__len = function() return 2 end
V.__call = function(self, k) return self[k] end
function V.new(x, y) return setmetatable({ x = x, y = y }, V) end
local a, b = V.new(1, 2), V.new(3, 4.5)
print(tostring(a + b), a == V.new(1, 2), a < b, #a, b("y"), rawequal(a, V.new(1, 2)))
local proxy = setmetatable({}, { __index = function(_, k) return k .. "!" end, __newindex = function(t2, k, v) rawset(t2, k, v * 2) end })
proxy.z = 21
print(proxy.abc, proxy.z, rawget(proxy, "abc"))

-- integers and floats
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger, math.mininteger // -1)
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, -7.5 % 2, 7 / 2, 3 | 5, 3 & 5, 3 ~ 5, ~0, 1 << 63, 1 << 64, -1 >> 1)
print(2 ^ 53, 2 ^ 53 + 1, math.tointeger(2 ^ 53), math.tointeger(3.5), 1e308 * 10, -1e308 * 10, math.huge // 1)
print(math.type(1), math.type(1.0), math.type("1"), 1 == 1.0, math.ult(1, -1), 0.1 + 0.2, 0.1 + 0.2 == 0.3)
print(string.format("%.17g %.17g %.17g", 0.1, 1 / 3, 2 / 3), 100000000000000, 1e100, 123456789012345678)
print(math.floor(-3.5), math.ceil(-3.5), math.floor(2 ^ 62), math.fmod(7, -3), math.fmod(-7, 3), math.abs(math.mininteger))
print(math.sqrt(2), math.sin(1), math.cos(1), math.exp(1), math.log(100, 10), math.log(8, 2), math.log(2.718281828459045))
print(math.max(3, 7.5, -1), math.min(3, 7.5, -1), 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0, 3 % math.huge, -3 % math.huge)
print(tostring(2^63) , math.tointeger("8"), 9007199254740993, -0.0 == 0.0, 1/(-0.0))
-- a little work: primes below 200000 (sieve) and a checksum
local sieve, count, sum = {}, 0, 0
for i = 2, 200000 do
  if not sieve[i] then
    count = count + 1; sum = sum + i
    for j = i * i, 200000, i do sieve[j] = true end
  end
end
print("primes", count, sum)
local h = 0
for i = 1, 1000000 do h = (h * 31 + i) & 0xffffffff end
print("hash", h, string.format("%08x", h))
