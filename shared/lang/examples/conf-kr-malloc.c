#include <stdio.h>
#include <unistd.h>

/*
 * The storage allocator of K&R (section 8.7), on top of sbrk: a circular free list sorted by
 * address, first fit, blocks measured in header-sized units, neighbours coalesced on free.
 * Output is in units and offsets, never raw addresses.
 */
typedef long Align;

union header {
    struct {
        union header *next;
        unsigned size;
    } s;
    Align x;
};

typedef union header Header;

#define NALLOC 64

static Header base;
static Header *freep = NULL;
static char *heap_start;

void kr_free(void *ap);

static Header *morecore(unsigned nu) {
    if (nu < NALLOC) nu = NALLOC;
    char *cp = sbrk(nu * sizeof(Header));
    if (cp == (char *)-1) return NULL;
    if (heap_start == NULL) heap_start = cp;
    Header *up = (Header *)cp;
    up->s.size = nu;
    kr_free((void *)(up + 1));
    return freep;
}

void *kr_malloc(unsigned nbytes) {
    Header *p, *prevp;
    unsigned nunits = (nbytes + sizeof(Header) - 1) / sizeof(Header) + 1;
    if ((prevp = freep) == NULL) {
        base.s.next = freep = prevp = &base;
        base.s.size = 0;
    }
    for (p = prevp->s.next;; prevp = p, p = p->s.next) {
        if (p->s.size >= nunits) {
            if (p->s.size == nunits) {
                prevp->s.next = p->s.next;
            } else {
                p->s.size -= nunits;
                p += p->s.size;
                p->s.size = nunits;
            }
            freep = prevp;
            return (void *)(p + 1);
        }
        if (p == freep)
            if ((p = morecore(nunits)) == NULL) return NULL;
    }
}

void kr_free(void *ap) {
    Header *bp = (Header *)ap - 1, *p;
    for (p = freep; !(bp > p && bp < p->s.next); p = p->s.next)
        if (p >= p->s.next && (bp > p || bp < p->s.next)) break;
    if (bp + bp->s.size == p->s.next) {
        bp->s.size += p->s.next->s.size;
        bp->s.next = p->s.next->s.next;
    } else {
        bp->s.next = p->s.next;
    }
    if (p + p->s.size == bp) {
        p->s.size += bp->s.size;
        p->s.next = bp->s.next;
    } else {
        p->s.next = bp;
    }
    freep = p;
}

long offset(void *p) { return (char *)p - heap_start; }

void print_free_list(void) {
    printf("free list:");
    Header *p = freep;
    do {
        if (p != &base) printf(" [%ld: %u units]", offset(p), p->s.size);
        p = p->s.next;
    } while (p != freep);
    printf("\n");
}

int main(void) {
    printf("sizeof(Header) = %zu\n", sizeof(Header));
    char *a = kr_malloc(10);
    char *b = kr_malloc(100);
    char *c = kr_malloc(20);
    printf("a %ld, b %ld, c %ld\n", offset(a), offset(b), offset(c));
    print_free_list();
    kr_free(b);
    print_free_list();
    kr_free(a);
    print_free_list();
    char *d = kr_malloc(40);
    printf("d %ld\n", offset(d));
    print_free_list();
    kr_free(c);
    kr_free(d);
    print_free_list();
    char *big = kr_malloc(2000);
    printf("big %ld\n", offset(big));
    print_free_list();
    return 0;
}
