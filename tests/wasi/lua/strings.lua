-- String library: patterns, gsub, format, rep of large sizes, pack/unpack, utf8.
local s = "The quick brown fox jumps over the lazy dog; 2024-11-25, x=17 y=-3.5"
print(s:find("quick"), s:find("o", 20, true), s:find("%d+"), s:match("(%d+)-(%d+)-(%d+)"))
print(s:gsub("%w+", string.upper, 3))
print(s:gsub("(%w+)=(%S+)", "%2=%1"))
print(s:gsub("o", { o = "0" }), s:gsub("%s", ""))
print(("hello world"):gsub("(o)", "[%1%%]"))
for k, v in s:gmatch("(%a)=(%-?[%d.]+)") do print("pair", k, v, tonumber(v) * 2) end
print(("THE (quick) fox"):find("%((%a+)%)"), ("f(a(b)c)d"):match("%b()"))
print(("THE (quick) fox"):gsub("%f[%a]%a+", function(w) return w:lower():reverse() end))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|", ("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(string.format("%d|%5d|%-5d|%05d|%x|%X|%o|%c|%i", 42, 42, 42, 42, 255, 255, 8, 65, -7))
print(string.format("%f|%.3f|%10.2f|%e|%.2E|%g|%g|%g", math.pi, math.pi, -math.pi, 12345.678, 0.000123, 1e20, 0.1, 100))
print(string.format("%q", "line\nquote\" tab\t nul\0 high\200 end"))
print(string.format("%q|%q|%q", 1 / 0, math.mininteger, 0.1))
print(string.format("%s|%10s|%-10s|%.3s", "abc", "right", "left", "truncate"), string.format("%%"))
print(string.format("%a", 1.0), string.format("%5.1s|", "xyz"))
print(("abc"):rep(3, ", "), ("x"):rep(0), ("x"):rep(-1), ("ab"):rep(1, "--"))
print(("hello"):byte(1, -1))
print(string.char(72, 105, 33), ("Hello"):upper(), ("Hello"):lower(), ("Hello"):len(), ("abc"):reverse())
print(("hello"):sub(2), ("hello"):sub(-3, -2), ("hello"):sub(10), ("hello"):sub(0))
-- large strings
local big = string.rep("abcdefgh", 1 << 21) -- 16 MiB
print(#big, big:sub(-9), select(2, big:gsub("h", "h", 100000)), big:find("ha", 1 << 23, true))
local huge = string.rep("0123456789", 5000000, "|") -- ~55 MB
print(#huge, huge:sub(1000000, 1000012), huge:sub(-11))
huge, big = nil, nil
collectgarbage()
local parts = {}
for i = 1, 100000 do parts[i] = tostring(i) end
local joined = table.concat(parts, ",")
print(#joined, joined:sub(1, 20), joined:sub(-20))
-- pack/unpack
local packed = string.pack("<i4 >I2 z s1 d", -2, 513, "zs", "pfx", 2.5)
print(#packed, packed:byte(1, 6), string.unpack("<i4 >I2 z s1 d", packed))
print(string.packsize("i4 i8 d"), string.unpack("<I3", "\1\2\3"))
-- utf8
local u = "ünïcødé ✓ 𝄞"
print(utf8.len(u), #u, utf8.char(72, 228, 8364, 119070), utf8.codepoint(u, 1, 3))
for p, c in utf8.codes("aé✓") do io.write(p, ":", c, " ") end
print(utf8.offset(u, 3), utf8.charpattern)
-- tostring / tonumber conversions
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e3"), tonumber("z", 36), tonumber("777", 8), tonumber("1.5e"), tonumber(""))
print(tostring(1e15), tostring(1e16), tostring(-0.0), tostring(2^63), 10 // 3, 10.0 // 3, "10" + 5, "3" * "4")
