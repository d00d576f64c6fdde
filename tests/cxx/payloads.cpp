// Exceptions carrying data: an int, a std::string built at run time, a 4 KiB struct, a
// std::runtime_error message, and an object owning heap memory whose constructors and
// destructor are counted (every payload is destroyed exactly once).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

struct Big {
    unsigned char bytes[4096];
    unsigned checksum() const {
        unsigned s = 0;
        for (unsigned char b : bytes)
            s = s * 31 + b;
        return s;
    }
};

struct Owner {
    static int alive;
    char* text;
    explicit Owner(const char* s) : text(strdup(s)) { alive++; }
    Owner(const Owner& o) : text(strdup(o.text)) { alive++; }
    ~Owner() {
        free(text);
        alive--;
    }
};
int Owner::alive = 0;

__attribute__((noinline)) void throw_int(int v) { throw v * 3; }

__attribute__((noinline)) void throw_string(int n) {
    std::string s = "payload";
    for (int i = 0; i < n; i++)
        s += "-" + std::to_string(i * i);
    throw s;
}

__attribute__((noinline)) void throw_big(unsigned seed) {
    Big b;
    for (unsigned i = 0; i < sizeof b.bytes; i++)
        b.bytes[i] = (unsigned char)(seed * i + (i >> 3));
    throw b;
}

__attribute__((noinline)) void throw_runtime_error(int n) {
    throw std::runtime_error("failed after " + std::to_string(n) + " steps");
}

__attribute__((noinline)) void throw_owner(const char* s) { throw Owner(s); }

int main() {
    try {
        throw_int(14);
    } catch (int v) {
        printf("int payload %d\n", v);
    }
    try {
        throw_string(12);
    } catch (const std::string& s) {
        printf("string payload (%zu bytes): %s\n", s.size(), s.c_str());
    }
    try {
        throw_big(7);
    } catch (const Big& b) {
        printf("4 KiB payload checksum %u\n", b.checksum());
    }
    try {
        throw_runtime_error(99);
    } catch (const std::exception& e) {
        printf("runtime_error: %s\n", e.what());
    }
    for (int i = 0; i < 3; i++) {
        try {
            throw_owner(i == 0 ? "first" : i == 1 ? "second" : "third");
        } catch (Owner o) {
            printf("owner payload by value: %s (alive %d)\n", o.text, Owner::alive);
        }
    }
    printf("owners alive at the end: %d\n", Owner::alive);
    return 0;
}
