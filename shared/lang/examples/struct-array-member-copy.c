#include <stdio.h>
#include <string.h>

/* C cannot assign arrays, but it can assign a struct that contains one. */
struct name {
    char text[16];
};

struct team {
    struct name members[3];
    int size;
};

struct name make_name(const char *s) {
    struct name n;
    strcpy(n.text, s);
    return n;
}

int main(void) {
    struct name a = make_name("Ada");
    struct name b = a;
    b.text[0] = 'I';
    printf("a = %s, b = %s\n", a.text, b.text);
    struct team t = {{{"Ken"}, {"Dennis"}, {"Brian"}}, 3};
    struct team copy = t;
    copy.members[1] = make_name("Bjarne");
    for (int i = 0; i < t.size; i++)
        printf("%-7s %s\n", t.members[i].text, copy.members[i].text);
    printf("sizeof(struct team) = %zu\n", sizeof(struct team));
    return 0;
}
