//! mutex-counter.zig — std.Thread spawn/join, Mutex and WaitGroup: 8 threads each add 1 to a
//! shared plain counter 20000 times under a contended `std.Thread.Mutex`, and count their
//! rounds in a WaitGroup-guarded total. The counter must be exact: 160000.
//! Rule checked: mutual exclusion built on wait/notify is exact under contention.
//!
//! Every thread first waits on a ResetEvent that main sets after all spawns: Zig 0.13's WASI
//! `Thread.spawn` stores the new thread's id into the join word only after `thread-spawn`
//! returns, so a thread that finishes before that store has its "done" (0) overwritten and
//! `join` waits forever — a race in Zig's std, seen with fast spawns, not a runtime bug.
const std = @import("std");

var gate: std.Thread.ResetEvent = .{};

const threads = 8;
const rounds = 20000;

var mutex: std.Thread.Mutex = .{};
var counter: u64 = 0;
var wg: std.Thread.WaitGroup = .{};
var finished = std.atomic.Value(u32).init(0);

fn worker() void {
    defer wg.finish();
    gate.wait();
    var i: u32 = 0;
    while (i < rounds) : (i += 1) {
        mutex.lock();
        counter += 1;
        mutex.unlock();
    }
    _ = finished.fetchAdd(1, .seq_cst);
}

pub fn main() !void {
    const out = std.io.getStdOut().writer();
    var handles: [threads]std.Thread = undefined;
    for (&handles) |*h| {
        wg.start();
        h.* = try std.Thread.spawn(.{ .allocator = std.heap.page_allocator, .stack_size = 256 * 1024 }, worker, .{});
    }
    gate.set();
    wg.wait();
    try out.print("after WaitGroup.wait: {d} threads finished\n", .{finished.load(.seq_cst)});
    for (handles) |h| h.join();
    try out.print("counter = {d} (expected {d})\n", .{ counter, threads * rounds });
}
