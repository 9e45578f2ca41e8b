#include <stdio.h>

int answer(void) { return 42; }

int main(void) {
    unsigned char *code = (unsigned char *)answer; /* the bytes of the function, in .text */
    printf("answer() = %d\n", answer());
    printf("patching the code...\n");
    code[0] = 0xc3; /* .text is mapped r-x: writing faults */
    printf("never printed\n");
    return 0;
}
