/*
 * A 64-byte struct passed by value at every level. gcc -O0 copies it to the outgoing argument
 * area in %rcx/%rbx pairs, so f saves %rbx as well: 16 (return address, %rbp) + 8 (%rbx)
 * + 24 (d, padding) + 64 (the copy for the next call) = 112 bytes a level, and the 8 MiB stack
 * holds 74,891 of them (gdb on the reference machine; 96-byte frames would give 87,374).
 */
struct big {
    long v[8];
};

long f(struct big b, int d) {
    b.v[0] = d;
    return f(b, d + 1) + b.v[1];
}

int main(void) {
    struct big b = {{0}};
    return (int)f(b, 1);
}
