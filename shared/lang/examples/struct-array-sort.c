#include <stdio.h>

typedef struct {
    const char *name;
    unsigned long bytes;
} Segment;

void sort_by_size(Segment *s, int n) {
    for (int i = 1; i < n; i++) {
        Segment key = s[i];
        int j = i - 1;
        while (j >= 0 && s[j].bytes > key.bytes) {
            s[j + 1] = s[j];
            j--;
        }
        s[j + 1] = key;
    }
}

int main(void) {
    Segment segments[] = {
        {"stack", 8388608UL}, {"text", 4096UL}, {"heap", 135168UL}, {"bss", 16UL}, {"data", 16UL}};
    int n = sizeof segments / sizeof segments[0];
    sort_by_size(segments, n);
    for (int i = 0; i < n; i++)
        printf("%-5s %8lu\n", segments[i].name, segments[i].bytes);
    return 0;
}
