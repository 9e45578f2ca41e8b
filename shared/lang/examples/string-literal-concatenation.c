#include <stdio.h>

#define NAME "Memory"

int main(void) {
    const char *joined = "text " "data " "heap " "stack";
    printf("%s\n", joined);
    printf(NAME " Lane\n");
    printf("sizeof(\"ab\" \"cd\") = %zu\n", sizeof("ab" "cd"));
    printf("a long line "
           "split over "
           "three pieces\n");
    return 0;
}
