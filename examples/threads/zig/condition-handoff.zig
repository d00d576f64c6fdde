//! condition-handoff.zig — std.Thread Mutex + Condition hand-offs: a one-slot mailbox passed
//! between 2 producers and 2 consumers, 20000 items each producer; every item is received
//! exactly once (count and sum exact). A lost wake-up hangs (the test has a timeout).
//! Rule checked: no lost wake-ups through Condition.wait/signal (wait/notify underneath).
//!
//! Every thread first waits on a ResetEvent that main sets after all spawns: Zig 0.13's WASI
//! `Thread.spawn` stores the new thread's id into the join word only after `thread-spawn`
//! returns, so a thread that finishes before that store has its "done" (0) overwritten and
//! `join` waits forever — a race in Zig's std, seen with fast spawns, not a runtime bug.
const std = @import("std");

var gate: std.Thread.ResetEvent = .{};

const producers = 2;
const consumers = 2;
const items = 20000;

var mutex: std.Thread.Mutex = .{};
var not_empty: std.Thread.Condition = .{};
var not_full: std.Thread.Condition = .{};
var slot: ?u64 = null;
var received: u64 = 0;
var sum: u64 = 0;
var done_producers: u32 = 0;

fn produce(id: u64) void {
    gate.wait();
    var i: u64 = 0;
    while (i < items) : (i += 1) {
        mutex.lock();
        while (slot != null) not_full.wait(&mutex);
        slot = id * items + i + 1;
        not_empty.signal();
        mutex.unlock();
    }
}

fn consume() void {
    gate.wait();
    mutex.lock();
    defer mutex.unlock();
    while (true) {
        while (slot == null) {
            if (received == producers * items) return;
            not_empty.wait(&mutex);
        }
        sum += slot.?;
        received += 1;
        slot = null;
        not_full.signal();
        if (received == producers * items) {
            not_empty.broadcast();
            return;
        }
    }
}

pub fn main() !void {
    const out = std.io.getStdOut().writer();
    const cfg = std.Thread.SpawnConfig{ .allocator = std.heap.page_allocator, .stack_size = 256 * 1024 };
    var hs: [producers + consumers]std.Thread = undefined;
    for (0..consumers) |c| hs[c] = try std.Thread.spawn(cfg, consume, .{});
    for (0..producers) |p| hs[consumers + p] = try std.Thread.spawn(cfg, produce, .{@as(u64, p)});
    gate.set();
    for (hs) |h| h.join();
    const n: u64 = producers * items;
    try out.print("received {d} items, sum {d} (expected {d})\n", .{ received, sum, n * (n + 1) / 2 });
}
