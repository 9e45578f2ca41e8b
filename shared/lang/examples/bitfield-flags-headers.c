/* Bit-fields as course programs use them: flags and packed headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct flags { unsigned int is_keyword : 1; unsigned int is_extern : 1; unsigned int is_static : 1; };
struct ipv4 { unsigned int ihl : 4, version : 4; unsigned int tos : 8; unsigned int len : 16; };
struct date { unsigned day : 5; unsigned month : 4; int year : 23; };
struct pte { unsigned long present : 1, writable : 1, user : 1, : 9, frame : 40, : 11, nx : 1; };
struct flags gflags = { 1, 0, 1 };
struct date birthday = { .month = 7, .day = 14, .year = -44 };
static struct ipv4 hdr = { 5, 4, 0, 1500 };
struct date next_day(struct date d) { d.day++; if (d.day > 30) { d.day = 1; d.month++; } return d; }
void show(const struct date *d) { printf("%d-%02u-%02u\n", d->year, d->month, d->day); }
int main(void) {
    printf("%zu %zu %zu %zu\n", sizeof(struct flags), sizeof(struct ipv4), sizeof(struct date), sizeof(struct pte));
    printf("%u %u %u\n", gflags.is_keyword, gflags.is_extern, gflags.is_static);
    show(&birthday);
    unsigned char *b = (unsigned char *)&hdr;
    printf("%02x %02x %02x %02x v%u ihl%u len%u\n", b[0], b[1], b[2], b[3], hdr.version, hdr.ihl, hdr.len);
    struct date d = { 30, 12, 1999 };
    d = next_day(d); show(&d);
    struct date *heap = malloc(3 * sizeof *heap);
    for (int i = 0; i < 3; i++) { heap[i] = d; heap[i].day += i * 10; }
    for (int i = 0; i < 3; i++) show(&heap[i]);
    struct pte e; memset(&e, 0, sizeof e);
    e.present = 1; e.frame = 0x12345678ABUL; e.nx = 1; e.writable = !e.user;
    unsigned long raw; memcpy(&raw, &e, 8);
    printf("%#lx %#lx %d\n", raw, (unsigned long)e.frame, e.frame > 0xFFFFFFFF);
    gflags.is_extern ^= 1; gflags.is_keyword += 1;
    printf("%u %u %d\n", gflags.is_keyword, gflags.is_extern, gflags.is_keyword - 1);
    int i = 0; struct date arr[2] = {{1, 1, 1}, {2, 2, 2}};
    arr[i++].day = 9;
    printf("%d %u %u\n", i, arr[0].day, arr[1].day);
    d.year = 1 << 22; printf("%d\n", d.year);
    free(heap);
    return 0;
}
