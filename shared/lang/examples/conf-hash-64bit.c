#include <stdio.h>

/* 64-bit hash functions: every multiplication wraps modulo 2^64. */
unsigned long fnv1a(const char *text) {
    unsigned long hash = 14695981039346656037UL;
    while (*text) {
        hash ^= (unsigned char)*text++;
        hash *= 1099511628211UL;
    }
    return hash;
}

unsigned long djb2(const char *text) {
    unsigned long hash = 5381;
    int c;
    while ((c = *text++)) hash = ((hash << 5) + hash) + c;
    return hash;
}

unsigned int fnv32(const char *text) {
    unsigned int hash = 2166136261u;
    while (*text) {
        hash ^= (unsigned char)*text++;
        hash *= 16777619u;
    }
    return hash;
}

unsigned long long splitmix(unsigned long long *state) {
    unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int main(void) {
    const char *words[] = {"", "a", "heap", "stack", "memory lane", "\x7f\x01"};
    for (int i = 0; i < 6; i++)
        printf("%-12s fnv1a %016lx djb2 %lu fnv32 %08x\n", words[i], fnv1a(words[i]), djb2(words[i]),
               fnv32(words[i]));
    printf("high bytes: fnv1a %016lx djb2 %lu\n", fnv1a("\xff\xfe"), djb2("\xff\xfe"));
    unsigned long long state = 1234567;
    for (int i = 0; i < 4; i++) printf("splitmix %llu\n", splitmix(&state));
    printf("bucket %lu\n", fnv1a("collision") % 101);
    long signed_hash = (long)fnv1a("heap");
    printf("as signed %ld, %% 7 = %ld\n", signed_hash, signed_hash % 7);
    return 0;
}
