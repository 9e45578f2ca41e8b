#include <stdio.h>
#include <string.h>
struct buf { char data[16]; int len; };
struct person { char name[20]; int age; struct { int y, m, d; } born; };
int main(void) {
    struct buf a = { "hello", 5 }, b;
    b = a; b.data[0] = 'J'; printf("%s %s %d\n", a.data, b.data, b.len);
    struct person p = { "Ada", 36, { 1815, 12, 10 } }, q = p;
    strcpy(q.name, "Alan"); q.born.y = 1912;
    printf("%s %d %d | %s %d\n", p.name, p.age, p.born.y, q.name, q.born.y);
    struct person team[2] = { p, q };
    team[0] = team[1]; printf("%s %d\n", team[0].name, team[0].born.m);
    printf("%d\n", memcmp(&team[0], &q, sizeof q) == 0);
    struct person *pp = &team[1]; (*pp).age++; pp->born.d += 1; printf("%d %d\n", team[1].age, team[1].born.d);
    return 0;
}
