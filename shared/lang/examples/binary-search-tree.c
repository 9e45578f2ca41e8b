#include <stdio.h>
#include <stdlib.h>

struct tree {
    int key;
    struct tree *left, *right;
};

struct tree *insert(struct tree *t, int key) {
    if (t == NULL) {
        t = malloc(sizeof(struct tree));
        t->key = key;
        t->left = t->right = NULL;
    } else if (key < t->key) {
        t->left = insert(t->left, key);
    } else if (key > t->key) {
        t->right = insert(t->right, key);
    }
    return t;
}

void in_order(struct tree *t) {
    if (!t)
        return;
    in_order(t->left);
    printf("%d ", t->key);
    in_order(t->right);
}

int height(struct tree *t) {
    if (!t)
        return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

int contains(struct tree *t, int key) {
    while (t) {
        if (key == t->key)
            return 1;
        t = key < t->key ? t->left : t->right;
    }
    return 0;
}

void destroy(struct tree *t) {
    if (!t)
        return;
    destroy(t->left);
    destroy(t->right);
    free(t);
}

int main(void) {
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 35, 45, 65};
    struct tree *root = NULL;
    for (int i = 0; i < 10; i++)
        root = insert(root, keys[i]);
    in_order(root);
    printf("\nheight %d\n", height(root));
    printf("contains 45: %d, contains 55: %d\n", contains(root, 45), contains(root, 55));
    destroy(root);
    return 0;
}
