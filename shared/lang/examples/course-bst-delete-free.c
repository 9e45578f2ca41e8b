/* A binary search tree: insert, traverse, height, delete, free everything. K&R 6.5 style. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct tnode { char *word; int count; struct tnode *left, *right; };
struct tnode *talloc(void) { return malloc(sizeof(struct tnode)); }
char *dupstr(const char *s) { char *p = malloc(strlen(s) + 1); if (p) strcpy(p, s); return p; }
struct tnode *addtree(struct tnode *p, const char *w) {
    int cond;
    if (p == NULL) { p = talloc(); p->word = dupstr(w); p->count = 1; p->left = p->right = NULL; }
    else if ((cond = strcmp(w, p->word)) == 0) p->count++;
    else if (cond < 0) p->left = addtree(p->left, w);
    else p->right = addtree(p->right, w);
    return p;
}
void treeprint(struct tnode *p) { if (p) { treeprint(p->left); printf("%4d %s\n", p->count, p->word); treeprint(p->right); } }
int height(struct tnode *p) { if (!p) return 0; int l = height(p->left), r = height(p->right); return 1 + (l > r ? l : r); }
void freetree(struct tnode *p) { if (!p) return; freetree(p->left); freetree(p->right); free(p->word); free(p); }
struct tnode *minnode(struct tnode *p) { while (p->left) p = p->left; return p; }
struct tnode *delete(struct tnode *root, const char *w) {
    if (!root) return NULL;
    int c = strcmp(w, root->word);
    if (c < 0) root->left = delete(root->left, w);
    else if (c > 0) root->right = delete(root->right, w);
    else {
        if (!root->left || !root->right) {
            struct tnode *child = root->left ? root->left : root->right;
            free(root->word); free(root);
            return child;
        }
        struct tnode *m = minnode(root->right);
        free(root->word);
        root->word = dupstr(m->word);
        root->count = m->count;
        root->right = delete(root->right, m->word);
    }
    return root;
}
int main(void) {
    const char *text[] = {"now", "is", "the", "time", "for", "all", "good", "men", "to", "come", "to", "the", "aid", "of", "the", "party"};
    struct tnode *root = NULL;
    for (int i = 0; i < 16; i++) root = addtree(root, text[i]);
    treeprint(root);
    printf("height %d\n", height(root));
    root = delete(root, "the");
    root = delete(root, "now");
    root = delete(root, "zzz");
    treeprint(root);
    printf("height %d\n", height(root));
    freetree(root);
    return 0;
}
