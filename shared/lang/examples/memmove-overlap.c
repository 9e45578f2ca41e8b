#include <stdio.h>
#include <string.h>

int main(void) {
    char text[32] = "0123456789";
    memmove(text + 2, text, 8); /* the regions overlap: memmove copies as if through a buffer */
    printf("%s\n", text);
    char again[32] = "0123456789";
    memmove(again, again + 3, 8);
    printf("%s\n", again);
    int a[6] = {1, 2, 3, 4, 5, 6};
    memmove(&a[1], &a[0], 5 * sizeof(int));
    a[0] = 0;
    for (int i = 0; i < 6; i++)
        printf("%d ", a[i]);
    printf("\n");
    return 0;
}
