/* Globals whose initializer is an address other than a literal: `greeting + 3` and `&hidden`
   go to .data.rel.local as `&x` does, and that section starts aligned for its widest object. */
#include <stdio.h>
int counts[5] = {1, 2};
char greeting[] = "hi there";
char *gp = greeting + 3;
struct cfg { int id; const char *name; double w; } cfgs[] = {{1, "a", 0.5}, {2, "bb"}, [3] = {.name = "d", .id = 4}};
static int hidden = 9;
int *ptr_to_hidden = &hidden;
long big[1000];
int main(void) {
    printf("counts %p greeting %p hidden %p\n", (void *)counts, (void *)greeting, (void *)&hidden);
    printf("gp %p cfgs %p ptr_to_hidden %p\n", (void *)&gp, (void *)cfgs, (void *)&ptr_to_hidden);
    printf("big %p\n", (void *)big);
    return 0;
}
