#include <stdio.h>
#include <string.h>

/*
 * Deliberate bug: strcpy writes 13 bytes into an 8-byte array. gcc -O0 puts secret at rbp-4,
 * after at rbp-8 and buf at rbp-16, so the extra bytes land in after and then in secret's low
 * byte (the terminating '\0').
 */
int main(void) {
    int secret = 0x11223344;
    char buf[8];
    int after = 0x55667788;
    strcpy(buf, "AAAAAAAAAAAA");
    printf("secret %x after %x buf %s\n", secret, after, buf);
    return 0;
}
