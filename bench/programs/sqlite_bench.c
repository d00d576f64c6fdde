/* SQLite query workload on an in-memory database: bulk inserts in a transaction, an index,
 * point lookups through a prepared statement, aggregates, a join, an ORDER BY and updates.
 * Prints the query results so every engine's output can be compared. */
#include <stdio.h>
#include <stdlib.h>
#include "sqlite3.h"

static sqlite3 *db;

static void exec(const char *sql) {
    char *err = 0;
    if (sqlite3_exec(db, sql, 0, 0, &err) != SQLITE_OK) { fprintf(stderr, "sql error: %s\n", err); exit(1); }
}

static int print_row(void *tag, int n, char **vals, char **names) {
    (void)names;
    printf("%s:", (const char *)tag);
    for (int i = 0; i < n; i++) printf(" %s", vals[i] ? vals[i] : "NULL");
    printf("\n");
    return 0;
}

static void query(const char *tag, const char *sql) {
    char *err = 0;
    if (sqlite3_exec(db, sql, print_row, (void *)tag, &err) != SQLITE_OK) { fprintf(stderr, "sql error: %s\n", err); exit(1); }
}

int main(void) {
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) { fprintf(stderr, "open failed\n"); return 1; }
    exec("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, city INTEGER);"
         "CREATE TABLE orders(id INTEGER PRIMARY KEY, user INTEGER, amount REAL, item TEXT);");
    sqlite3_stmt *ins_user, *ins_order, *lookup;
    sqlite3_prepare_v2(db, "INSERT INTO users(name, age, city) VALUES(?, ?, ?)", -1, &ins_user, 0);
    sqlite3_prepare_v2(db, "INSERT INTO orders(user, amount, item) VALUES(?, ?, ?)", -1, &ins_order, 0);
    unsigned s = 1;
    char buf[64];
    exec("BEGIN");
    for (int i = 0; i < 50000; i++) {
        s = s * 1103515245u + 12345u;
        snprintf(buf, sizeof buf, "user%u", s % 1000003);
        sqlite3_bind_text(ins_user, 1, buf, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins_user, 2, 18 + (s >> 8) % 60);
        sqlite3_bind_int(ins_user, 3, (s >> 16) % 100);
        sqlite3_step(ins_user); sqlite3_reset(ins_user);
    }
    for (int i = 0; i < 200000; i++) {
        s = s * 1103515245u + 12345u;
        snprintf(buf, sizeof buf, "item-%u", (s >> 10) % 5000);
        sqlite3_bind_int(ins_order, 1, 1 + s % 50000);
        sqlite3_bind_double(ins_order, 2, (double)((s >> 4) % 100000) / 100.0);
        sqlite3_bind_text(ins_order, 3, buf, -1, SQLITE_TRANSIENT);
        sqlite3_step(ins_order); sqlite3_reset(ins_order);
    }
    exec("COMMIT");
    exec("CREATE INDEX orders_user ON orders(user); CREATE INDEX users_name ON users(name);");
    sqlite3_prepare_v2(db, "SELECT count(*), sum(amount) FROM orders WHERE user = ?", -1, &lookup, 0);
    long long cnt = 0; double total = 0;
    for (int i = 0; i < 50000; i++) {
        s = s * 1103515245u + 12345u;
        sqlite3_bind_int(lookup, 1, 1 + s % 50000);
        if (sqlite3_step(lookup) == SQLITE_ROW) { cnt += sqlite3_column_int64(lookup, 0); total += sqlite3_column_double(lookup, 1); }
        sqlite3_reset(lookup);
    }
    printf("lookups: %lld %.2f\n", cnt, total);
    query("by_city", "SELECT city, count(*), round(avg(age), 3) FROM users GROUP BY city ORDER BY count(*) DESC, city LIMIT 5");
    query("top_users", "SELECT u.name, round(sum(o.amount), 2) AS t FROM users u JOIN orders o ON o.user = u.id "
                       "GROUP BY u.id ORDER BY t DESC, u.id LIMIT 5");
    query("items", "SELECT item, count(*) FROM orders GROUP BY item ORDER BY count(*) DESC, item LIMIT 3");
    exec("UPDATE orders SET amount = amount * 1.1 WHERE amount > 900");
    exec("DELETE FROM orders WHERE amount < 10");
    query("after", "SELECT count(*), round(sum(amount), 2), max(length(item)) FROM orders");
    query("like", "SELECT count(*) FROM users WHERE name LIKE 'user1%' AND age BETWEEN 30 AND 40");
    sqlite3_finalize(ins_user); sqlite3_finalize(ins_order); sqlite3_finalize(lookup);
    sqlite3_close(db);
    return 0;
}
