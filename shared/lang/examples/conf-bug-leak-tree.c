#include <stdio.h>
#include <stdlib.h>

struct tree {
    int key;
    struct tree *left, *right;
};

struct tree *insert(struct tree *root, int key) {
    if (root == NULL) {
        struct tree *t = calloc(1, sizeof *t);
        t->key = key;
        return t;
    }
    if (key < root->key) root->left = insert(root->left, key);
    else root->right = insert(root->right, key);
    return root;
}

int height(struct tree *t) {
    if (t == NULL) return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

int main(void) {
    struct tree *root = NULL;
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 35};
    for (int i = 0; i < 8; i++) root = insert(root, keys[i]);
    printf("height %d\n", height(root));
    /* Forgets the tree: the root (24 bytes) is definitely lost, the 7 nodes below it
       (7 * 24 = 168 bytes) are indirectly lost. */
    root = NULL;
    char *lost = malloc(10);
    lost = malloc(20); /* the first 10 bytes are definitely lost */
    free(lost);
    return 0;
}
