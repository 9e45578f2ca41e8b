#include <stdio.h>
#include <stdlib.h>

typedef struct Tree Tree;
struct Tree {
    char label;
    Tree *left;
    Tree *right;
};

Tree *make(char label, Tree *left, Tree *right) {
    Tree *t = malloc(sizeof(Tree));
    t->label = label;
    t->left = left;
    t->right = right;
    return t;
}

void pre_order(Tree *t) {
    if (t) {
        putchar(t->label);
        pre_order(t->left);
        pre_order(t->right);
    }
}

void post_order(Tree *t) {
    if (t) {
        post_order(t->left);
        post_order(t->right);
        putchar(t->label);
    }
}

int count(Tree *t) { return t ? 1 + count(t->left) + count(t->right) : 0; }

int leaves(Tree *t) {
    if (!t)
        return 0;
    if (!t->left && !t->right)
        return 1;
    return leaves(t->left) + leaves(t->right);
}

void release(Tree *t) {
    if (t) {
        release(t->left);
        release(t->right);
        free(t);
    }
}

int main(void) {
    /* (a + b) * (c - d) as an expression tree */
    Tree *expr = make('*', make('+', make('a', NULL, NULL), make('b', NULL, NULL)),
                      make('-', make('c', NULL, NULL), make('d', NULL, NULL)));
    printf("prefix:  ");
    pre_order(expr);
    printf("\npostfix: ");
    post_order(expr);
    printf("\nnodes %d, leaves %d\n", count(expr), leaves(expr));
    release(expr);
    return 0;
}
