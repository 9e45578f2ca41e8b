#include <stdio.h>

int main(void) {
    char array[] = "copy";  /* an array on the stack, initialized from the literal */
    char *pointer = "literal"; /* points into .rodata */
    array[0] = 'C';
    printf("%s\n", array);
    pointer[0] = 'L';
    printf("%s\n", pointer);
    return 0;
}
