#pragma once
#include <stdio.h>
#include <stddef.h>
#pragma GCC diagnostic ignored "-Wunused"
#pragma pack(push, 1)
struct p1 { char c; int i; double d; };
#pragma pack(push, 2)
struct p2 { char c; int i; double d; };
#pragma pack(pop)
struct p1b { char c; long l; };
#pragma pack(pop)
struct def { char c; int i; double d; };
#pragma pack(4)
struct p4 { char c; double d; short s; };
#pragma pack()
struct back { char c; double d; };
int main(void) {
    printf("%zu %zu %zu %zu %zu %zu\n", sizeof(struct p1), sizeof(struct p2), sizeof(struct p1b), sizeof(struct def), sizeof(struct p4), sizeof(struct back));
    printf("%zu %zu %zu\n", offsetof(struct p2, d), offsetof(struct p4, d), _Alignof(struct p4));
    struct p1 arr[3]; printf("%td\n", (char *)&arr[2] - (char *)&arr[0]);
    arr[1].d = 2.5; arr[1].i = 7; printf("%g %d\n", arr[1].d, arr[1].i);
    return 0;
}
