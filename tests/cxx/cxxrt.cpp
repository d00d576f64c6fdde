// cxxrt.cpp — a minimal C++ exception runtime for wasm32-wasi programs built with clang-19
// `-fwasm-exceptions`, used by tests/exceptions_cxx.rs.
//
// Why it exists: Debian's libc++abi-19-dev-wasm32 is built with -fno-exceptions (it has
// cxa_noexception.o and no __cxa_throw, __cxa_begin_catch or personality), and there is no
// wasm libunwind. This file supplies the missing pieces, nothing more:
//
//   __cxa_allocate_exception, __cxa_free_exception, __cxa_throw, __cxa_begin_catch,
//   __cxa_end_catch, __cxa_rethrow, __cxa_get_exception_ptr, and the wasm "personality"
//   entry point _Unwind_CallPersonality with the landing-pad context __wasm_lpad_context.
//
// How clang's wasm exception handling uses them (LLVM's WasmEHPrepare):
//   - `throw x` calls __cxa_allocate_exception, constructs x there, and calls __cxa_throw,
//     which throws the wasm tag `__cpp_exception` (tag 0 of __builtin_wasm_throw) carrying one
//     i32: a pointer to the exception's header (its _Unwind_Exception part, as libc++abi does).
//   - a catch pad that has typed clauses stores its landing-pad index and its function's LSDA
//     (the usual GCC_except_table) into __wasm_lpad_context, calls
//     _Unwind_CallPersonality(exn), and compares __wasm_lpad_context.selector with the type
//     indices of its clauses; no match rethrows. Pads with only `catch (...)` and cleanup pads
//     do not call the personality.
//   - the chosen handler calls __cxa_begin_catch(exn) (returning the adjusted object pointer)
//     and __cxa_end_catch() when it exits, however it exits; `throw;` calls __cxa_rethrow.
//
// Catch-by-type matching (derived → base, pointers, qualification conversions) is libc++abi's
// own: the type_info objects clang emits are libc++abi's __cxxabiv1::__*_type_info classes
// (their vtables come from Debian's libc++abi.a, private_typeinfo.o), whose virtual
// `can_catch` is what libc++abi's personality calls. We declare the base class with the same
// virtual layout as libc++abi 19's private_typeinfo.h and make the same call.
//
// Limits (honest list):
//   - single-threaded (one global stack of caught exceptions), as wasi-libc here is;
//   - no std::exception_ptr / std::current_exception / std::rethrow_exception, no dependent
//     exceptions, no foreign exceptions; std::uncaught_exceptions() is libc++abi's stub (0);
//   - dynamic exception specifications (`throw(T)`, gone since C++17) never match;
//   - an exception nobody catches leaves `_start` as a wasm exception (there is no two-phase
//     search in wasm, so nothing can call std::terminate first); std::terminate itself (e.g.
//     an exception leaving a noexcept function) is libc++abi's: abort(), a wasm trap.

#include <cstdint>
#include <cstdlib>
#include <cxxabi.h>
#include <exception>
#include <typeinfo>

namespace __cxxabiv1 {
// The base of libc++abi's type_info classes, as declared in its private_typeinfo.h: the
// virtual functions after std::type_info's destructor are noop1, noop2 and can_catch.
class __shim_type_info : public std::type_info {
public:
    ~__shim_type_info() override;
    virtual void noop1() const;
    virtual void noop2() const;
    virtual bool can_catch(const __shim_type_info* thrown_type, void*& adjusted_ptr) const = 0;
};
} // namespace __cxxabiv1

namespace {

// What the unwinder part of an exception looks like (unwind.h's _Unwind_Exception); only
// its address travels with the wasm exception.
struct UnwindException {
    uint64_t exception_class;
    void* exception_cleanup;
    uintptr_t private_1;
    uintptr_t private_2;
};

// The header in front of every thrown object. 16-aligned so that the object is too.
struct alignas(16) Header {
    std::type_info* type;
    void* (*destructor)(void*); // wasm's C++ ABI: destructors return `this`
    Header* next_caught;        // the stack of caught exceptions
    // Handlers currently holding it; negated while it is being rethrown (libc++abi's rule).
    int handler_count;
    void* adjusted;             // the object as the matched handler sees it
    UnwindException unwind;
};

constexpr uint64_t kOurClass = 0x434c4e47432b2b00; // "CLNGC++\0", as libc++abi

Header* caught_stack = nullptr;

Header* header_of_object(void* obj) { return static_cast<Header*>(obj) - 1; }
void* object_of(Header* h) { return h + 1; }
Header* header_of_unwind(void* exn) {
    return reinterpret_cast<Header*>(static_cast<char*>(exn) - offsetof(Header, unwind));
}

[[noreturn]] void raise(Header* h) {
    __builtin_wasm_throw(0, &h->unwind);
}

// LSDA reading (the Itanium/GCC format LLVM emits for wasm too).
uintptr_t read_uleb(const uint8_t*& p) {
    uintptr_t result = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        byte = *p++;
        result |= uintptr_t(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    return result;
}

intptr_t read_sleb(const uint8_t*& p) {
    uintptr_t result = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        byte = *p++;
        result |= uintptr_t(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if ((byte & 0x40) && shift < sizeof(result) * 8)
        result |= ~uintptr_t(0) << shift;
    return intptr_t(result);
}

enum : uint8_t {
    DW_EH_PE_absptr = 0x00,
    DW_EH_PE_uleb128 = 0x01,
    DW_EH_PE_udata4 = 0x03,
    DW_EH_PE_sdata4 = 0x0b,
    DW_EH_PE_indirect = 0x80,
    DW_EH_PE_omit = 0xff,
};

// The type_info of type-table entry `index` (1-based, counted backwards from `types`);
// null for `catch (...)`. Only the absolute 4-byte encodings wasm32 uses are supported.
const std::type_info* type_at(const uint8_t* types, intptr_t index, uint8_t encoding) {
    switch (encoding & 0x0f) {
    case DW_EH_PE_absptr:
    case DW_EH_PE_udata4:
    case DW_EH_PE_sdata4:
        break;
    default:
        abort();
    }
    static_assert(sizeof(uintptr_t) == 4, "wasm32");
    uintptr_t entry;
    __builtin_memcpy(&entry, types - index * 4, 4);
    if (entry != 0 && (encoding & DW_EH_PE_indirect))
        entry = *reinterpret_cast<const uintptr_t*>(entry);
    return reinterpret_cast<const std::type_info*>(entry);
}

} // namespace

// The landing-pad context compiled code fills in before calling the personality (same layout
// and name as LLVM libunwind's Unwind-wasm.c).
extern "C" {
struct LandingPadContext {
    uintptr_t lpad_index; // which call-site entry of the LSDA this pad is
    uintptr_t lsda;       // the function's LSDA
    uintptr_t selector;   // out: the type index of the matching clause, 0 if none
};
thread_local LandingPadContext __wasm_lpad_context;

enum { URC_HANDLER_FOUND = 6, URC_CONTINUE_UNWIND = 8 };

// Finds the first catch clause of the current landing pad that catches `exn` and sets the
// selector to its type index (and the adjusted object pointer for __cxa_begin_catch).
int _Unwind_CallPersonality(void* exn) {
    __wasm_lpad_context.selector = 0;
    Header* h = header_of_unwind(exn);
    if (h->unwind.exception_class != kOurClass)
        return URC_CONTINUE_UNWIND;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(__wasm_lpad_context.lsda);
    if (p == nullptr)
        return URC_CONTINUE_UNWIND;
    uint8_t lp_start_encoding = *p++;
    if (lp_start_encoding != DW_EH_PE_omit)
        abort(); // LLVM never emits a landing-pad base for wasm
    uint8_t type_encoding = *p++;
    const uint8_t* types = nullptr;
    if (type_encoding != DW_EH_PE_omit) {
        uintptr_t offset = read_uleb(p);
        types = p + offset;
    }
    uint8_t call_site_encoding = *p++;
    if (call_site_encoding != DW_EH_PE_uleb128)
        abort();
    uintptr_t call_site_length = read_uleb(p);
    const uint8_t* actions = p + call_site_length;
    // One (landing pad, action) pair per landing-pad index, in order.
    uintptr_t action_entry = 0;
    bool found = false;
    for (uintptr_t i = 0; p < actions; i++) {
        read_uleb(p);
        uintptr_t a = read_uleb(p);
        if (i == __wasm_lpad_context.lpad_index) {
            action_entry = a;
            found = true;
            break;
        }
    }
    if (!found || action_entry == 0)
        return URC_CONTINUE_UNWIND;
    const uint8_t* action = actions + action_entry - 1;
    for (;;) {
        intptr_t type_index = read_sleb(action);
        const uint8_t* next_field = action;
        intptr_t next = read_sleb(action);
        if (type_index > 0) {
            const std::type_info* catch_type = type_at(types, type_index, type_encoding);
            void* adjusted = object_of(h);
            bool matches =
                catch_type == nullptr ||
                static_cast<const __cxxabiv1::__shim_type_info*>(catch_type)->can_catch(
                    static_cast<const __cxxabiv1::__shim_type_info*>(h->type), adjusted);
            if (matches) {
                h->adjusted = adjusted;
                __wasm_lpad_context.selector = uintptr_t(type_index);
                return URC_HANDLER_FOUND;
            }
        }
        // type_index 0 is a cleanup, < 0 an exception specification: neither catches here.
        if (next == 0)
            return URC_CONTINUE_UNWIND;
        action = next_field + next;
    }
}

void* __cxa_allocate_exception(size_t size) noexcept {
    void* raw = calloc(1, sizeof(Header) + size);
    if (raw == nullptr)
        std::terminate();
    return object_of(static_cast<Header*>(raw));
}

void __cxa_free_exception(void* obj) noexcept { free(header_of_object(obj)); }

void __cxa_throw(void* obj, std::type_info* type, void* (*destructor)(void*)) {
    Header* h = header_of_object(obj);
    h->type = type;
    h->destructor = destructor;
    h->adjusted = obj; // what a `catch (...)`-only pad (no personality call) gets
    h->unwind.exception_class = kOurClass;
    raise(h);
}

void* __cxa_get_exception_ptr(void* exn) noexcept { return header_of_unwind(exn)->adjusted; }

void* __cxa_begin_catch(void* exn) noexcept {
    Header* h = header_of_unwind(exn);
    int count = h->handler_count;
    h->handler_count = (count < 0 ? -count : count) + 1;
    if (h != caught_stack) {
        h->next_caught = caught_stack;
        caught_stack = h;
    }
    return h->adjusted;
}

void __cxa_end_catch() {
    Header* h = caught_stack;
    if (h == nullptr)
        return;
    if (h->handler_count < 0) {
        // Rethrown: it leaves the stack when its last handler ends, but lives on in flight.
        if (++h->handler_count == 0)
            caught_stack = h->next_caught;
    } else if (--h->handler_count == 0) {
        caught_stack = h->next_caught;
        if (h->destructor != nullptr)
            h->destructor(object_of(h));
        free(h);
    }
}

void __cxa_rethrow() {
    Header* h = caught_stack;
    if (h == nullptr)
        std::terminate(); // `throw;` with no exception being handled
    h->handler_count = -h->handler_count;
    raise(h);
}
} // extern "C"
