#include <stdio.h>
#include <stddef.h>
#include <string.h>
struct hdr { unsigned char type; unsigned int len; unsigned short port; } __attribute__((packed));
typedef struct __attribute__((__packed__)) { char tag; double value; } tagged_t;
struct plain { char c; int i; short s; };
struct wrap { char x; struct hdr h; int after; };
struct __attribute__((packed)) bits { unsigned a : 3, b : 5; unsigned short c; char d; };
typedef struct { int v; } __attribute__((aligned(32))) line_t;
struct holder { char c; line_t l; };
__attribute__((noinline)) static int twice(int v) { return 2 * v; }
static void quit(int code) __attribute__((noreturn));
static void quit(int code) { printf("quit %d\n", code); __builtin_exit(code); }
int main(int argc __attribute__((unused)), char **argv __attribute__((unused))) {
    printf("%zu %zu %zu %zu\n", sizeof(struct hdr), offsetof(struct hdr, len), offsetof(struct hdr, port), _Alignof(struct hdr));
    printf("%zu %zu %zu\n", sizeof(tagged_t), offsetof(tagged_t, value), sizeof(struct plain));
    printf("%zu %zu %zu\n", sizeof(struct wrap), offsetof(struct wrap, h), offsetof(struct wrap, after));
    printf("%zu %zu\n", sizeof(struct bits), offsetof(struct bits, d));
    printf("%zu %zu %zu\n", sizeof(line_t), _Alignof(line_t), sizeof(struct holder));
    struct hdr h = { 7, 0x01020304, 0xabcd };
    unsigned char raw[sizeof h]; memcpy(raw, &h, sizeof h);
    for (size_t i = 0; i < sizeof h; i++) printf("%02x", raw[i]);
    printf("\n");
    tagged_t arr[3] = { { 'a', 1.5 }, { 'b', 2.5 }, { 'c', -1 } };
    double sum = 0; for (int i = 0; i < 3; i++) sum += arr[i].value;
    printf("%.1f %td\n", sum, (char *)&arr[2] - (char *)&arr[0]);
    struct bits b = { 5, 17, 300, 'z' }; printf("%u %u %u %c\n", b.a, b.b, b.c, b.d);
    h.len += 1; h.port--; printf("%u %x\n", h.len, h.port);
    printf("%d\n", twice(21));
    quit(3);
}
