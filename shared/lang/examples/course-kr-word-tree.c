#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct tnode { char *word; int count; struct tnode *left, *right; };
struct tnode *addtree(struct tnode *p, char *w) {
  int cond;
  if (p == NULL) { p = malloc(sizeof(struct tnode)); p->word = strdup(w); p->count = 1; p->left = p->right = NULL; }
  else if ((cond = strcmp(w, p->word)) == 0) p->count++;
  else if (cond < 0) p->left = addtree(p->left, w);
  else p->right = addtree(p->right, w);
  return p;
}
void treeprint(struct tnode *p) { if (p != NULL) { treeprint(p->left); printf("%4d %s\n", p->count, p->word); treeprint(p->right); } }
int height(struct tnode *p) { if (!p) return 0; int l = height(p->left), r = height(p->right); return 1 + (l > r ? l : r); }
void freetree(struct tnode *p) { if (p) { freetree(p->left); freetree(p->right); free(p->word); free(p); } }
int main(void) {
  char text[] = "now is the time for all good men to come to the aid of their party the end";
  struct tnode *root = NULL;
  for (char *w = strtok(text, " "); w; w = strtok(NULL, " ")) root = addtree(root, w);
  treeprint(root);
  printf("height %d\n", height(root));
  freetree(root);
  return 0;
}
