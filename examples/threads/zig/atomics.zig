//! atomics.zig — std.atomic and std.Thread.Futex: 4 threads do fetchAdd / cmpxchg loops /
//! fetchSub on shared values, then a ResetEvent releases them all at once and a Futex
//! word counts them out. Every total is exact.
//! Rule checked: atomic read-modify-write lowering, futex wait/wake.
const std = @import("std");

const threads = 4;
const rounds = 50000;

var add32 = std.atomic.Value(u32).init(0);
// Zig 0.13 rejects 64-bit atomics on wasm32, so everything here is 32-bit.
var sub32 = std.atomic.Value(u32).init(threads * rounds * 2);
var cas32 = std.atomic.Value(u32).init(0);
var go: std.Thread.ResetEvent = .{};
var after_go = std.atomic.Value(u32).init(0);
var left = std.atomic.Value(u32).init(threads);

fn worker() void {
    var i: u32 = 0;
    while (i < rounds) : (i += 1) {
        _ = add32.fetchAdd(1, .seq_cst);
        _ = sub32.fetchSub(2, .seq_cst);
        var old = cas32.load(.seq_cst);
        while (cas32.cmpxchgWeak(old, old + 3, .seq_cst, .seq_cst)) |cur| old = cur;
    }
    go.wait();
    _ = after_go.fetchAdd(1, .seq_cst);
    if (left.fetchSub(1, .seq_cst) == 1) std.Thread.Futex.wake(&left, 1);
}

pub fn main() !void {
    const out = std.io.getStdOut().writer();
    var hs: [threads]std.Thread = undefined;
    for (&hs) |*h| h.* = try std.Thread.spawn(.{ .allocator = std.heap.page_allocator, .stack_size = 256 * 1024 }, worker, .{});
    go.set();
    while (true) {
        const v = left.load(.seq_cst);
        if (v == 0) break;
        std.Thread.Futex.wait(&left, v);
    }
    for (hs) |h| h.join();
    try out.print("add32 = {d}\nsub32 = {d}\ncas32 = {d}\nreleased = {d}\n", .{ add32.load(.seq_cst), sub32.load(.seq_cst), cas32.load(.seq_cst), after_go.load(.seq_cst) });
}
