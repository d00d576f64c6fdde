// Catch by type: derived caught as base (single and multiple inheritance, where the base is
// at a non-zero offset), by pointer, by value through a copy constructor, std::exception
// subclasses through what(), fundamental types (no conversions: int is not caught as long),
// handler order, and catch (...) for the rest.
#include <cstdio>
#include <stdexcept>

struct Base {
    virtual ~Base() {}
    virtual const char* name() const { return "Base"; }
};
struct Derived : Base {
    int value;
    explicit Derived(int v) : value(v) {}
    const char* name() const override { return "Derived"; }
};
struct MoreDerived : Derived {
    MoreDerived() : Derived(7) {}
    const char* name() const override { return "MoreDerived"; }
};
struct Tagged {
    char tag[12] = "tagged";
    virtual ~Tagged() {}
};
// Base subobject Tagged sits after Derived: catching as Tagged& must adjust the pointer.
struct Both : Derived, Tagged {
    Both() : Derived(99) {}
    const char* name() const override { return "Both"; }
};
struct Unrelated {};

struct Counted {
    static int copies;
    int id;
    explicit Counted(int id) : id(id) {}
    Counted(const Counted& o) : id(o.id) { copies++; }
};
int Counted::copies = 0;

__attribute__((noinline)) void thrower(int what) {
    switch (what) {
    case 0: throw Derived(1);
    case 1: throw MoreDerived();
    case 2: throw Both();
    case 3: throw 42;
    case 4: throw 42L;
    case 5: throw "a C string";
    case 6: throw std::runtime_error("runtime error text");
    case 7: throw std::out_of_range("out of range text");
    case 8: throw Unrelated();
    case 9: throw Counted(5);
    case 10: {
        static Derived static_obj(1234);
        throw &static_obj;
    }
    case 11: throw 2.5;
    default: throw Base();
    }
}

__attribute__((noinline)) void classify(int what) {
    try {
        thrower(what);
    } catch (const MoreDerived& e) {
        printf("%d: MoreDerived& %s value %d\n", what, e.name(), e.value);
    } catch (const Tagged& t) {
        printf("%d: Tagged& tag=%s\n", what, t.tag);
    } catch (const Derived& e) {
        printf("%d: Derived& %s value %d\n", what, e.name(), e.value);
    } catch (const Base& e) {
        printf("%d: Base& %s\n", what, e.name());
    } catch (long l) {
        printf("%d: long %ld\n", what, l);
    } catch (int i) {
        printf("%d: int %d\n", what, i);
    } catch (const char* s) {
        printf("%d: const char* \"%s\"\n", what, s);
    } catch (const std::logic_error& e) {
        printf("%d: logic_error \"%s\"\n", what, e.what());
    } catch (const std::exception& e) {
        printf("%d: exception \"%s\"\n", what, e.what());
    } catch (Counted c) {
        printf("%d: Counted by value id %d (copies so far %d)\n", what, c.id, Counted::copies);
    } catch (Base* p) {
        printf("%d: Base* %s\n", what, p->name());
    } catch (...) {
        printf("%d: catch (...)\n", what);
    }
}

int main() {
    for (int what = 0; what <= 12; what++)
        classify(what);
    // A handler for a type that does not match lets the exception through to the next one.
    try {
        try {
            thrower(3);
        } catch (const Base&) {
            printf("wrong: int caught as Base\n");
        } catch (double) {
            printf("wrong: int caught as double\n");
        }
    } catch (int i) {
        printf("outer handler caught int %d\n", i);
    }
    return 0;
}
