#include <stdio.h>

enum segment { TEXT, RODATA, DATA, BSS, HEAP, STACK };
enum permission { READ = 4, WRITE = 2, EXECUTE = 1 };
enum size_class { TINY = 16, SMALL = TINY * 4, LARGE = SMALL * 4, HUGE_CLASS };

const char *segment_name(enum segment s) {
    const char *names[] = {"text", "rodata", "data", "bss", "heap", "stack"};
    return names[s];
}

int main(void) {
    for (enum segment s = TEXT; s <= STACK; s++)
        printf("%d:%s ", s, segment_name(s));
    printf("\n");
    int text_permissions = READ | EXECUTE;
    printf("text is r%cx: %d\n", text_permissions & WRITE ? 'w' : '-', text_permissions);
    printf("TINY %d SMALL %d LARGE %d HUGE_CLASS %d\n", TINY, SMALL, LARGE, HUGE_CLASS);
    printf("sizeof(enum segment) = %zu\n", sizeof(enum segment));
    enum segment where = HEAP;
    where = where + 1;
    printf("above the heap: %s\n", segment_name(where));
    return 0;
}
