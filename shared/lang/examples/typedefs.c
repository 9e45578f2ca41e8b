#include <stdio.h>
#include <stdlib.h>

typedef unsigned char byte;
typedef unsigned long address;
typedef struct block Block;
typedef int Row[3];
typedef Block *BlockList;

struct block {
    address start;
    size_t size;
    Block *next;
};

int main(void) {
    byte b = 0xAB;
    address a = 0x555555554000UL;
    Row row = {1, 2, 3};
    Block second = {a + 64, 32, NULL};
    Block first = {a, 64, &second};
    BlockList list = &first;
    printf("byte %u, address 0x%lx, sizeof(Row) %zu, row[2] %d\n", b, a, sizeof(Row), row[2]);
    for (Block *p = list; p; p = p->next)
        printf("block at 0x%lx, %zu bytes, ends at 0x%lx\n", p->start, p->size, p->start + p->size);
    printf("sizeof(Block) = %zu, sizeof(byte) = %zu\n", sizeof(Block), sizeof(byte));
    return 0;
}
