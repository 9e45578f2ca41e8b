#include <stdio.h>

int main(void) {
    char array[] = "hello"; /* a writable copy on the stack */
    char *literal = "hello"; /* points into read-only .rodata */
    array[0] = 'j';
    printf("%s\n", array);
    printf("writing to the literal...\n");
    literal[0] = 'j'; /* SIGSEGV: .rodata is mapped r-- */
    printf("%s\n", literal);
    return 0;
}
