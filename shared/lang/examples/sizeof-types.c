#include <stdio.h>
#include <stddef.h>

int main(void) {
    printf("char %zu, short %zu, int %zu, long %zu, long long %zu\n", sizeof(char), sizeof(short),
           sizeof(int), sizeof(long), sizeof(long long));
    printf("unsigned char %zu, unsigned short %zu, unsigned %zu, unsigned long %zu\n",
           sizeof(unsigned char), sizeof(unsigned short), sizeof(unsigned), sizeof(unsigned long));
    printf("size_t %zu, double %zu, void * %zu, char * %zu, int ** %zu\n", sizeof(size_t),
           sizeof(double), sizeof(void *), sizeof(char *), sizeof(int **));
    printf("int (*)(int) %zu, int[10] %zu, char[3][5] %zu\n", sizeof(int (*)(int)), sizeof(int[10]),
           sizeof(char[3][5]));
    int array[7];
    int *pointer = array;
    printf("sizeof array %zu, sizeof pointer %zu, elements %zu\n", sizeof array, sizeof pointer,
           sizeof array / sizeof array[0]);
    long x = 0;
    printf("sizeof x++ = %zu, and x is still %ld\n", sizeof x++, x);
    return 0;
}
